"""The URLconf with two pages more and no row for either: the matrix's coverage check must
name both (tests/test_role_matrix.py)."""

from django.http import HttpResponse
from django.urls import include, path


def _page(request, **kwargs):
    return HttpResponse("family data")


urlpatterns = [
    path("extra/report/", _page, name="extra_report"),
    path("extra/", include(([path("<uuid:family_id>/", _page, name="page")], "extra"))),
    path("", include("familieplan.urls")),
]

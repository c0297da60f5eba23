"""No URL is reachable without login unless it is on the explicit allow-list."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path

from tests.urlwalk import routes, unprotected

# Views that must work before login. Keep this list short and justify each entry.
ALLOWED_WITHOUT_LOGIN = {
    "accounts:login",  # the login page itself
    "accounts:family_login",  # the family's entrance
    "accounts:password_reset",  # asking for a reset link
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",  # the emailed link (token checked by Django)
    "accounts:password_reset_complete",
    "accounts:oidc_start",  # ID-porten login (404 while it is not configured)
    "accounts:oidc_callback",  # ID-porten's answer (state, nonce and signature checked)
    "core:set_language",  # choose language on the login page (POST only)
    "core:health",  # load balancer check; reveals nothing
    "meetings:feed",  # calendar subscription: its secret token is the key; times and links only
    "portal:economy_feed",  # payment-day subscription: its secret token is the key; dates and words
    "admin:login",  # the admin's own login page
    "admin:logout",
    "admin:jsi18n",  # the admin's translation catalogue (static text)
}


@pytest.mark.django_db
def test_every_url_needs_login(client):
    assert len(routes()) > 20, "the walk found too few routes to be meaningful"
    assert unprotected(client, ALLOWED_WITHOUT_LOGIN) == []


@login_not_required
def _leaky_view(request, family_id):
    return HttpResponse("family data")


urlpatterns = [
    path("leak/<uuid:family_id>/", _leaky_view, name="leak"),
    path("", include("familieplan.urls")),
]


@pytest.mark.django_db
def test_walk_catches_an_unprotected_view(client, settings):
    settings.ROOT_URLCONF = __name__
    problems = unprotected(client, ALLOWED_WITHOUT_LOGIN)
    assert len(problems) == 1
    assert problems[0].startswith("/leak/") and "200" in problems[0]


@pytest.mark.django_db
def test_allow_listed_views_answer_without_login(client):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/health/").json() == {"status": "ok"}
    assert client.get("/families/").status_code == 302

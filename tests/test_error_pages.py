"""Errors answer in the user's language with no details: no traceback, no identity number."""

import pytest
from django.test import Client
from django.urls import include, path


def _boom(request):
    raise RuntimeError("secret detail 01018532200")


urlpatterns = [path("boom/", _boom), path("", include("familieplan.urls"))]
handler500 = "familieplan.core.views.errors.server_error"  # as in familieplan/urls.py


def test_project_urlconf_names_the_error_handlers():
    from familieplan import urls

    assert urls.handler500 == handler500
    assert urls.handler404.endswith("page_not_found")


@pytest.mark.django_db
def test_server_error_page_shows_no_details(settings, world):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(world.coordinator)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Noe gikk galt" in body
    assert "Traceback" not in body and "secret detail" not in body and "01018532200" not in body


def test_not_found_and_forbidden_pages_are_plain_and_in_norwegian(client, world):
    client.force_login(world.coordinator)
    missing = client.get("/does-not-exist/")
    assert missing.status_code == 404
    assert "Siden finnes ikke, eller du har ikke tilgang til den." in missing.content.decode()
    denied = client.get("/access-log/")
    assert denied.status_code == 403
    assert "Du har ikke tilgang til å gjøre dette." in denied.content.decode()

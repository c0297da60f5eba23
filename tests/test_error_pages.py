"""Errors answer in the user's language with no details: no traceback, no identity number."""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

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


ROOT = Path(__file__).resolve().parent.parent


def demo_environment(*make_args: str) -> dict[str, str]:
    """The environment `make demo` serves with, read from its dry run (`make -n demo`)."""
    out = subprocess.run(
        [shutil.which("make") or "make", "-n", "demo", *make_args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if "demo-serve" in line)
    env = {}
    for token in shlex.split(line.lstrip("@")):
        if "=" not in token:
            break
        key, value = token.split("=", 1)
        env[key] = value
    return env


_DEMO_REQUESTS = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1:8123")
missing = client.get("/does-not-exist/")
print("STATUS", missing.status_code)
print("STATIC", client.get("/static/familieplan/site.css").status_code)
print(missing.content.decode())
"""


@pytest.mark.one_database
def test_the_demo_shows_our_own_not_found_page_in_bokmal_not_the_technical_one(tmp_path):
    demo = demo_environment("PORT=8123")
    assert demo["FAMILIEPLAN_DEMO"] == "true"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FAMILIEPLAN_", "DATABASE_URL"))
    }
    env.update(demo)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"  # not the real demo database
    env["DJANGO_SETTINGS_MODULE"] = "familieplan.settings"
    result = subprocess.run(
        [sys.executable, "-c", _DEMO_REQUESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    out = result.stdout
    assert "STATUS 404" in out
    assert "Siden finnes ikke, eller du har ikke tilgang til den." in out
    assert '<html lang="nb"' in out
    assert "Using the URLconf" not in out and "DEBUG = True" not in out
    assert "STATIC 200" in out  # static files are still served with debug off

"""The idle warning (templates/includes/idle_dialog.html, static/familieplan/idle.js), through
HTTP: every logged-in page tells the script how long the session lasts without a request and
when to warn (the settings, so a test can make them short), and «Fortsett å være innlogget»
starts the session's time again; after the session ended it keeps nothing and saves nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from familieplan.core.kept_forms import SESSION_KEY


def _body_tag(html: str) -> str:
    return re.search(r"<body[^>]*>", html).group(0)


def test_a_logged_in_page_carries_the_timing_and_the_dialog(client, world):
    client.force_login(world.coordinator)
    html = client.get("/").content.decode()
    body = _body_tag(html)
    assert 'data-idle-seconds="1800"' in body
    assert 'data-idle-warning-seconds="120"' in body
    assert 'data-keep-alive-url="/session/keep-alive/"' in body
    assert 'id="idle-dialog"' in html
    assert "Du blir logget ut om 2 minutter" in html
    assert "Fortsett å være innlogget" in html


@override_settings(SESSION_COOKIE_AGE=8, SESSION_IDLE_WARNING_SECONDS=30)
def test_the_timing_follows_the_settings_and_never_warns_before_the_session_began(client, world):
    client.force_login(world.coordinator)
    html = client.get("/").content.decode()
    body = _body_tag(html)
    assert 'data-idle-seconds="8"' in body and 'data-idle-warning-seconds="8"' in body
    assert "Du blir logget ut om 1 minutt" in html


def test_the_login_page_has_no_warning(client):
    html = client.get("/accounts/login/").content.decode()
    assert "data-idle-seconds" not in _body_tag(html) and 'id="idle-dialog"' not in html


def test_the_family_member_gets_it_too(client, world):
    client.force_login(world.family_member)
    html = client.get("/family/", follow=True).content.decode()
    assert "data-idle-seconds" in _body_tag(html) and 'id="idle-dialog"' in html


def test_staying_logged_in_starts_the_sessions_time_again(world):
    browser = Client()
    browser.force_login(world.coordinator)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        assert browser.post("/session/keep-alive/").status_code == 204
    # 50 minutes after the last page, 22 after the button: still logged in.
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert browser.get("/").status_code == 200
    # Without the button it would have ended.
    other = Client()
    other.force_login(world.colleague)
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert other.get("/").status_code == 302


def test_after_the_session_ended_the_button_keeps_and_saves_nothing(world):
    browser = Client()
    browser.force_login(world.coordinator)
    browser.get("/")
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        answer = browser.post("/session/keep-alive/")
        assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
        assert SESSION_KEY not in browser.session
        assert browser.get("/").status_code == 302  # still logged out


def test_the_button_is_a_post(client, world):
    client.force_login(world.coordinator)
    assert client.get("/session/keep-alive/").status_code == 405

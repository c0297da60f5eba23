"""A form sent after the session ended (30 minutes without a request) is not lost: after the
login the person is back on the form with what they typed, and a message; nothing is saved
until they press the button again. Someone else logging in on the same browser never sees
it. Through the real login, with CSRF checks on, a session that really expired (the clock
moved past its end) and the redirects a browser follows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from familieplan.journal.models import Note
from tests.factories import TEST_PASSWORD
from tests.partners.conftest import shared  # noqa: F401

TEXT = "Langt notat om hjemmebesøket, skrevet i over en halvtime."
KEPT = "Teksten du skrev er tatt vare på"
IDLE = timedelta(minutes=31)


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def _log_in(client, username, *, page=None, follow=True):
    page = page or client.get("/accounts/login/")
    return client.post(
        page.request["PATH_INFO"] + "?" + page.request.get("QUERY_STRING", ""),
        {
            "csrfmiddlewaretoken": _csrf(page.content.decode()),
            "username": username,
            "password": TEST_PASSWORD,
        },
        follow=follow,
    )


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def _type_a_note_and_wait(browser, world, *, wait=IDLE):
    """Log in, open the note form, let the session end, send the form: the login page."""
    _log_in(browser, world.coordinator.username)
    url = f"/journal/{world.family_a.pk}/notes/new/"
    form = browser.get(url).content.decode()
    data = {
        "csrfmiddlewaretoken": _csrf(form),
        "submit_token": _hidden(form, "submit_token"),
        "level": "restricted",  # not the form's default: it must come back too
        "text": TEXT,
    }
    traveller = time_machine.travel(timezone.now() + wait, tick=False)
    traveller.start()
    response = browser.post(url, data, follow=True)
    return url, response, traveller


def test_a_note_sent_after_the_session_ended_is_back_in_the_form_after_login(browser, world):
    url, login_page, traveller = _type_a_note_and_wait(browser, world)
    try:
        assert login_page.redirect_chain[-1][0].startswith("/accounts/login/?next=")
        assert "Logg inn igjen, så får du tilbake det du skrev" in login_page.content.decode()
        assert Note.objects.count() == 0

        back = _log_in(browser, world.coordinator.username, page=login_page)
        assert back.redirect_chain[-1][0] == url
        body = back.content.decode()
        assert TEXT in body and KEPT in body
        assert re.search(r'value="restricted"[^>]* checked', body)
        assert Note.objects.count() == 0  # nothing saved by itself

        again = browser.get(url).content.decode()
        assert TEXT not in again  # used once
        saved = browser.post(url, {"csrfmiddlewaretoken": _csrf(body), **_fields(body)})
        assert saved.status_code == 302
        assert Note.objects.get().text == TEXT
    finally:
        traveller.stop()


def _fields(body: str) -> dict:
    return {
        "submit_token": _hidden(body, "submit_token"),
        "level": "restricted",
        "text": re.search(r"<textarea[^>]*>\s*(.*?)</textarea>", body, re.S).group(1).strip(),
    }


def test_someone_else_logging_in_on_the_browser_never_sees_it(browser, world):
    url, login_page, traveller = _type_a_note_and_wait(browser, world)
    try:
        other = _log_in(browser, world.team_lead.username, page=login_page)
        assert other.redirect_chain[-1][0] == url  # the team lead may write notes here too
        body = other.content.decode()
        assert TEXT not in body and KEPT not in body
        browser.post("/accounts/logout/", {"csrfmiddlewaretoken": _csrf(body)})
        # The owner comes back: the text was dropped when someone else logged in.
        page = _log_in(browser, world.coordinator.username)
        assert TEXT not in browser.get(url).content.decode()
        assert page.status_code == 200
    finally:
        traveller.stop()


def test_a_form_sent_after_logging_out_is_not_kept(browser, world):
    _log_in(browser, world.coordinator.username)
    url = f"/journal/{world.family_a.pk}/notes/new/"
    form = browser.get(url).content.decode()
    browser.post("/accounts/logout/", {"csrfmiddlewaretoken": _csrf(form)})
    page = browser.get("/accounts/login/")
    response = browser.post(
        url, {"csrfmiddlewaretoken": _csrf(page.content.decode()), "text": TEXT}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    back = _log_in(browser, world.coordinator.username, page=response)
    assert TEXT not in back.content.decode()


def test_kept_text_waits_a_short_while_only(browser, world):
    url, login_page, traveller = _type_a_note_and_wait(browser, world)
    traveller.stop()
    later = time_machine.travel(timezone.now() + IDLE + timedelta(minutes=25), tick=False)
    with later:
        back = _log_in(browser, world.coordinator.username, page=login_page)
        assert back.redirect_chain[-1][0] == url
        assert TEXT not in back.content.decode()


def test_an_edit_kept_over_the_login_still_meets_the_version_check(browser, world):
    """The kept form carries the version it was made from: a change saved by a colleague
    while this person was logged out is shown, not overwritten."""
    from tests.factories import make_member

    member = make_member(family=world.family_a, first_name="Mona")
    _log_in(browser, world.coordinator.username)
    url = f"/families/{world.family_a.pk}/members/{member.pk}/"
    form = browser.get(url).content.decode()
    data = {
        "csrfmiddlewaretoken": _csrf(form),
        "version": _hidden(form, "version"),
        "submit_token": _hidden(form, "submit_token"),
        "role": "parent",
        "first_name": "Mona Lisa",
        "last_name": member.last_name,
        "birth_date": "1985-05-17",
    }
    with time_machine.travel(timezone.now() + IDLE, tick=False):
        login_page = browser.post(url, data, follow=True)
        member.first_name, member.phone = "Monica", "91234567"
        member.version += 1
        member.save()
        back = _log_in(browser, world.coordinator.username, page=login_page)
        body = back.content.decode()
        assert "Mona Lisa" in body and KEPT in body
        again = browser.post(url, {**data, "csrfmiddlewaretoken": _csrf(body)})
        text = again.content.decode()
        assert again.status_code == 200
        assert "Noen andre har lagret en endring" in text and "Monica" in text
        assert "Mona Lisa" in text  # what this person typed is still in the form
        member.refresh_from_db()
        assert member.first_name == "Monica"


def test_a_decision_typed_on_the_meeting_page_comes_back_on_that_page(browser, world, shared):  # noqa: F811
    """The decision form sits on the meeting page and posts to an action of its own: the
    login leads back to the meeting page (where the browser says the form was)."""
    from familieplan.meetings import services
    from familieplan.meetings.models import Decision

    now = timezone.now()
    meeting = services.meeting_schedule(
        family=shared.family,
        by=world.coordinator,
        kind="cooperation",
        starts_at=now - timedelta(days=1),
        ends_at=now - timedelta(days=1) + timedelta(hours=1),
        held=True,
        invitees=[],
    )
    services.minutes_record(
        meeting=meeting, by=world.coordinator, expected_sequence=0, minutes="Ok.", attended=set()
    )
    _log_in(browser, world.coordinator.username)
    page = f"/meetings/{shared.family.pk}/{meeting.pk}/"
    html = browser.get(page).content.decode()
    data = {"csrfmiddlewaretoken": _csrf(html), "text": "Skolen ringer mor innen fredag."}
    with time_machine.travel(timezone.now() + IDLE, tick=False):
        login_page = browser.post(
            page + "decisions/new/", data, follow=True, HTTP_REFERER=f"http://testserver{page}"
        )
        back = _log_in(browser, world.coordinator.username, page=login_page)
        assert back.redirect_chain[-1][0] == page
        assert "Skolen ringer mor innen fredag." in back.content.decode()
        assert not Decision.objects.exists()

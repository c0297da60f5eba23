"""A quick note sent after the session ended is saved once its owner has logged in again
(core/kept_forms.py `replayed_after_login`), with a message saying so; and only then. Through
the real login with CSRF checks on, as a browser would: the session row deleted on the server
(or the clock past its end), the htmx request told to load the login page as a whole page.

What must not happen: someone else logging in on the browser gets the note saved (or sees
it); it is saved after `KEEP_SECONDS`; it is saved twice; a forged request is kept; a bad note
is half saved; the return address leads off the site; a draft the script sends after the
session ended overwrites the kept note."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from familieplan.core.concurrency import ALREADY_SAVED
from familieplan.core.kept_forms import KEEP_SECONDS, SESSION_KEY
from familieplan.core.models import Draft
from familieplan.journal.models import Contact, Note
from tests.factories import TEST_PASSWORD, make_member

TEXT = "Ringte mor. Hun vil ha møte med skolen før jul."
SAVED_AFTER_LOGIN = "Notatet ditt ble lagret etter at du logget inn igjen."
WILL_BE_SAVED = "Logg inn igjen, så blir det du skrev lagret."
HTMX = {"HTTP_HX_REQUEST": "true"}
CASELOAD = "/families/?scope=mine"


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _token(html: str) -> str:
    return re.search(r'name="submit_token" value="([^"]+)"', html).group(1)


def _url(family) -> str:
    return f"/journal/{family.pk}/quick-note/"


def _log_in(browser, username: str, *, next_url: str = ""):
    """The login form, as a person fills it in (the address it was sent to, with `next`)."""
    path = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    page = browser.get(path)
    return browser.post(
        path,
        {
            "csrfmiddlewaretoken": _csrf(page.content.decode()),
            "username": username,
            "password": TEST_PASSWORD,
        },
        follow=True,
    )


def _log_out(browser) -> None:
    page = browser.get("/").content.decode()
    browser.post("/accounts/logout/", {"csrfmiddlewaretoken": _csrf(page)})


def _session_ends() -> None:
    """The session ends on the server, as after 30 minutes without a request."""
    Session.objects.all().delete()


@pytest.fixture
def family(world):
    make_member(family=world.family_a, first_name="Mona")
    return world.family_a


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def _open_quick_note(browser, world, family, *, username=None) -> dict:
    """Log in, open the quick note in place from the caseload, fill it in: the POST data."""
    _log_in(browser, username or world.coordinator.username)
    browser.get(CASELOAD)
    fragment = browser.get(_url(family), HTTP_HX_CURRENT_URL=f"http://testserver{CASELOAD}", **HTMX)
    html = fragment.content.decode()
    return {
        "csrfmiddlewaretoken": _csrf(html),
        "submit_token": _token(html),
        "kind": "phone",
        "day": timezone.localdate().isoformat(),
        "text": TEXT,
        "minutes": "15",
    }


def _send_in_place(browser, family, data):
    """«Lagre notatet» in the form opened in place on the caseload (htmx)."""
    return browser.post(
        _url(family),
        data,
        HTTP_REFERER=f"http://testserver{CASELOAD}",
        HTTP_HX_CURRENT_URL=f"http://testserver{CASELOAD}",
        **HTMX,
    )


def test_sent_in_place_after_the_session_ended_it_is_saved_after_the_login(browser, world, family):
    data = _open_quick_note(browser, world, family)
    _session_ends()
    answer = _send_in_place(browser, family, data)
    # htmx is told to load the login page as a whole page, never inside the form's place.
    assert answer.status_code == 200
    assert answer["HX-Redirect"] == f"/accounts/login/?next={_url(family)}"
    login_page = browser.get(answer["HX-Redirect"]).content.decode()
    assert WILL_BE_SAVED in login_page
    assert not Contact.objects.exists()

    back = _log_in(browser, world.coordinator.username, next_url=_url(family))
    # Saved, and back on the caseload the form was opened on, with a message saying so.
    assert back.redirect_chain[-1][0] == CASELOAD
    assert SAVED_AFTER_LOGIN in back.content.decode()
    contact = Contact.objects.get()
    assert (contact.family, contact.minutes, contact.kind) == (family, 15, "phone")
    assert Note.objects.get().text == TEXT
    assert Note.objects.get().author == world.coordinator
    # Used once: opening the quick note again shows an empty form and saves nothing more.
    again = browser.get(_url(family)).content.decode()
    assert TEXT not in again
    assert Contact.objects.count() == 1


def test_sent_from_its_own_page_it_leads_to_the_family_page(browser, world, family):
    _log_in(browser, world.coordinator.username)
    page = browser.get(_url(family)).content.decode()
    data = {
        "csrfmiddlewaretoken": _csrf(page),
        "submit_token": _token(page),
        "kind": "home_visit",
        "day": timezone.localdate().isoformat(),
        "text": TEXT,
        "minutes": "40",
    }
    _session_ends()
    login_page = browser.post(_url(family), data, follow=True)
    assert login_page.redirect_chain[-1][0] == f"/accounts/login/?next={_url(family)}"
    back = _log_in(browser, world.coordinator.username, next_url=_url(family))
    assert back.redirect_chain[-1][0] == f"/families/{family.pk}/"
    assert SAVED_AFTER_LOGIN in back.content.decode()
    assert Contact.objects.get().kind == "home_visit"


def test_someone_else_logging_in_on_the_browser_gets_nothing_saved(browser, world, family):
    """A shared phone: the team lead (who may write notes for the family) logs in next."""
    data = _open_quick_note(browser, world, family)
    _session_ends()
    _send_in_place(browser, family, data)
    other = _log_in(browser, world.team_lead.username, next_url=_url(family))
    assert other.redirect_chain[-1][0] == _url(family)
    body = other.content.decode()
    assert TEXT not in body and SAVED_AFTER_LOGIN not in body
    assert SESSION_KEY not in browser.session
    assert not Contact.objects.exists()
    # Dropped for good: the owner coming back afterwards finds nothing saved either.
    _log_out(browser)
    back = _log_in(browser, world.coordinator.username, next_url=_url(family))
    assert SAVED_AFTER_LOGIN not in back.content.decode()
    assert not Contact.objects.exists() and not Note.objects.exists()


def test_after_keep_seconds_nothing_is_saved_but_the_draft_is_offered(browser, world, family):
    data = _open_quick_note(browser, world, family)
    # What drafts.js saved while it was typed.
    draft = browser.post(
        f"/drafts/journal.quick_note/{family.pk}/",
        json.dumps({"fields": {"text": TEXT, "minutes": "15"}, "token": data["submit_token"]}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=data["csrfmiddlewaretoken"],
    )
    assert draft.status_code == 204
    _session_ends()
    _send_in_place(browser, family, data)
    later = timezone.now() + timedelta(seconds=KEEP_SECONDS + 60)
    with time_machine.travel(later, tick=False):
        back = _log_in(browser, world.coordinator.username, next_url=_url(family))
        assert back.redirect_chain[-1][0] == _url(family)
        body = back.content.decode()
        assert not Contact.objects.exists()
        assert SAVED_AFTER_LOGIN not in body
        # Not lost: the draft fills the form, with a note saying so.
        assert TEXT in body and "Utkast lagret" in body


def test_a_note_already_saved_is_not_saved_twice(browser, world, family):
    """The first press went through; the same form (its token) sent again after the session
    ended shows the first record."""
    data = _open_quick_note(browser, world, family)
    assert _send_in_place(browser, family, data).status_code == 302
    _session_ends()
    _send_in_place(browser, family, data)
    back = _log_in(browser, world.coordinator.username, next_url=_url(family))
    assert str(ALREADY_SAVED) in back.content.decode()
    assert Contact.objects.count() == 1 and Note.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "  "}, "Skriv notatet."),
        ({"day": "tomorrow"}, "Datoen kan ikke være fram i tid."),
        ({"minutes": "0"}, "Varigheten må være minst 1 minutt."),
    ],
)
def test_a_bad_note_comes_back_with_its_errors_and_nothing_is_saved(
    browser, world, family, changes, message
):
    data = _open_quick_note(browser, world, family)
    if changes.get("day") == "tomorrow":
        changes = {"day": (timezone.localdate() + timedelta(days=1)).isoformat()}
    data.update(changes)
    _session_ends()
    _send_in_place(browser, family, data)
    back = _log_in(browser, world.coordinator.username, next_url=_url(family))
    body = back.content.decode()
    assert back.status_code == 200 and back.redirect_chain[-1][0] == _url(family)
    assert message in body
    assert "Du ble logget ut før notatet ble lagret, og noe må rettes." in body
    assert 'name="minutes"' in body and "<main" in body  # the whole page, with the form
    if "text" not in changes:
        assert TEXT in body  # what was typed is in the form
    assert not Contact.objects.exists() and not Note.objects.exists()


def test_a_forged_request_is_refused_and_not_kept(browser, world, family):
    """Without the CSRF token (another site's form): refused before anything is kept."""
    data = _open_quick_note(browser, world, family)
    del data["csrfmiddlewaretoken"]
    _session_ends()
    forged = browser.post(_url(family), data, HTTP_REFERER="https://evil.example/")
    assert forged.status_code == 403
    _log_in(browser, world.coordinator.username, next_url=_url(family))
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "referer",
    [
        "http://testserver//evil.example/x",
        "http://testserver/\\evil.example/x",
        "https://evil.example/families/",
    ],
)
def test_the_page_to_return_to_is_always_on_this_site(browser, world, family, referer):
    data = _open_quick_note(browser, world, family)
    _session_ends()
    browser.post(_url(family), data, HTTP_REFERER=referer)
    _log_in(browser, world.coordinator.username)
    back = browser.get(_url(family))
    assert back.status_code == 302
    location = back["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil" not in location
    assert Contact.objects.count() == 1


def test_a_draft_sent_after_the_session_ended_does_not_replace_the_kept_note(
    browser, world, family
):
    data = _open_quick_note(browser, world, family)
    _session_ends()
    _send_in_place(browser, family, data)
    # The tab is left: drafts.js sends what is in the form, without a session.
    late = browser.post(
        f"/drafts/journal.quick_note/{family.pk}/",
        json.dumps({"fields": {"text": "Noe annet."}}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=data["csrfmiddlewaretoken"],
    )
    assert late.status_code == 302 and late["Location"].startswith("/accounts/login/")
    assert not Draft.objects.exists()
    _log_in(browser, world.coordinator.username, next_url=_url(family))
    assert Note.objects.get().text == TEXT


def test_opening_it_in_place_after_the_session_ended_loads_the_login_page(browser, world, family):
    _log_in(browser, world.coordinator.username)
    _session_ends()
    answer = browser.get(_url(family), HTTP_HX_CURRENT_URL=f"http://testserver{CASELOAD}", **HTMX)
    assert answer.status_code == 200
    assert answer["HX-Redirect"] == "/accounts/login/?next=/families/%3Fscope%3Dmine"
    elsewhere = browser.get(
        _url(family), HTTP_HX_CURRENT_URL="https://evil.example/families/", **HTMX
    )
    assert elsewhere["HX-Redirect"] == f"/accounts/login/?next={_url(family)}"

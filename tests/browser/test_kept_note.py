"""A note typed while the session ran out, in a real browser: the coordinator opens the note
form, the session expires on the server (30 minutes without a request), «Lagre notatet»
leads to the login page with a message, and after logging in the form is back with the text
and the chosen level, saved only when pressed again. Axe on the login page and the form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from familieplan.journal.models import Note
from tests.browser.helpers import check_axe, login, make_family_with_goal
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

TEXT = "Kari fortalte om flyttingen. Barna har fått plass på den nye skolen fra august."


@pytest.fixture
def family(transactional_db):
    return make_family_with_goal()


def test_a_note_typed_while_the_session_ran_out_is_back_after_login(page, live_server, family):
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto(f"{live_server.url}/journal/{family.pk}/notes/new/")
    page.get_by_label("Internt (bare ansatte)").check()
    page.locator("textarea[name=text]").fill(TEXT)
    # The session ends on the server, as after 30 minutes without a request.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    page.get_by_role("button", name="Lagre notatet").click()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    expect(page.get_by_text("Logg inn igjen, så får du tilbake det du skrev")).to_be_visible()
    check_axe(page)
    assert not Note.objects.exists()

    page.get_by_label("Brukernavn").fill("koordinator")
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/journal/{family.pk}/notes/new/")
    expect(page.get_by_text("Teksten du skrev er tatt vare på")).to_be_visible()
    expect(page.locator("textarea[name=text]")).to_have_value(TEXT)
    expect(page.get_by_label("Internt (bare ansatte)")).to_be_checked()
    check_axe(page)
    assert not Note.objects.exists()  # nothing saved by itself

    page.get_by_role("button", name="Lagre notatet").click()
    page.wait_for_load_state()
    assert Note.objects.get().text == TEXT

"""The quick note in a real browser. A coordinator opens it from the caseload row (in place,
htmx), types a note, the session ends on the server, «Lagre notatet» leads to the login page,
and after logging in again the note is saved, back on the caseload with a message saying so.
What is typed is saved as a draft while typing (a reload brings it back with «Utkast lagret
…»), and the draft goes when the note is saved. The idle warning comes before the session
ends (the timing made short through the settings the page reads) and «Fortsett å være
innlogget» keeps the session. Axe on the quick note at 1366 px and at 360 px."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from familieplan.core.models import Draft
from familieplan.journal.models import Contact, Note
from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_axe,
    login,
    make_family_with_goal,
)
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 800}
PHONE = {"width": 360, "height": 740}
#: The note's text field («Notat (må fylles ut)»), not the region named «Hurtignotat: …».
NOTE = re.compile(r"^Notat")
TEXT = "Ringte Kari om skolestarten. Hun ønsker et møte med skolen før høstferien."


@pytest.fixture
def family(transactional_db):
    return make_family_with_goal()


def _log_in_again(page) -> None:
    page.get_by_label("Brukernavn").fill("koordinator")
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def test_a_note_typed_in_place_is_saved_after_the_session_ran_out(new_page, live_server, family):
    page = new_page(WIDE)
    login(page, live_server, "koordinator", TEST_PASSWORD)
    caseload = f"{live_server.url}/families/?scope=mine"
    page.goto(caseload)
    page.get_by_role("link", name="Hurtignotat – Familien Lund").click()
    # In place: the form opens under the row, the page stays the caseload.
    inline = page.locator(f"#inline-{family.pk}")
    expect(inline.get_by_role("heading", name="Hurtignotat: Familien Lund")).to_be_visible()
    assert page.url == caseload
    check_axe(page)
    inline.get_by_role("textbox", name=NOTE).fill(TEXT)
    inline.get_by_label("Minutter brukt").fill("20")
    # The session ends on the server, as after 30 minutes without a request.
    Session.objects.all().delete()

    inline.get_by_role("button", name="Lagre notatet").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("Logg inn igjen, så blir det du skrev lagret.")).to_be_visible()
    assert not Contact.objects.exists()

    _log_in_again(page)
    page.wait_for_url(caseload)
    expect(
        page.get_by_text("Notatet ditt ble lagret etter at du logget inn igjen.")
    ).to_be_visible()
    check_axe(page)
    note = Note.objects.get()
    assert note.text == TEXT and note.contact.minutes == 20
    assert Contact.objects.count() == 1
    assert not Draft.objects.exists()


def test_a_draft_is_saved_while_typing_and_goes_when_the_note_is_saved(
    new_page, live_server, family
):
    page = new_page(WIDE)
    login(page, live_server, "koordinator", TEST_PASSWORD)
    url = f"{live_server.url}/journal/{family.pk}/quick-note/"
    page.goto(url)
    form = page.locator("form[data-draft-url]")
    page.get_by_role("textbox", name=NOTE).fill(TEXT)
    page.get_by_label("Minutter brukt").fill("15")
    # A moment after typing stops, the script has saved the draft on the server.
    expect(form).to_have_attribute("data-draft-saved", re.compile(r"^\d+$"), timeout=15_000)
    assert TEXT in Draft.objects.get().data["text"]

    page.reload()
    expect(
        page.get_by_text(re.compile(r"Utkast lagret kl\. \d\d:\d\d er hentet inn\."))
    ).to_be_visible()
    expect(page.get_by_role("textbox", name=NOTE)).to_have_value(TEXT)
    expect(page.get_by_label("Minutter brukt")).to_have_value("15")
    check_axe(page)

    page.get_by_role("button", name="Lagre notatet").click()
    # The form answers in its place (htmx) with what was saved.
    expect(page.get_by_text("Notatet er lagret.")).to_be_visible()
    expect(page.get_by_role("link", name="Se notatet i oppfølgingen")).to_be_visible()
    assert Note.objects.get().text == TEXT
    assert not Draft.objects.exists()
    page.goto(url)
    expect(page.get_by_role("textbox", name=NOTE)).to_have_value("")
    expect(page.get_by_text("Utkast lagret")).to_have_count(0)


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "360"])
def test_the_quick_note_passes_axe(new_page, live_server, family, viewport):
    page = new_page(viewport)
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto(f"{live_server.url}/journal/{family.pk}/quick-note/")
    expect(page.get_by_role("heading", name="Hurtignotat: Familien Lund")).to_be_visible()
    check_axe(page)
    assert_no_horizontal_scroll(page)
    # With its errors (nothing typed), and from the family page in place.
    page.get_by_role("button", name="Lagre notatet").click()
    expect(page.get_by_text("Skriv notatet.").first).to_be_visible()
    check_axe(page)
    assert_no_horizontal_scroll(page)
    page.goto(f"{live_server.url}/families/{family.pk}/")
    page.get_by_role("link", name="Hurtignotat").click()
    expect(page.locator("#family-inline").get_by_role("textbox", name=NOTE)).to_be_visible()
    check_axe(page)
    assert_no_horizontal_scroll(page)


def test_the_idle_warning_comes_and_staying_logged_in_keeps_the_session(
    new_page, live_server, family, settings
):
    # A session of 30 seconds, warned 25 seconds before it ends: the dialog after 5 seconds.
    settings.SESSION_COOKIE_AGE = 30
    settings.SESSION_IDLE_WARNING_SECONDS = 25
    page = new_page(WIDE)
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto(f"{live_server.url}/journal/{family.pk}/quick-note/")
    assert page.locator("body").get_attribute("data-idle-seconds") == "30"
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=15_000)
    expect(dialog.get_by_role("heading", name="Du blir logget ut om 1 minutt")).to_be_visible()
    keep = dialog.get_by_role("button", name="Fortsett å være innlogget")
    expect(keep).to_be_focused()
    check_axe(page)

    ends = Session.objects.get().expire_date
    keep.click()
    expect(dialog).to_be_hidden()
    assert Session.objects.get().expire_date > ends
    # Past the moment the session would have ended without the button: still logged in.
    time.sleep(max(0.0, (ends - timezone.now()).total_seconds()) + 1)
    page.goto(f"{live_server.url}/journal/{family.pk}/quick-note/")
    assert "/accounts/login/" not in page.url
    expect(page.get_by_role("heading", name="Hurtignotat: Familien Lund")).to_be_visible()

"""The follow-up record in a real browser: the coordinator registers a contact (a duration over
24 hours is refused first) with an internal note, writes a restricted note, corrects the
internal one, finds the contact by search, records travel time and reads the time overview and
its CSV export. A same-unit colleague reads the internal note but never the restricted one,
neither on the timeline nor in search. Axe on every page; the pages reflow at 360 px and at
200 % zoom."""

import csv
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familieplan.core.roles import Role
from familieplan.journal.models import Contact, Note, TimeEntry
from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_axe,
    login,
    make_family_with_goal,
    screenshot,
)
from tests.factories import (
    TEST_PASSWORD,
    make_user,
)

pytestmark = pytest.mark.browser

SUMMARY = "Kjøleskapet var nesten tomt. Vi snakket om matbudsjett og faste innkjøpsdager."
INTERNAL = "Kari forteller at hun er sliten etter mange nattevakter på sykehjemmet."
CORRECTED = "Kari forteller at hun er sliten etter mange kveldsvakter på sykehjemmet."
REASON = "Feil vaktordning i det første notatet."
RESTRICTED = "Kari nevnte gjeld til Trampolineparken som hun ikke vil at andre skal vite om."
INTERNAL_LABEL = "Internt (bare ansatte)"
RESTRICTED_LABEL = "Begrenset (forfatteren, koordinatorene og teamleder)"


@pytest.fixture
def family(transactional_db):
    """An active, enrolled family with an adult member, a current plan and one goal."""
    return make_family_with_goal()


@pytest.fixture
def colleague(family):
    """A coordinator in the same unit who does not coordinate the family: reads, never writes."""
    return make_user(username="kollega", role=Role.COORDINATOR, unit=family.unit)


def _timeline_item(page, text: str):
    return page.locator("li.timeline__item").filter(has_text=text)


def _search(page, words: str) -> None:
    page.get_by_label("Søkeord").fill(words)
    page.get_by_role("search").get_by_role("button", name="Søk").click()
    page.get_by_role("heading", name=re.compile(r"^\d+ treff$"), level=2).wait_for()


def _nav(page, name: str) -> None:
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name=name, exact=True
    ).click()


def test_contact_note_correction_search_and_time(page, live_server, family):
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("link", name="Oppfølging (kontakter og notater)").click()
    page.get_by_role("heading", name="Oppfølging", level=1).wait_for()
    # The plan created in the fixture is already on the timeline; nothing of the journal yet.
    expect(page.locator("li.timeline__item--contact")).to_have_count(0)
    expect(page.locator("li.timeline__item--note")).to_have_count(0)
    check_axe(page)
    timeline_url = page.url

    # A contact of 1500 minutes is refused next to the field and in the summary.
    page.get_by_role("link", name="Registrer kontakt").click()
    page.get_by_role("heading", name="Registrer kontakt", level=1).wait_for()
    page.get_by_label("Type kontakt").select_option(label="Hjemmebesøk")
    minutes = page.get_by_label(re.compile("^Varighet i minutter"))
    minutes.fill("1500")
    page.get_by_label(re.compile("^Kort sammendrag")).fill(SUMMARY)
    page.get_by_label("Kari Lund").check()
    page.get_by_label(re.compile(r"^Notat til kontakten")).fill(INTERNAL)
    page.get_by_label(INTERNAL_LABEL).check()
    page.get_by_role("button", name="Registrer kontakten").click()
    error = page.locator("#id_minutes_error")
    expect(error).to_have_text("En kontakt kan ikke vare mer enn 24 timer.")
    expect(minutes).to_have_attribute("aria-invalid", "true")
    expect(minutes).to_have_attribute("aria-describedby", re.compile(r"\bid_minutes_error\b"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Noe må rettes før du kan gå videre")
    expect(summary.get_by_role("link")).to_have_text(
        re.compile("^Varighet i minutter: En kontakt kan ikke vare mer enn 24 timer.$")
    )
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_minutes")
    assert not Contact.objects.exists() and not Note.objects.exists()
    # What was typed is kept.
    expect(page.get_by_label(re.compile("^Kort sammendrag"))).to_have_value(SUMMARY)
    expect(page.get_by_label("Kari Lund")).to_be_checked()
    check_axe(page)

    # 45 minutes: the contact and its internal note are saved and on the timeline.
    minutes.fill("45")
    page.get_by_role("button", name="Registrer kontakten").click()
    page.get_by_text("Kontakten er registrert.").wait_for()
    contact = Contact.objects.get()
    # The timeline opens at the contact just saved.
    assert page.url == f"{timeline_url}#contact-{contact.pk}"
    assert (contact.kind, contact.minutes, contact.summary) == ("home_visit", 45, SUMMARY)
    assert [m.first_name for m in contact.members.all()] == ["Kari"]
    internal = Note.objects.get()
    assert (internal.level, internal.text, internal.contact) == ("internal", INTERNAL, contact)
    contact_item = page.locator("li.timeline__item--contact")
    expect(contact_item).to_contain_text("Hjemmebesøk · 45 min")
    expect(contact_item).to_contain_text(SUMMARY)
    expect(contact_item).to_contain_text("Deltok: Kari")
    internal_item = _timeline_item(page, INTERNAL)
    expect(internal_item).to_have_count(1)
    expect(internal_item).to_contain_text(INTERNAL_LABEL)
    check_axe(page)

    # A restricted note.
    page.get_by_role("link", name="Nytt notat").click()
    page.get_by_role("heading", name="Nytt notat", level=1).wait_for()
    check_axe(page)
    page.get_by_label(RESTRICTED_LABEL).check()
    page.get_by_role("textbox", name=re.compile("^Notat")).fill(RESTRICTED)
    page.get_by_role("button", name="Lagre notatet").click()
    page.get_by_text("Notatet er lagret. Det kan ikke endres, bare rettes.").wait_for()
    restricted_item = _timeline_item(page, RESTRICTED)
    expect(restricted_item).to_contain_text(RESTRICTED_LABEL)
    assert Note.objects.get(text=RESTRICTED).level == "restricted"
    check_axe(page)

    # The internal note is corrected: both texts stay, the old one marked «Rettet».
    _timeline_item(page, INTERNAL).get_by_role("link", name=re.compile("^Rett notatet")).click()
    page.get_by_role("heading", name="Rett notatet", level=1).wait_for()
    text = page.get_by_label(re.compile("^Riktig tekst"))
    expect(text).to_have_value(INTERNAL)
    expect(page.get_by_label(INTERNAL_LABEL)).to_be_checked()
    check_axe(page)
    text.fill(CORRECTED)
    page.get_by_label(re.compile("^Hvorfor notatet rettes")).fill(REASON)
    page.get_by_role("button", name="Lagre rettelsen").click()
    page.get_by_text("Rettelsen er lagret. Det opprinnelige notatet vises som rettet.").wait_for()
    correction = Note.objects.get(corrects=internal)
    assert (correction.text, correction.correction_reason) == (CORRECTED, REASON)
    old_item, new_item = _timeline_item(page, INTERNAL), _timeline_item(page, CORRECTED)
    expect(old_item).to_contain_text("Rettet")
    expect(old_item).to_contain_text("Se rettelsen over.")
    expect(old_item.get_by_role("link", name=re.compile("^Rett notatet"))).to_have_count(0)
    expect(new_item).to_contain_text(
        f"Retter notat fra {timezone.localtime(internal.created_at):%d.%m.%Y}: {REASON}"
    )
    expect(new_item.get_by_role("link", name=re.compile("^Rett notatet"))).to_have_count(1)
    check_axe(page)
    screenshot(page, "journal-timeline")

    # The filter: notes only (the plan's versions and the contact drop out), then all again.
    filters = page.get_by_role("group", name="Vis")
    for kind in ("Kontakter", "Møter", "Endringer i planen", "Deltakelse"):
        filters.get_by_label(kind).uncheck()
    page.get_by_role("button", name="Oppdater").click()
    expect(page.locator("li.timeline__item")).to_have_count(3)
    expect(page.locator("li.timeline__item--note")).to_have_count(3)
    expect(filters.get_by_label("Notater")).to_be_checked()
    expect(filters.get_by_label("Kontakter")).not_to_be_checked()
    page.get_by_role("link", name="Vis alt").click()
    expect(page.locator("li.timeline__item--contact")).to_have_count(1)

    # Search finds the contact, the word highlighted, linking to the family's timeline.
    _nav(page, "Søk")
    page.get_by_role("heading", name="Søk i notater og kontakter", level=1).wait_for()
    check_axe(page)
    _search(page, "kjøleskapet")
    hits = page.locator("ol.card-list > li")
    expect(hits).to_have_count(1)
    expect(page.get_by_role("heading", name="1 treff", level=2)).to_be_visible()
    expect(hits.first.locator(".search-fragment mark")).to_have_text("Kjøleskapet")
    expect(hits.first).to_contain_text("Hjemmebesøk")
    link = hits.first.get_by_role("link", name="Familien Lund")
    # The hit opens the timeline from that contact on, at the contact.
    anchor = f"contact-{Contact.objects.get().pk}"
    expect(link).to_have_attribute(
        "href", re.compile(rf"^/journal/{family.pk}/\?before=[^#]+#{anchor}$")
    )
    check_axe(page)
    screenshot(page, "journal-search")
    link.click()
    expect(page.locator(f"li#{anchor}")).to_contain_text("Kjøleskapet")
    page.go_back()
    # The corrected text is searched, the replaced one is not.
    _search(page, "kveldsvakter")
    expect(hits).to_have_count(1)
    expect(hits.first.locator("mark")).to_have_text("kveldsvakter")
    _search(page, "nattevakter")
    page.get_by_text("Ingen treff i det du har tilgang til.").wait_for()

    # Travel time, then the time overview: 45 minutes of contact + 30 of travel.
    _search(page, "kjøleskapet")
    hits.first.get_by_role("link", name="Familien Lund").click()
    page.get_by_role("heading", name="Oppfølging", level=1).wait_for()
    page.get_by_role("link", name="Før tid").click()
    page.get_by_role("heading", name="Før tid", level=1).wait_for()
    check_axe(page)
    page.get_by_label("Hva tiden gikk til").select_option(label="Reise")
    page.get_by_label(re.compile("^Minutter")).fill("30")
    page.get_by_label("Merknad").fill("Kjøring til og fra hjemmebesøket")
    page.get_by_role("button", name="Før tiden").click()
    page.get_by_text("Tiden er ført.").wait_for()
    assert TimeEntry.objects.get().minutes == 30

    _nav(page, "Tidsbruk")
    page.get_by_role("heading", name="Tidsbruk", level=1).wait_for()
    today = timezone.localdate()
    expect(page.get_by_role("heading", level=2)).to_have_text(
        f"{today.replace(month=1, day=1):%d.%m.%Y}–{today:%d.%m.%Y}: 75 minutter"
    )
    row = page.get_by_role("row").filter(has_text="Familien Lund")
    expect(row.get_by_role("cell")).to_have_text(
        ["Familien Lund", f"{today:%m.%Y}", "Test Bruker", "45", "30", "75"]
    )
    expect(page.locator("main")).to_contain_text("Familien Lund: 75 min")
    check_axe(page)

    # «Vis» with the period shown (this year so far); the links carry the period.
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url(re.compile(r"[?&]start="))
    expect(row.get_by_role("cell").last).to_have_text("75")
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned CSV").click()
    _assert_csv(download.value, today)


def _assert_csv(download, today: date) -> None:
    assert download.suggested_filename == (
        f"tidsbruk-{today.replace(month=1, day=1):%Y%m%d}-{today:%Y%m%d}.csv"
    )
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    header, *lines, total = list(csv.reader(content.splitlines(), delimiter=";"))
    assert header[-1] == "Minutter totalt"
    assert lines == [["Familien Lund", f"{today:%Y-%m}", "Test Bruker", "45", "30", "75"]]
    assert sum(int(line[-1]) for line in lines) == 75
    assert total == ["Totalt", "", "", "45", "30", "75"]


def test_the_csv_link_on_the_time_overview_as_first_opened_downloads(page, live_server, family):
    from familieplan.journal import services

    coordinator = family.coordinator
    services.contact_record(
        family=family,
        by=coordinator,
        at=timezone.now() - timedelta(minutes=10),
        kind=Contact.Kind.HOME_VISIT,
        minutes=45,
        summary=SUMMARY,
    )
    services.time_record(
        family=family, by=coordinator, on=timezone.localdate(), kind="travel", minutes=30
    )
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto("/journal/time/")
    page.get_by_role("heading", name="Tidsbruk", level=1).wait_for()
    with page.expect_download(timeout=5_000) as download:
        page.get_by_role("link", name="Last ned CSV").click()
    _assert_csv(download.value, timezone.localdate())


def test_a_colleague_does_not_see_the_restricted_note_in_the_timeline_or_search(
    new_page, live_server, family, colleague
):
    # The coordinator writes an internal and a restricted note.
    coord = new_page()
    login(coord, live_server, "koordinator", TEST_PASSWORD)
    for level, text in ((INTERNAL_LABEL, INTERNAL), (RESTRICTED_LABEL, RESTRICTED)):
        coord.goto(f"/journal/{family.pk}/notes/new/")
        coord.get_by_label(level).check()
        coord.get_by_role("textbox", name=re.compile("^Notat")).fill(text)
        coord.get_by_role("button", name="Lagre notatet").click()
        coord.get_by_text("Notatet er lagret.", exact=False).wait_for()
    expect(_timeline_item(coord, INTERNAL)).to_have_count(1)
    expect(_timeline_item(coord, RESTRICTED)).to_have_count(1)
    restricted = Note.objects.get(level="restricted")

    # The colleague in the same unit, in a context of their own.
    peer = new_page()
    login(peer, live_server, "kollega", TEST_PASSWORD)
    peer.goto(f"/families/{family.pk}/")
    peer.get_by_role("link", name="Oppfølging (kontakter og notater)").click()
    peer.get_by_role("heading", name="Oppfølging", level=1).wait_for()
    expect(_timeline_item(peer, INTERNAL)).to_have_count(1)
    expect(peer.locator("li.timeline__item--note")).to_have_count(1)
    expect(peer.locator("main")).not_to_contain_text("Trampolineparken")
    expect(peer.locator("main")).not_to_contain_text("Begrenset")
    # A reader, not a writer: no buttons and no «Rett notatet».
    expect(peer.get_by_role("link", name="Registrer kontakt")).to_have_count(0)
    expect(peer.get_by_role("link", name=re.compile("^Rett notatet"))).to_have_count(0)
    check_axe(peer)
    response = peer.goto(f"/journal/{family.pk}/notes/{restricted.pk}/correct/")
    assert response is not None and response.status in (403, 404)
    expect(peer.locator("body")).not_to_contain_text("Trampolineparken")

    peer.goto("/")
    _nav(peer, "Søk")
    peer.get_by_role("heading", name="Søk i notater og kontakter", level=1).wait_for()
    _search(peer, "nattevakter")
    expect(peer.locator("ol.card-list > li")).to_have_count(1)
    expect(peer.locator(".search-fragment mark")).to_have_text("nattevakter")
    check_axe(peer)
    _search(peer, "Trampolineparken")
    expect(peer.get_by_role("heading", name="0 treff", level=2)).to_be_visible()
    peer.get_by_text("Ingen treff i det du har tilgang til.").wait_for()
    expect(peer.locator("ol.card-list")).to_have_count(0)
    check_axe(peer)

    # The coordinator, who wrote it, finds it.
    coord.goto("/journal/search/?q=Trampolineparken")
    expect(coord.locator("ol.card-list > li")).to_have_count(1)
    expect(coord.locator(".search-fragment mark")).to_have_text("Trampolineparken")


def _assert_fits(page) -> None:
    """No sideways scroll, no tag cut off by its card (a card clips rather than scrolls), and
    the filter's checkboxes are boxes, not bars stretched to the width of their label."""
    assert_no_horizontal_scroll(page)
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('main .ds-tag')]
            .filter(t => t.getBoundingClientRect().right > t.parentElement
                .getBoundingClientRect().right + 0.5)
            .map(t => t.textContent)"""
    )
    assert not too_wide, f"tags wider than their line on {page.url}: {too_wide}"
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('form.filter-form input[type=checkbox]')]
            .map(i => [i.id, Math.round(i.getBoundingClientRect().width)])"""
    )
    assert all(8 < width <= 32 for _, width in boxes), f"filter checkboxes: {boxes}"


def test_journal_pages_fit_a_phone(phone_page, zoom_page, live_server, family):
    """Timeline, contact form (with errors) and search results at 360 px; the timeline at
    200 % zoom. Long unbroken words and names must wrap."""
    from familieplan.journal import services

    coordinator = family.coordinator
    adult = family.members.get()
    long_word = "Barnehageplasssøknadsbehandlingsprosessen" * 2
    contact = services.contact_record(
        family=family,
        by=coordinator,
        at=timezone.now() - timedelta(hours=2),
        kind=Contact.Kind.OFFICE_MEETING,
        minutes=90,
        summary=f"Kjøleskapet og {long_word} ble gjennomgått, se https://example.no/{'a' * 80}",
        members=[adult],
    )
    services.note_write(
        family=family, by=coordinator, text=INTERNAL, level="internal", contact=contact
    )
    services.note_write(
        family=family, by=coordinator, text=RESTRICTED, level="restricted", about=adult
    )

    page = phone_page
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto(f"/journal/{family.pk}/")
    page.get_by_role("heading", name="Oppfølging", level=1).wait_for()
    expect(page.locator("li.timeline__item--note")).to_have_count(2)
    _assert_fits(page)
    check_axe(page)
    screenshot(page, "journal-timeline-phone")

    page.get_by_role("link", name="Registrer kontakt").click()
    page.get_by_role("heading", name="Registrer kontakt", level=1).wait_for()
    _assert_fits(page)
    check_axe(page)
    page.get_by_label(re.compile("^Varighet i minutter")).fill("1500")
    page.get_by_role("button", name="Registrer kontakten").click()
    page.locator("#id_minutes_error").wait_for()
    _assert_fits(page)
    check_axe(page)

    # «Kari» is in both notes: the hits carry the long level labels.
    page.goto("/journal/search/?q=Kari")
    expect(page.locator("ol.card-list > li")).to_have_count(2)
    expect(page.locator("ol.card-list")).to_contain_text(RESTRICTED_LABEL)
    _assert_fits(page)
    check_axe(page)

    login(zoom_page, live_server, "koordinator", TEST_PASSWORD)
    zoom_page.goto(f"/journal/{family.pk}/")
    zoom_page.get_by_role("heading", name="Oppfølging", level=1).wait_for()
    expect(zoom_page.locator("li.timeline__item--note")).to_have_count(2)
    _assert_fits(zoom_page)
    check_axe(zoom_page)

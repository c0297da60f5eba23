"""Meetings in a real browser: the coordinator sets up a meeting with a partner service that has
consented to meetings (invitations go to the outbox, the calendar file downloads), registers a
meeting already held, writes the minutes and a decision, turns the decision into a measure in
the plan and sends the minutes out. A planned meeting in the past is refused. Axe on every
page."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familieplan.meetings.models import Decision, Meeting
from familieplan.outbox.models import OutgoingEmail
from familieplan.partners.models import Partner
from familieplan.plans.models import Measure
from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_axe,
    login,
    make_family_with_goal,
    screenshot,
)
from tests.factories import (
    TEST_PASSWORD,
    make_consent,
    make_partner,
)

pytestmark = pytest.mark.browser

KIND = "Samarbeidsmøte / ansvarsgruppe"


@pytest.fixture
def family(transactional_db):
    """An active family with a plan and one goal, and a school with a valid consent that
    covers meetings (so the school can be invited)."""
    family = make_family_with_goal(goal_words="Barna får hjelp med leksene")
    muni, coordinator = family.municipality, family.coordinator
    adult = family.members.get()
    school = make_partner(
        municipality=muni,
        name="Lunde skole",
        kind=Partner.Kind.SCHOOL,
        email="postmottak@lunde-skole.example.no",
    )
    make_consent(family=family, partner=school, subject=adult, recorded_by=coordinator)
    return family


def _fill_meeting(page, *, day: date, place: str, agenda: str) -> None:
    page.get_by_label("Type møte").select_option(label=KIND)
    page.get_by_label(re.compile("^Dato")).fill(day.isoformat())
    page.get_by_label("Starter kl.").fill("10:00")
    page.get_by_label("Slutter kl.").fill("11:30")
    page.get_by_label(re.compile("^Sted")).fill(place)
    page.get_by_label("Saksliste").fill(agenda)
    page.get_by_label("Lunde skole").check()


def test_meeting_invitations_calendar_minutes_decision_to_measure(page, live_server, family):
    from icalendar import Calendar

    today = timezone.localdate()
    tomorrow, yesterday = today + timedelta(days=1), today - timedelta(days=1)
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("link", name="Møter", exact=True).click()
    page.get_by_role("heading", name="Møter", level=1).wait_for()
    page.get_by_text("Ingen møter er satt opp.").wait_for()
    check_axe(page)

    # A planned meeting tomorrow with the school: invitations go to the outbox.
    page.get_by_role("link", name="Nytt møte").click()
    page.get_by_role("heading", name="Nytt møte", level=1).wait_for()
    expect(page.get_by_label("Familiekoordinatoren deltar")).to_be_checked()
    check_axe(page)
    _fill_meeting(
        page, day=tomorrow, place="Familiesenteret, møterom 2", agenda="Leksehjelp\nFritid"
    )
    page.get_by_role("button", name="Sett opp møtet").click()
    page.get_by_text("Møtet er satt opp. Invitasjoner sendes til deltakere med e-post.").wait_for()
    meeting = Meeting.objects.get()
    assert meeting.status == "planned"
    assert timezone.localtime(meeting.starts_at).date() == tomorrow
    participants = page.locator("section[aria-labelledby=participants-heading]")
    expect(participants).to_contain_text("Lunde skole (samarbeidspartner)")
    expect(participants).to_contain_text("Test Bruker (koordinator)")
    emails = page.locator("section[aria-labelledby=emails-heading]")
    expect(emails.get_by_role("row").filter(has_text="Lunde skole")).to_contain_text("I kø")
    expect(emails.get_by_role("row").filter(has_text="Test Bruker")).to_contain_text("I kø")
    expect(emails).to_contain_text(f"Invitasjon: {KIND} {tomorrow:%d.%m.%Y} 10.00–11.30")
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == [
        "koordinator@example.no",
        "postmottak@lunde-skole.example.no",
    ]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"queued"}
    check_axe(page)
    screenshot(page, "meeting-planned")

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned kalenderfil").click()
    assert download.value.suggested_filename == f"mote-{tomorrow:%Y%m%d}.ics"
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == f"{KIND} (Familieplan)"
    assert str(event["UID"]) == f"{meeting.calendar_uid}@familieplan"
    start = event.decoded("DTSTART")
    assert (start.date(), start.hour, start.minute) == (tomorrow, 10, 0)
    assert str(event["LOCATION"]) == "Familiesenteret, møterom 2"

    # A meeting in the past cannot be planned: nothing is saved until it is marked as held.
    page.get_by_role("link", name=re.compile("^← Møter")).click()
    page.get_by_role("link", name="Nytt møte").click()
    _fill_meeting(page, day=yesterday, place="Lunde skole", agenda="Leksehjelp")
    page.get_by_role("button", name="Sett opp møtet").click()
    error = page.locator("#id_start_time_error")
    expect(error).to_contain_text("Tidspunktet har passert.")
    expect(page.get_by_label("Starter kl.")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Noe må rettes før du kan gå videre")
    assert Meeting.objects.count() == 1
    check_axe(page)

    page.get_by_label("Møtet er allerede holdt").check()
    page.get_by_role("button", name="Sett opp møtet").click()
    page.get_by_text("Møtet er registrert.").wait_for()
    held = Meeting.objects.exclude(pk=meeting.pk).get()
    assert held.status == "held"
    assert not OutgoingEmail.objects.filter(reference=f"meeting:{held.pk}").exists()
    page.get_by_text("Referatet er ikke skrevet ennå.").wait_for()
    check_axe(page)

    # Minutes, a decision, and the decision as a measure in the plan.
    page.get_by_role("link", name="Skriv referat").click()
    page.get_by_role("heading", name=f"Referat: {KIND}", level=1).wait_for()
    check_axe(page)
    page.get_by_label(re.compile("^Referat")).fill("Vi snakket om leksehjelp og fritid.")
    page.get_by_label("Lunde skole").check()
    page.get_by_role("button", name="Lagre referatet").click()
    page.get_by_text("Referatet er lagret. Deltakerne ser det når du sender det ut.").wait_for()
    expect(page.locator("section[aria-labelledby=participants-heading]")).to_contain_text(
        "Lunde skole (samarbeidspartner) – til stede"
    )
    page.get_by_label(re.compile("^Ny beslutning")).fill("Skolen tilbyr leksehjelp to dager i uka.")
    page.get_by_role("button", name="Legg til beslutning").click()
    page.get_by_text("Beslutningen er lagt til.").wait_for()
    check_axe(page)
    page.get_by_role("link", name="Gjør til tiltak i planen").click()
    page.get_by_role("heading", name="Gjør beslutningen til et tiltak", level=1).wait_for()
    expect(page.get_by_label("Hva skal gjøres")).to_have_value(
        "Skolen tilbyr leksehjelp to dager i uka."
    )
    check_axe(page)
    page.get_by_label("Mål i planen").select_option(label="Barna får hjelp med leksene")
    page.get_by_label("En samarbeidspartner").check()
    page.get_by_label("Ansvarlig samarbeidspartner").select_option(label="Lunde skole")
    page.get_by_label("Frist").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Legg tiltaket i planen").click()
    page.get_by_text("Beslutningen er nå et tiltak i planen.").wait_for()
    measure = Measure.objects.get()
    assert Decision.objects.get().measure == measure
    assert measure.responsible_partner.name == "Lunde skole"

    page.get_by_role("link", name=re.compile("^Skolen tilbyr leksehjelp")).click()
    page.get_by_role("heading", name="Familiens plan", level=1).wait_for()
    row = page.locator(f"#measure-{measure.pk}")
    expect(row).to_contain_text("Skolen tilbyr leksehjelp to dager i uka.")
    expect(row).to_contain_text(f"Besluttet i møte {yesterday:%d.%m.%Y}")
    check_axe(page)
    row.get_by_role("link", name="se møtet").click()

    page.get_by_role("button", name="Send ut referatet").click()
    page.get_by_text("Referatet er sendt ut. Deltakerne kan nå lese det.").wait_for()
    expect(page.get_by_role("button", name="Send ut referatet")).to_have_count(0)
    held.refresh_from_db()
    assert held.minutes_released
    notices = OutgoingEmail.objects.filter(reference=f"meeting:{held.pk}")
    assert sorted(notices.values_list("topic", flat=True)) == ["meeting_minutes"] * 2
    expect(page.locator("section[aria-labelledby=emails-heading]")).to_contain_text(
        f"Referat fra møtet {yesterday:%d.%m.%Y} 10.00–11.30 er klart"
    )
    check_axe(page)


def test_meeting_page_with_a_long_video_link_fits_a_phone(phone_page, live_server, family):
    """Video links (Teams, Zoom) are long and unbroken; the meeting page reflows at 360 px."""
    from datetime import datetime, time

    from familieplan.meetings import services

    start = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=2), time(13, 0))
    )
    meeting = services.meeting_schedule(
        family=family,
        by=family.coordinator,
        kind="cooperation",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        invitees=[],
        video_link="https://video.example.no/m/0123456789abcdefghijklmnopqrstuvwxyz0123456789",
    )
    login(phone_page, live_server, "koordinator", TEST_PASSWORD)
    phone_page.goto(f"/meetings/{family.pk}/{meeting.pk}/")
    phone_page.get_by_role("heading", name=KIND, level=1).wait_for()
    assert_no_horizontal_scroll(phone_page)
    check_axe(phone_page)

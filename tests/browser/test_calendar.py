"""The calendar in a real browser, at 1366 px and at 360 px: week, month and list with axe on
each; on a phone the page opens as the list and the grids, when picked, reflow without
sideways scrolling; a new meeting from an empty slot reaches the schedule form with the time
filled in; the feed page makes, shows once and revokes a subscription address."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familieplan.core.roles import Role
from familieplan.meetings.calendar_layout import monday_of
from familieplan.meetings.models import CalendarFeed, Meeting
from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    check_axe,
    login,
    make_family_with_goal,
    screenshot,
)
from tests.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def family(transactional_db):
    """Familien Lund (coordinator `koordinator`) with a meeting on Tuesday next week, a
    cancelled one on Thursday, and a team lead (`leder`) of the same unit."""
    family = make_family_with_goal()
    monday = monday_of(timezone.localdate()) + timedelta(days=7)
    for days, hour, status in ((1, 10, "planned"), (3, 13, "cancelled")):
        Meeting.objects.create(
            municipality=family.municipality,
            family=family,
            kind=Meeting.Kind.COOPERATION,
            starts_at=_at(monday + timedelta(days=days), hour),
            ends_at=_at(monday + timedelta(days=days), hour + 1),
            place="Familiesenteret",
            status=status,
            created_by=family.coordinator,
        )
    make_user(username="leder", role=Role.TEAM_LEAD, unit=family.unit)
    return family


def _next_week(page) -> None:
    page.get_by_role("link", name=re.compile("Neste uke")).click()
    page.wait_for_load_state()


def test_the_calendar_at_1366(new_page, live_server, family):
    page = new_page(WIDE)
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.get_by_role("link", name="Kalender", exact=True).first.click()
    page.get_by_role("heading", name="Mine møter", level=1).wait_for()
    expect(page.locator("table.cal-week")).to_be_visible()
    expect(page.locator(".cal-narrow")).to_be_hidden()
    expect(page.locator("th[aria-current=date]")).to_have_count(1)
    check_axe(page)
    _next_week(page)
    expect(
        page.get_by_role("link", name=re.compile("Samarbeidsmøte.*Familien Lund")).first
    ).to_be_visible()
    expect(page.locator("table.cal-week s")).to_have_count(1)  # the cancelled one
    check_axe(page)
    screenshot(page, "calendar-week-1366")

    page.get_by_role("link", name="Måned", exact=True).click()
    expect(page.locator("table.cal-month")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Liste", exact=True).click()
    expect(page.locator("ol.cal-agenda")).to_be_visible()
    check_axe(page)

    # An empty slot ahead: which family, then the schedule form with the time filled in.
    page.get_by_role("link", name="Uke", exact=True).click()
    _next_week(page)
    page.get_by_role("link", name=re.compile(r"Nytt møte .* kl\. 14:00")).first.click()
    page.get_by_role("heading", name="Nytt møte", level=1).wait_for()
    check_axe(page)
    page.get_by_label(re.compile("^Familie")).select_option(
        label="Familien Lund (Familiesenteret, Test Bruker)"
    )
    page.get_by_role("button", name="Videre til møteskjemaet").click()
    page.get_by_label("Starter kl.").wait_for()
    expect(page.get_by_label("Starter kl.")).to_have_value("14:00")
    expect(page.get_by_label("Slutter kl.")).to_have_value("15:00")

    # A slot that has passed.
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    page.goto(f"/meetings/calendar/new/?start={yesterday}T10:00")
    expect(page.get_by_text(re.compile("Tidspunktet har passert"))).to_be_visible()
    expect(page.locator("main select")).to_have_count(0)
    check_axe(page)


def test_the_feed_page_makes_shows_once_and_revokes(new_page, live_server, family):
    page = new_page(WIDE)
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto("/meetings/calendar/")
    page.get_by_role("link", name=re.compile("Outlook")).click()
    page.get_by_role("heading", name="Møtene dine i Outlook", level=1).wait_for()
    check_axe(page)
    page.get_by_role("button", name="Lag abonnementsadresse").click()
    address = page.get_by_label("Adresse (merk og kopier)")
    expect(address).to_have_value(re.compile(r"/meetings/feed/[A-Za-z0-9_-]{43}\.ics$"))
    check_axe(page)
    screenshot(page, "calendar-feed-1366")
    page.reload()
    expect(page.get_by_label("Adresse (merk og kopier)")).to_have_count(0)
    page.get_by_role("button", name="Stopp abonnementet").click()
    expect(page.get_by_text("Abonnementet er stoppet.", exact=False)).to_be_visible()
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()
    check_axe(page)


def test_the_calendar_at_360(new_page, live_server, family):
    page = new_page(PHONE)
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto("/meetings/calendar/")
    expect(page.locator("ol.cal-agenda")).to_be_visible()  # a phone gets the list
    expect(page.locator("table.cal-week")).to_be_hidden()
    assert_no_horizontal_scroll(page)
    check_axe(page)
    for view in ("Uke", "Måned", "Liste"):
        page.get_by_role("link", name=view, exact=True).click()
        page.wait_for_load_state()
        if view != "Måned":
            _next_week(page)
        assert_no_horizontal_scroll(page)
        check_axe(page)
        screenshot(page, f"calendar-{view.lower()}-360")
    page.goto("/meetings/calendar/feed/")
    page.get_by_role("button", name="Lag abonnementsadresse").click()
    expect(page.get_by_label("Adresse (merk og kopier)")).to_be_visible()
    assert_no_horizontal_scroll(page)
    check_axe(page)


def test_the_team_leads_calendar(new_page, live_server, family):
    for viewport in (WIDE, PHONE):
        page = new_page(viewport)
        login(page, live_server, "leder", TEST_PASSWORD)
        page.goto("/meetings/calendar/?view=week")
        page.get_by_role("heading", name="Teamets møter", level=1).wait_for()
        page.get_by_label("Koordinator").select_option(label="Test Bruker")
        page.get_by_role("button", name="Vis").click()
        page.wait_for_load_state()
        expect(page.get_by_text(re.compile("Viser møtene i familiene til"))).to_be_visible()
        assert_no_horizontal_scroll(page)
        check_axe(page)

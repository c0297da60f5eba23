"""The team lead's view in a real browser, at 1366 px and at 360 px: the team page, a number
that opens the caseload filtered by that coordinator (its rows with members' first names, unit
and start), and a bulk hand-over (refused without a reason, then made). Axe on every page; at
360 px the tables become one block per row and nothing scrolls sideways."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familieplan.core.roles import Role
from familieplan.families.models import Enrolment, Family, ProgrammeSettings
from tests.browser.helpers import assert_no_horizontal_scroll, check_axe, login, screenshot
from tests.factories import (
    TEST_PASSWORD,
    make_family,
    make_member,
    make_municipality,
    make_unit,
    make_user,
)

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 800}
PHONE = {"width": 360, "height": 740}


def _person(username: str, first: str, last: str, **kwargs):
    user = make_user(username=username, **kwargs)
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def team(transactional_db):
    muni = make_municipality(number="9901", name="Demo kommune")
    unit = make_unit(municipality=muni, name="Familiesenteret")
    ProgrammeSettings.for_municipality(muni)
    lead = _person("leder", "Tone", "Lie", role=Role.TEAM_LEAD, unit=unit)
    kari = _person("kari", "Kari", "Nordmann", role=Role.COORDINATOR, unit=unit)
    yasin = _person("yasin", "Yasin", "Nilsen", role=Role.COORDINATOR, unit=unit)
    now = timezone.now()
    households = [
        ("Familien Ali", kari, "active", ["Fatima", "Omar", "Sara", "Adam", "Zainab"]),
        ("Familien Ali", yasin, "active", ["Layla", "Yusuf"]),
        ("Familien Hansen", kari, "waiting", ["Marte", "Emma"]),
        ("Familien Tesfay", kari, "paused", ["Selam", "Eden", "Natan"]),
        ("Familien Kowalski", yasin, "active", ["Agnieszka", "Zofia"]),
    ]
    for i, (name, coordinator, stage, people) in enumerate(households):
        family = make_family(unit=unit, name=name, coordinator=coordinator)
        for j, first in enumerate(people):
            make_member(family=family, first_name=first, birth_date=date(1982 + 8 * j, 3, 1))
        Enrolment.objects.create(
            municipality=muni,
            family=family,
            status=stage,
            started_on=date(2025, 1 + i, 10),
        )
        Family.objects.filter(pk=family.pk).update(
            stage=stage, last_contact_at=now - timedelta(days=10 + 20 * i)
        )
    return lead, kari, yasin


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "360"])
def test_team_page_caseload_by_coordinator_and_hand_over(new_page, live_server, team, viewport):
    _lead, kari, yasin = team
    page = new_page(viewport)
    login(page, live_server, "leder", TEST_PASSWORD)
    if viewport["width"] > 1000:
        page.get_by_role("navigation", name="Hovedmeny").get_by_role(
            "link", name="Teamet", exact=True
        ).click()
    else:
        page.goto("/day/team/")
    page.get_by_role("heading", name="Teamet", level=1).wait_for()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Kari Nordmann"))
    expect(row).to_contain_text("Familiesenteret")
    check_axe(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"team-{viewport['width']}")

    # Kari's active families: the caseload filtered to them, telling the two Alis apart.
    row.get_by_role("link", name=re.compile("Kari Nordmann, Aktive")).click()
    page.get_by_role("heading", name=re.compile("familie")).first.wait_for()
    expect(page.get_by_label("Koordinator")).to_have_value(str(kari.pk))
    family_row = page.get_by_role("row").filter(has_text="Fatima, Omar, Sara, Adam +1")
    expect(family_row).to_contain_text("Familiesenteret")
    expect(family_row).to_contain_text("10.01.2025")
    expect(page.get_by_role("row").filter(has_text="Layla")).to_have_count(0)
    # A link an app offers on the row with inline=True (the quick note) opens under the row.
    family_row.get_by_role("link", name="Hurtignotat – Familien Ali").click()
    expect(page.locator(".caseload-inline").get_by_role("heading", level=2)).to_contain_text(
        "Hurtignotat: Familien Ali"
    )
    check_axe(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"team-caseload-{viewport['width']}")

    # Hand two of Kari's families over to Yasin: first without a reason (refused), then with.
    page.goto("/day/team/")
    page.get_by_role("link", name="Overfør familier – Kari Nordmann").click()
    page.get_by_role("heading", name="Overfør familier fra Kari Nordmann", level=1).wait_for()
    page.get_by_label("Familien Hansen").check()
    page.get_by_label("Familien Tesfay").check()
    page.get_by_label("Ny koordinator").select_option(str(yasin.pk))
    page.get_by_role("button", name="Overfør valgte familier").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_contain_text("Skriv hvorfor familiene overføres.")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Familien Hansen")).to_be_checked()
    check_axe(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("Begrunnelse").fill("Kari går ut i permisjon.")
    page.get_by_role("button", name="Overfør valgte familier").click()
    expect(page.get_by_role("status")).to_contain_text(
        "2 familier er overført til Yasin Nilsen, som har fått et varsel."
    )
    yasin_row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Yasin Nilsen")
    )
    expect(yasin_row).to_contain_text("Venteliste")
    check_axe(page)
    assert Family.objects.filter(coordinator=yasin).count() == 4

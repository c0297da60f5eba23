"""The start page's "I dag" in a real browser, at 1366 px and at 360 px: axe finds nothing, the
page does not scroll sideways, "Sett" takes a line away in place (htmx) with an "Angre" that
has the focus, and "Angre" brings the line back."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familieplan.core.roles import Role
from tests.browser.helpers import assert_no_horizontal_scroll, check_axe, login
from tests.factories import TEST_PASSWORD, make_family, make_municipality, make_unit, make_user
from tests.workday.helpers import things

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def coordinator(transactional_db):
    muni = make_municipality(number="9901", name="Demo kommune")
    unit = make_unit(municipality=muni, name="Familiesenteret")
    user = make_user(username="koordinator", role=Role.COORDINATOR, unit=unit)
    for name in ("Familien Hansen", "Familien Abdi-Rahman Johannessen"):
        family = make_family(unit=unit, name=name, coordinator=user)
        things(family, user, today=timezone.localdate())
    return user


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "360"])
def test_the_day_is_accessible_and_lines_can_be_marked_seen(
    new_page, live_server, coordinator, viewport
):
    page = new_page(viewport)
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto(f"{live_server.url}/")
    today = page.locator("#today")
    expect(today.get_by_role("heading", name="I dag", exact=True)).to_be_visible()
    measures = today.locator("section", has=page.get_by_role("heading", name="Tiltak med frist"))
    expect(measures.locator(".today-line")).to_have_count(4)
    check_axe(page)
    assert_no_horizontal_scroll(page)

    measures.locator(".today-line").first.get_by_role("button", name="Sett").click()
    undo = today.get_by_role("button", name="Angre")
    expect(undo).to_be_focused()
    expect(today.get_by_text("Merket som sett")).to_be_visible()
    check_axe(page)
    page.reload()
    expect(measures.locator(".today-line")).to_have_count(3)

    page.goto(f"{live_server.url}/")
    first = measures.locator(".today-line").first
    first.get_by_role("button", name="Sett").click()
    today.get_by_role("button", name="Angre").click()
    expect(page.locator("#today").get_by_role("button", name="Angre")).to_have_count(0)
    expect(
        page.locator(
            "#today section", has=page.get_by_role("heading", name="Tiltak med frist")
        ).locator(".today-line")
    ).to_have_count(3)
    check_axe(page)
    assert_no_horizontal_scroll(page)

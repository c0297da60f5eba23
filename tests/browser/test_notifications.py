"""Notifications in a real browser, at 1366 px and at 360 px: the bell with its count, the
list grouped per family, opening one (read, then its page), marking a family read, and the
email choices. Axe on every page; nothing scrolls sideways at 360 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from familieplan.core.roles import Role
from familieplan.notifications.models import Notification
from familieplan.notifications.services import notify
from tests.browser.helpers import assert_no_horizontal_scroll, check_axe, login, screenshot
from tests.factories import TEST_PASSWORD, make_family, make_municipality, make_unit, make_user

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 800}
PHONE = {"width": 360, "height": 740}
K = Notification.Kind


@pytest.fixture
def inbox(transactional_db):
    muni = make_municipality(number="9901", name="Demo kommune")
    unit = make_unit(municipality=muni, name="Familiesenteret")
    kari = make_user(username="kari", role=Role.COORDINATOR, unit=unit)
    hansen = make_family(unit=unit, name="Familien Hansen", coordinator=kari)
    tesfay = make_family(unit=unit, name="Familien Tesfay-Abrahamsen", coordinator=kari)
    for family, kinds in ((hansen, [K.FAMILY_PROPOSAL, K.PARTNER_COMMENT]), (tesfay, [K.HANDOVER])):
        for kind in kinds:
            notify(family=family, kind=kind, url=f"/families/{family.pk}/", recipients=[kari])
    return hansen, tesfay


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366", "360"])
def test_the_bell_the_list_and_the_email_choices(new_page, live_server, inbox, viewport):
    _hansen, tesfay = inbox
    page = new_page(viewport)
    login(page, live_server, "kari", TEST_PASSWORD)
    bell = page.get_by_role("link", name=re.compile("Varsler"))
    expect(bell).to_contain_text("3")
    expect(bell).to_have_accessible_name(re.compile("3 uleste varsler"))
    bell.click()
    expect(page.get_by_role("heading", name="Varsler", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Familien Hansen"))).to_be_visible()
    check_axe(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"notifications-list-{viewport['width']}")

    page.get_by_role("button", name=re.compile("Merk varslene om Familien Hansen")).click()
    expect(page.get_by_role("link", name=re.compile("Varsler"))).to_have_accessible_name(
        re.compile("1 ulest varsel")
    )
    page.get_by_role("button", name=re.compile("^Ulest: Familien er overført til deg")).click()
    expect(page).to_have_url(re.compile(rf"/families/{tesfay.pk}/$"))
    expect(page.get_by_role("link", name=re.compile("Varsler"))).not_to_have_accessible_name(
        re.compile("ulest")
    )

    page.goto(f"{live_server.url}/notifications/email/")
    check_axe(page)
    assert_no_horizontal_scroll(page)
    box = page.get_by_label("Samarbeidspartner har oppdatert et tiltak")
    expect(box).not_to_be_checked()
    box.check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Valgene for e-post er lagret.")).to_be_visible()
    expect(page.get_by_label("Samarbeidspartner har oppdatert et tiltak")).to_be_checked()

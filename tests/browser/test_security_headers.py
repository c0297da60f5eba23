"""The Content-Security-Policy in a real browser: Django's admin (its forms, widgets and
filters) and the printed plan (an inline style with the response's nonce) work under it, and
the browser refuses nothing on the way (the page fixture fails a test on any refusal the
console reports, tests/browser/conftest.py)."""

from datetime import date

import pytest

from familieplan.core.roles import Role
from familieplan.families.models import Enrolment
from familieplan.plans import services as plan_services
from tests.browser.helpers import login
from tests.factories import TEST_PASSWORD, make_family, make_municipality, make_unit, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    muni = make_municipality(number="9901", name="Demo kommune")
    unit = make_unit(municipality=muni, name="Familiesenteret")
    coordinator = make_user(username="koordinator", role=Role.COORDINATOR, unit=unit)
    superuser = make_user(username="drift", is_staff=True)
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])
    family = make_family(unit=unit, name="Familien Lund", coordinator=coordinator)
    family.stage = "active"
    family.save(update_fields=["stage"])
    Enrolment.objects.create(
        municipality=muni,
        family=family,
        status="active",
        started_on=date(2026, 1, 1),
        planned_end=date(2030, 12, 31),
    )
    plan_services.plan_create(
        family=family, by=coordinator, period_start=date(2026, 1, 1), period_end=date(2027, 1, 1)
    )
    return family


def test_the_admin_works_under_the_policy(page, live_server, people):
    login(page, live_server, "drift", TEST_PASSWORD)
    response = page.goto(f"{live_server.url}/admin/")
    assert "frame-ancestors 'none'" in response.header_value("content-security-policy")
    assert "no-store" in response.header_value("cache-control")
    for path in (
        "/admin/",
        "/admin/core/unit/",
        "/admin/core/unit/add/",
        "/admin/accounts/user/add/",
        "/admin/accounts/membership/add/",
        "/admin/families/referencemedian/add/",
        "/admin/mapping/instrument/?active__exact=1",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    # The admin's own scripts run: the navigation filter narrows the list of models.
    page.goto(f"{live_server.url}/admin/core/unit/")
    groups = page.locator("#nav-sidebar a[href='/admin/auth/group/']")
    assert groups.is_visible()
    page.locator("#nav-filter").fill("enhet")
    groups.wait_for(state="hidden")
    page.locator(".object-tools a.addlink").click()
    page.locator("#id_name").wait_for()


def test_the_printed_plan_is_styled_by_its_nonced_style(page, live_server, people):
    login(page, live_server, "koordinator", TEST_PASSWORD)
    response = page.goto(f"{live_server.url}/plans/{people.pk}/print/")
    assert "'nonce-" in response.header_value("content-security-policy")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "DejaVu Sans" in font  # the inline <style> was applied, not refused

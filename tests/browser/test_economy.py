"""The family's economy in a real browser on a 360 px phone: the mother opens «Økonomi» from
the family's menu, adds a bill and sees the day money runs out appear, adds an earlier one and
sees the day move; the overview lists it with «Endre». The youth reads the same month without
the buttons. Axe and no sideways scrolling on every page."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import dateformat, timezone, translation
from playwright.sync_api import Page, expect

from familieplan.economy import services
from familieplan.economy.models import EconomyChange, Expense, IncomeSource, Scheme
from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_no_horizontal_scroll, check_axe, screenshot
from tests.factories import TEST_PASSWORD
from tests.partners.conftest import shared  # noqa: F401 (fixture)
from tests.portal.conftest import portal  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


def _at_360(page: Page, name: str) -> None:
    assert page.viewport_size == PHONE
    screenshot(page, f"family-economy-{name}")
    check_axe(page)
    assert_no_horizontal_scroll(page)


def _login(page: Page, username: str) -> None:
    page.goto("/accounts/family/login/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/family/$"))


def test_the_family_adds_a_bill_and_sees_the_day_money_runs_out_move(
    phone_page,
    live_server,
    portal,  # noqa: F811
):
    page = phone_page
    hansen = portal.shared
    first = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    month = f"/family/economy/?month={first:%Y-%m}"
    with translation.override("nb"):
        day = {d: dateformat.format(first.replace(day=d), "j. F") for d in (5, 15, 20)}
    coordinator = hansen.world.coordinator
    services.row_save(
        family=hansen.family,
        by=coordinator,
        row=IncomeSource(
            scheme=Scheme.objects.get(code="work", municipality=None),
            amount=Decimal(20000),
            rhythm="monthly",
            day_of_month=20,
            member=hansen.mother,
        ),
    )
    services.row_save(
        family=hansen.family,
        by=coordinator,
        row=Expense(kind="rent", amount=Decimal(4000), rhythm="monthly", day_of_month=1),
    )
    services.balance_state(family=hansen.family, by=coordinator, amount=Decimal(5000), on=first)

    _login(page, "mona")
    page.get_by_role("navigation", name="Familiens side").get_by_role(
        "link", name="Økonomi"
    ).click()
    page.get_by_role("heading", name="Økonomi", level=1).wait_for()
    _at_360(page, "month-parent")
    page.goto(month)
    expect(page.locator("main")).not_to_contain_text("Tomt for penger")

    def add_bill(kind: str, amount: str, on: int) -> None:
        page.get_by_role("link", name="Legg til utgift").first.click()
        page.get_by_role("heading", name="Ny utgift", level=1).wait_for()
        page.get_by_label("Hva", exact=False).first.select_option(label=kind)
        page.get_by_label("Beløp hver gang (kr)").fill(amount)
        page.get_by_label("Hvor ofte").select_option(label="Hver måned")
        page.get_by_label("Forfaller dag i måneden").fill(str(on))
        _at_360(page, "new-bill")
        page.get_by_role("button", name="Lagre").click()
        page.get_by_role("heading", name="Økonomi", level=1).wait_for()
        expect(page.get_by_role("status").first).to_contain_text("Lagret.")
        page.goto(month)

    add_bill("Telefon og internett", "1500", 15)
    alert = page.locator("main .ds-alert")
    expect(alert).to_contain_text(f"Pengene er brukt opp {day[15]}, før neste utbetaling {day[20]}")
    _at_360(page, "month-short")
    add_bill("Transport", "1200", 5)
    expect(alert).to_contain_text(f"Pengene er brukt opp {day[5]}, før neste utbetaling {day[20]}")
    assert EconomyChange.objects.filter(by=portal.mother_user, by_family=True).count() == 2

    page.get_by_role("link", name="Inntekter, utgifter og gjeld").click()
    page.get_by_role("heading", name="Utgifter og regninger").wait_for()
    expect(page.locator("main").get_by_role("link", name="Endre Transport")).to_be_visible()
    _at_360(page, "overview-parent")

    page.context.clear_cookies()
    _login(page, "ola")
    page.goto(month)
    expect(page.locator("main .ds-alert")).to_contain_text(f"Pengene er brukt opp {day[5]}")
    expect(page.get_by_role("link", name="Legg til utgift")).to_have_count(0)
    _at_360(page, "month-youth")

"""The foundation in a real browser: login, start page, language, logout, access log.

axe-core (WCAG 2.1 A/AA) runs on every page these tests visit; layout is checked at 360 px
and at 200 % zoom; screenshots go to /tmp/fp-screens/ for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from familieplan.core.roles import Role
from tests.browser.helpers import (
    assert_no_horizontal_scroll,
    assert_skip_link_works,
    check_axe,
    login,
    screenshot,
)
from tests.factories import TEST_PASSWORD, make_municipality, make_unit, make_user

pytestmark = pytest.mark.browser

# The language switcher's names in bokmål or English: the English catalogue may not be
# translated yet, so either passes after switching.
LANGUAGE = re.compile(r"^(Språk|Language)$")
SWITCH_LANGUAGE = re.compile(r"^(Bytt språk|Change language)$")


@pytest.fixture
def municipality(transactional_db):
    return make_municipality(number="9901", name="Demo kommune")


@pytest.fixture
def coordinator(municipality):
    unit = make_unit(municipality=municipality, name="Familiesenteret")
    return make_user(username="koordinator", role=Role.COORDINATOR, unit=unit)


@pytest.fixture
def privacy_officer(municipality):
    return make_user(username="personvern", role=Role.PRIVACY_OFFICER, municipality=municipality)


def language_select(page):
    return page.get_by_role("combobox", name=LANGUAGE)


def switch_language(page, name: str, code: str) -> None:
    language_select(page).select_option(label=name)
    page.get_by_role("button", name=SWITCH_LANGUAGE).click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_coordinator_logs_in_switches_language_and_logs_out(page, live_server, coordinator):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i Familieplan")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    check_axe(page)
    screenshot(page, "01-login-1280")

    login(page, live_server, "koordinator", TEST_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei")
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_visible()
    check_axe(page)
    screenshot(page, "02-start-coordinator-1280")

    switch_language(page, "English", "en")
    expect(page).to_have_url(f"{live_server.url}/")
    language = language_select(page)
    expect(language).to_have_value("en")
    expect(language.locator("option:checked")).to_have_text("English")
    check_axe(page)

    switch_language(page, "Norsk bokmål", "nb")
    expect(language_select(page)).to_have_value("nb")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei")
    check_axe(page)

    page.get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("button", name="Logg inn")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)
    check_axe(page)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_wrong_password_shows_an_error_tied_to_the_form(page, live_server, coordinator):
    login(page, live_server, "koordinator", "not the password")
    form = page.locator("form").filter(has=page.get_by_role("button", name="Logg inn"))
    summary = form.get_by_role("alert")
    expect(summary).to_contain_text("Feil brukernavn eller passord")
    expect(summary).to_have_accessible_name("Noe må rettes før du kan gå videre")
    expect(page.get_by_label("Brukernavn")).to_have_value("koordinator")
    expect(page.get_by_label("Passord")).to_have_value("")
    check_axe(page)
    screenshot(page, "03-login-wrong-password-1280")


# small_page runs each test at 360 × 740 and at 640 × 400 (1280 × 800 at 200 % zoom).
def test_start_page_reflows_and_skip_link_works(small_page, live_server, coordinator):
    page = small_page
    login(page, live_server, "koordinator", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei")
    assert_no_horizontal_scroll(page)
    assert_skip_link_works(page)
    check_axe(page)
    screenshot(page, f"04-start-coordinator-{page.viewport_size['width']}")


def test_access_log_reflows_and_skip_link_works(small_page, live_server, privacy_officer):
    page = small_page
    login(page, live_server, "personvern", TEST_PASSWORD)
    # A search is itself logged, so the next visit has a row in the results table.
    page.goto("/access-log/?user=personvern")
    page.goto("/access-log/")
    expect(page.get_by_role("table")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_skip_link_works(page)
    check_axe(page)
    screenshot(page, f"05-access-log-{page.viewport_size['width']}")


def test_privacy_officer_gets_clear_errors_for_a_bad_date_range(page, live_server, privacy_officer):
    login(page, live_server, "personvern", TEST_PASSWORD)
    nav = page.get_by_role("navigation", name="Hovedmeny")
    nav.get_by_role("link", name="Innsynslogg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Innsynslogg")
    expect(nav.get_by_role("link", name="Innsynslogg")).to_have_attribute("aria-current", "page")
    check_axe(page)
    screenshot(page, "06-access-log-1280")

    page.get_by_label("Fra dato").fill("2025-05-10")
    page.get_by_label("Til dato").fill("2025-05-01")
    page.get_by_role("button", name="Søk", exact=True).click()

    summary = page.get_by_role("alert")
    expect(summary).to_have_accessible_name("Noe må rettes før du kan gå videre")
    message = "Til-datoen kan ikke være før fra-datoen."
    expect(summary).to_contain_text(message)
    date_to = page.get_by_label("Til dato")
    expect(date_to).to_have_attribute("aria-invalid", "true")
    expect(date_to).to_have_accessible_description(re.compile(re.escape(message)))
    expect(page.get_by_label("Fra dato")).to_have_value("2025-05-10")
    expect(page.get_by_role("heading", name="0 oppføringer")).to_be_visible()
    check_axe(page)
    screenshot(page, "07-access-log-errors-1280")

    summary.get_by_role("link", name=re.compile("Til dato")).click()
    expect(date_to).to_be_focused()

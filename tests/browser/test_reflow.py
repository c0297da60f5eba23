"""WCAG 1.4.10 reflow, which axe does not check: at 360 CSS px no page scrolls sideways. Every
browser test's pages are laid out again at 360 px by the `new_page` fixture
(`helpers.reflow_problems`); these tests check that check, and the staff pages with the
widest content (the household table, the caseload) on a phone."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_no_horizontal_scroll, login, reflow_problems
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

FRAME = """<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>x</title>
<link rel="stylesheet" href="/static/familieplan/site.css"></head>
<body><main>{}</main></body></html>"""


def test_the_check_finds_a_page_that_scrolls_sideways(browser, live_server):
    wide = FRAME.format('<p id="too-wide" style="width: 600px">Bred</p>')
    problems = reflow_problems(browser, [(f"{live_server.url}/reflow/wide/", wide)])
    assert len(problems) == 1
    assert "/reflow/wide/ scrolls sideways at 360 px" in problems[0]
    assert "p#too-wide" in problems[0]


#: A table wider than the phone in its own scrolling region, with a visually hidden text in
#: its last column (as the household table's "Endre <name>" links have).
TABLE = FRAME.format(
    '<div class="table-scroll" tabindex="0"><table style="width: 900px"><tr>'
    '<td>Kari Nordmann</td><td style="width: 700px"></td><td><a href="#">Endre<span '
    'style="position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 '
    '0); white-space: nowrap">Kari Nordmann</span></a></td></tr></table></div>'
)


def test_a_wide_table_in_its_own_scrolling_region_is_allowed(browser, live_server):
    """Also its hidden texts: the region is their containing block (site.css), so they do
    not stick out of it and widen the page."""
    assert reflow_problems(browser, [(f"{live_server.url}/reflow/table/", TABLE)]) == []


def test_a_hidden_text_escaping_its_scrolling_region_is_found(browser, live_server):
    escaping = TABLE.replace('class="table-scroll"', 'style="overflow-x: auto"')
    problems = reflow_problems(browser, [(f"{live_server.url}/reflow/escape/", escaping)])
    assert len(problems) == 1 and "span" in problems[0] and "Kari Nordmann" in problems[0]


def _family_with_household():
    """Familien Lund with five people, long names, masked identity numbers and languages."""
    from tests.browser.helpers import make_family_with_goal
    from tests.factories import make_member

    family = make_family_with_goal()
    for first, role, born in (
        ("Mohammed Abdirahman", "parent", date(1980, 1, 2)),
        ("Aleksandra Wiśniewska-Kowalczyk", "other_adult", date(1983, 3, 4)),
        ("Tesfamariam", "youth", date(2009, 5, 6)),
        ("Ella", "child", date(2016, 7, 8)),
    ):
        make_member(
            family=family,
            first_name=first,
            role=role,
            birth_date=born,
            languages="arabisk, somali, engelsk",
            needs_interpreter=True,
        )
    return family


@pytest.mark.parametrize(
    "path", ["", "plan", "mapping", "journal", "meetings", "caseload", "partners"]
)
def test_the_staff_pages_of_a_family_fit_a_phone(new_page, live_server, path):
    """The family page's household table scrolled the whole page by 258 px at 360 px."""
    family = _family_with_household()
    page = new_page(PHONE)
    login(page, live_server, "koordinator", TEST_PASSWORD)
    url = {
        "": f"/families/{family.pk}/",
        "plan": f"/plans/{family.pk}/",
        "mapping": f"/mapping/{family.pk}/",
        "journal": f"/journal/{family.pk}/",
        "meetings": f"/meetings/{family.pk}/",
        "caseload": "/families/",
        "partners": "/partners/",  # a one-word heading wider than the phone beside a button
    }[path]
    page.goto(url)
    assert_no_horizontal_scroll(page)


def test_every_page_a_test_loads_is_recorded(browser, live_server):
    """What the fixture lays out again: each page as loaded, links followed included."""
    from tests.browser.helpers import record_pages

    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    try:
        pages = record_pages(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_role("link", name="Glemt passordet?").click()
        page.wait_for_load_state()
        page.goto("/accounts/family/login/")
        page.wait_for_load_state()
    finally:
        context.close()
    assert [url.removeprefix(live_server.url) for url, _html in pages] == [
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/family/login/",
    ]
    assert all(html.startswith("<!DOCTYPE html><html") for _url, html in pages)

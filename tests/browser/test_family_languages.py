"""The family's pages in a real browser in Arabic (right to left), Tigrinya and Somali: the
mother switches language at 360 px, every page turns right to left, axe finds nothing, nothing
scrolls sideways, the charts keep reading left to right; screenshots in /tmp/fp-screens/
(family-ar-…, family-ti-…, family-so-…) for a person to look at (decision 0013)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from familieplan.core.models import AccessLog
from familieplan.families.models import Domain
from familieplan.journal import services as journal
from familieplan.mapping import services as mapping
from familieplan.mapping.models import Instrument
from familieplan.meetings import services as meetings
from familieplan.meetings.services import Invitee
from tests.browser.conftest import ZOOM_200
from tests.browser.helpers import assert_no_horizontal_scroll, check_axe, login, screenshot
from tests.factories import TEST_PASSWORD
from tests.partners.conftest import shared  # noqa: F401
from tests.portal.conftest import portal  # noqa: F401

pytestmark = pytest.mark.browser

PAGES = [
    ("home", "/family/"),
    ("plan", "/family/plan/"),
    ("meetings", "/family/meetings/"),
    ("consents", "/family/consents/"),
    ("access-log", "/family/access-log/"),
    ("progress", "/family/progress/"),
    ("record", "/family/record/"),
    ("copy", "/family/copy/"),
    ("propose", "/family/plan/propose/"),
    ("consent-give", "/family/consents/new/"),
]


@pytest.fixture
def family(transactional_db, portal):  # noqa: F811
    """The portal family with two finished mappings of its own domain rating (so the charts
    show), a meeting next week, and the coordinator's visits in the access log."""
    data = portal.shared
    world = data.world
    today = timezone.localdate()
    mapping.refresh_schedule(data.family)
    rating = Instrument.objects.filter(key="domain-rating").order_by("-version").first()
    codes = list(
        Domain.objects.filter(municipality=world.muni_a, active=True).values_list("code", flat=True)
    )
    for days_ago, occasion, base in ((90, "intake", 3), (10, "extra", 6)):
        assessment = mapping.assessment_start(
            family=data.family,
            by=world.coordinator,
            occasion=occasion,
            held_on=today - timedelta(days=days_ago),
        )
        mapping.response_save(
            assessment=assessment,
            instrument=rating,
            member=None,
            answered_by="self",
            answers={f"domain:{code}": min(10, base + i) for i, code in enumerate(codes)},
            final=True,
            by=world.coordinator,
        )
        mapping.assessment_complete(assessment=assessment, by=world.coordinator)
    start = timezone.now() + timedelta(days=7)
    meetings.meeting_schedule(
        family=data.family,
        by=world.coordinator,
        kind="family_conversation",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Familiesenteret",
        invitees=[Invitee(member=data.mother)],
    )
    journal.note_write(
        family=data.family,
        by=world.coordinator,
        level="ordinary",
        text="Samtale om bolig.",
        about=None,
    )
    # Staff and the school look at the family: lines in the family's access log.
    visitor = Client()
    for user, url in (
        (world.coordinator, f"/families/{data.family.pk}/"),
        (world.coordinator, f"/journal/{data.family.pk}/"),
        (world.partner, f"/partner/{data.family.pk}/"),
        (world.coordinator_b, f"/families/{data.family.pk}/"),
    ):
        visitor.force_login(user)
        visitor.get(url)
    assert AccessLog.objects.filter(family_id=data.family.pk).count() >= 3
    return portal


def switch_language(page, code: str) -> None:
    page.locator("#language-select").select_option(code)
    page.locator(".language-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", code)


def assert_reads_right_to_left(page) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    layout = page.evaluate(
        """() => {
          const box = (el) => el.getBoundingClientRect();
          const main = document.querySelector('main');
          const h1 = document.querySelector('main h1');
          const links = [...document.querySelectorAll('.portal-nav a')];
          return {
            direction: getComputedStyle(main).direction,
            h1Right: box(h1).right, mainRight: box(main).right,
            h1Left: box(h1).left, mainLeft: box(main).left,
            firstRight: links.length ? box(links[0]).right : 0,
            lastRight: links.length ? box(links[links.length - 1]).right : 0,
            charts: [...document.querySelectorAll('figure.chart')].map(
              (f) => getComputedStyle(f).direction),
          };
        }"""
    )
    assert layout["direction"] == "rtl"
    # The heading starts at the right edge of the content, the page nav's first link too
    # (the form pages have no page nav).
    assert abs(layout["mainRight"] - layout["h1Right"]) < 40, layout
    assert layout["firstRight"] >= layout["lastRight"], layout
    # The charts keep their left-to-right geometry (time runs left to right in them).
    assert all(direction == "ltr" for direction in layout["charts"]), layout


def test_family_pages_in_arabic_on_a_phone(phone_page, live_server, family):
    page = phone_page
    login(page, live_server, "mona", TEST_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/family/")
    switch_language(page, "ar")
    expect(page.get_by_role("heading", level=1)).to_have_text("مرحباً، Mona")
    for name, url in PAGES:
        page.goto(url)
        assert_reads_right_to_left(page)
        check_axe(page)
        assert_no_horizontal_scroll(page)
        screenshot(page, f"family-ar-{name}")
        if name == "progress":
            assert page.locator("figure.chart svg").count() == 2
    # Remembered on the person: a new browser, log in, still Arabic.
    family.mother_user.refresh_from_db()
    assert family.mother_user.language == "ar"


def test_the_arabic_plan_at_200_percent_zoom(new_page, live_server, family):
    page = new_page(ZOOM_200)
    family.mother_user.language = "ar"
    family.mother_user.save(update_fields=["language"])
    login(page, live_server, "mona", TEST_PASSWORD)
    page.goto("/family/plan/")
    assert_reads_right_to_left(page)
    check_axe(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "family-ar-plan-zoom200")


@pytest.mark.parametrize(
    ("code", "heading"), [("ti", "ሰላም፣ Mona"), ("so", "Salaan, Mona")], ids=["ti", "so"]
)
def test_family_pages_in_tigrinya_and_somali(phone_page, live_server, family, code, heading):
    page = phone_page
    login(page, live_server, "mona", TEST_PASSWORD)
    switch_language(page, code)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_axe(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"family-{code}-home")
    page.goto("/family/plan/")
    check_axe(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"family-{code}-plan")


def test_the_family_login_page_in_arabic(phone_page, live_server, family):
    """A visitor picks Arabic on the login page; a wrong password is explained in Arabic."""
    page = phone_page
    page.goto("/accounts/family/login/")
    switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("دخول العائلات")
    page.locator("#id_username").fill("mona")
    page.locator("#id_password").fill("wrong password")
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.wait_for_load_state()
    expect(page.get_by_text("اسم المستخدم أو كلمة المرور غير صحيحة")).to_be_visible()
    check_axe(page)
    assert_no_horizontal_scroll(page)
    screenshot(page, "family-ar-login")


def test_bokmal_text_keeps_its_own_direction_on_an_arabic_page(phone_page, live_server, family):
    """What staff typed in bokmål is marked lang="nb" and isolated: on a right-to-left page
    its brackets and full stop stay where they were written (at its end, on the right)."""
    from familieplan.plans import services as plans

    data = family.shared
    plans.measure_add(
        goal=data.family_goal,
        by=data.world.coordinator,
        what="Søke barnehageplass (bydel Sør).",
        responsible_kind="coordinator",
        responsible_user=data.world.coordinator,
        due_on=timezone.localdate() + timedelta(days=20),
    )
    family.mother_user.language = "ar"
    family.mother_user.save(update_fields=["language"])
    page = phone_page
    login(page, live_server, "mona", TEST_PASSWORD)
    page.goto("/family/plan/")
    text = page.locator('p > span[lang="nb"]', has_text="Søke barnehageplass")
    expect(text).to_have_attribute("dir", "auto")
    order = text.evaluate(
        """(span) => {
          const node = span.firstChild;
          const at = (i) => { const r = document.createRange(); r.setStart(node, i);
            r.setEnd(node, i + 1); return r.getBoundingClientRect().left; };
          const last = node.textContent.length - 1;
          return {direction: getComputedStyle(span).direction,
                  first: at(0), bracket: at(last - 1), stop: at(last)};
        }"""
    )
    assert order["direction"] == "ltr", order
    assert order["first"] < order["bracket"] < order["stop"], order
    # The domain name is the Arabic one, not bokmål.
    expect(page.get_by_role("heading", level=2).first).not_to_contain_text("Barnehage og skole")
    check_axe(page)
    screenshot(page, "family-ar-plan-bokmal-text")

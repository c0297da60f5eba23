"""The family's own pages in a real browser, on a 360 px wide phone: the mother (`forelder`)
logs in through the family entrance, reads the plan (her young child's goal, not the youth's),
proposes a goal (an empty one is refused first, with nothing lost), withdraws her own consent
(the youth's consent is not shown to her), downloads the copy of everything as JSON (her notes,
not the youth's) and sees the coordinator's visit in the access log. The youth (`ungdom`) sees
only his part, and his sister's goal is a 404. Axe, no sideways scrolling and a screenshot on
every page type."""

import json
import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from familieplan.core.models import AccessLog
from familieplan.partners.models import Consent
from familieplan.portal.models import Proposal
from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_no_horizontal_scroll, check_axe, screenshot
from tests.factories import TEST_PASSWORD
from tests.partners.conftest import shared  # noqa: F401 (fixture)
from tests.portal.conftest import portal  # noqa: F401 (fixture)
from tests.portal.test_visibility import NOTES

pytestmark = pytest.mark.browser

PORTAL_NAV = "Familiens side"
PROPOSAL = "Ella vil lære å svømme."
REQUIRED = "Feltet er påkrevet."


def _at_360(page: Page, name: str) -> None:
    """The page as it is now, at 360 px: a screenshot, axe, and no sideways scrolling."""
    __tracebackhide__ = True
    assert page.viewport_size == PHONE
    screenshot(page, f"family-{name}")
    failures = []
    for check in (check_axe, assert_no_horizontal_scroll):
        try:
            check(page)
        except AssertionError as error:
            failures.append(str(error))
    if failures:
        raise AssertionError("\n\n".join(failures))


def _family_login(page: Page, username: str) -> None:
    """Log in through the family entrance's real form."""
    page.goto("/accounts/family/login/")
    page.get_by_role("heading", name="Logg inn for familier", level=1).wait_for()
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/family/$"))


def _open(page: Page, link: str, heading: str) -> None:
    """Follow a link in the family's own menu and wait for the page's heading."""
    page.get_by_role("navigation", name=PORTAL_NAV).get_by_role(
        "link", name=link, exact=True
    ).click()
    page.get_by_role("heading", name=heading, level=1, exact=True).wait_for()
    expect(
        page.get_by_role("navigation", name=PORTAL_NAV).get_by_role("link", name=link, exact=True)
    ).to_have_attribute("aria-current", "page")


def _goal_headings(page: Page):
    return page.locator("main section.goal h2")


def _consent_card(page: Page, who: str):
    return page.locator("main li.ds-card").filter(has_text=f"Gjelder {who}")


def test_a_parent_reads_the_plan_proposes_a_goal_withdraws_a_consent_and_downloads_a_copy(
    page,
    live_server,
    portal,  # noqa: F811
):
    hansen = portal.shared
    page.set_viewport_size(PHONE)

    # Before the mother logs in, the coordinator opens the family's staff page (logged).
    coordinator = Client()
    coordinator.force_login(hansen.world.coordinator)
    assert coordinator.get(f"/families/{hansen.family.pk}/").status_code == 200

    # The family entrance, then the overview.
    page.goto("/accounts/family/login/")
    page.get_by_role("heading", name="Logg inn for familier", level=1).wait_for()
    _at_360(page, "login")
    _family_login(page, "mona")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Mona")
    expect(page.locator("main")).to_contain_text("Koordinatoren deres")
    _at_360(page, "home-parent")

    # The plan: the family's goal and Ella's, not Ola's.
    _open(page, "Planen vår", "Planen vår")
    goals = _goal_headings(page)
    expect(goals).to_have_count(2)
    expect(goals.filter(has_text=hansen.family_goal.own_words)).to_have_count(1)
    expect(goals.filter(has_text=hansen.child_goal.own_words)).to_have_count(1)
    main = page.locator("main")
    expect(main).not_to_contain_text(hansen.youth_goal.own_words)
    expect(main).not_to_contain_text("Ola")
    ella_goal = page.locator("main section.goal").filter(has_text=hansen.child_goal.own_words)
    expect(ella_goal).to_contain_text("Ella")
    expect(page.get_by_role("heading", name="Det du har sendt")).to_have_count(0)
    _at_360(page, "plan-parent")

    # Propose a goal: an empty text is refused, in the summary and next to the field.
    page.get_by_role("link", name="Foreslå et mål eller en endring").click()
    page.get_by_role("heading", name="Foreslå et mål eller en endring", level=1).wait_for()
    about = page.get_by_label("Hvem gjelder det")
    expect(about.locator("option")).to_have_text(["Hele familien", "Meg", "Ella"])
    expect(page.get_by_label("Et nytt mål")).to_be_checked()
    _at_360(page, "propose")
    about.select_option(label="Ella")
    page.get_by_role("button", name="Send forslaget").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Noe må rettes før du kan gå videre")
    expect(summary).to_be_focused()
    summary_link = summary.get_by_role("link")
    expect(summary_link).to_have_text([f"Skriv med dine egne ord: {REQUIRED}"])
    expect(summary_link).to_have_attribute("href", "#id_text")
    text = page.get_by_label("Skriv med dine egne ord")
    expect(page.locator("#id_text_error")).to_have_text(REQUIRED)
    expect(text).to_have_attribute("aria-invalid", "true")
    expect(text).to_have_attribute("aria-describedby", re.compile(r"\bid_text_error\b"))
    # Nothing lost: what was chosen is still chosen.
    expect(about).to_have_value(str(hansen.child.pk))
    expect(page.get_by_label("Et nytt mål")).to_be_checked()
    assert not Proposal.objects.exists()
    _at_360(page, "propose-error")

    text.fill(PROPOSAL)
    page.get_by_role("button", name="Send forslaget").click()
    page.get_by_role("heading", name="Planen vår", level=1).wait_for()
    expect(page.get_by_role("status")).to_contain_text("Forslaget er sendt til koordinatoren.")
    sent = page.locator("section[aria-labelledby=proposals-heading]")
    expect(sent.get_by_role("heading", name="Det du har sendt")).to_be_visible()
    expect(sent.locator("li")).to_have_count(1)
    expect(sent.locator("li")).to_contain_text(PROPOSAL)
    expect(sent.locator("li")).to_contain_text("Ikke besvart ennå.")
    proposal = Proposal.objects.get()
    assert (proposal.by, proposal.about, proposal.kind, proposal.text) == (
        hansen.mother,
        hansen.child,
        "new_goal",
        PROPOSAL,
    )
    _at_360(page, "plan-parent-sent")

    # Consents: her own and Ella's, not the one Ola gave about himself.
    _open(page, "Samtykker", "Samtykker")
    cards = page.locator("main li.ds-card")
    expect(cards).to_have_count(2)
    expect(_consent_card(page, "Ola")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Ola")
    mine, ella = _consent_card(page, "Mona"), _consent_card(page, "Ella")
    expect(mine).to_contain_text("Lunde skole")
    expect(ella).to_contain_text("Lunde skole")
    _at_360(page, "consents-parent")
    mine.get_by_role("button", name="Trekk tilbake").click()
    expect(page.get_by_role("status")).to_contain_text("Samtykket er trukket tilbake.")
    mine = _consent_card(page, "Mona")
    expect(mine).to_contain_text("Trukket tilbake")
    expect(mine.get_by_role("button")).to_have_count(0)
    expect(_consent_card(page, "Ella").get_by_role("button", name="Trekk tilbake")).to_be_visible()
    withdrawn = Consent.objects.get(pk=portal.consents["mother"].pk)
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_method == "digital"
    for key in ("child", "youth"):
        assert Consent.objects.get(pk=portal.consents[key].pk).withdrawn_at is None
    _at_360(page, "consents-parent-withdrawn")

    # The copy of everything, as JSON: her notes and Ella's and the family's, not Ola's.
    _open(page, "Kopi av alt", "Kopi av alt om dere")
    _at_360(page, "copy")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned som JSON (for maskiner)").click()
    download = download_info.value
    assert re.fullmatch(r"familieplan-kopi-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    data = json.loads(download.path().read_text(encoding="utf-8"))
    notes = {note["text"] for note in data["notes"]}
    assert notes == {portal.notes[key].text for key in NOTES["mother"]}
    assert portal.notes["youth"].text not in notes
    assert hansen.youth.full_name not in json.dumps(data, ensure_ascii=False)
    assert {c["about"] for c in data["consents"]} == {
        hansen.mother.full_name,
        hansen.child.full_name,
    }
    assert AccessLog.objects.filter(
        user=portal.mother_user, action="export", object_type="portal.copy"
    ).exists()

    # Who has looked: the coordinator's visit, in plain words.
    _open(page, "Hvem har sett opplysningene", "Hvem har sett opplysningene våre")
    visits = page.locator("main li.ds-card")
    coordinator_visit = visits.filter(has_text="Familiekoordinator").filter(has_text="så på")
    expect(coordinator_visit.first).to_be_visible()
    expect(coordinator_visit.first).to_contain_text(
        "Familiekoordinator (Test Bruker) så på familiens opplysninger"
    )
    # The family's own visits (hers, many by now) are left out: only the coordinator's.
    expect(visits.filter(has_text="Familiemedlem")).to_have_count(0)
    expect(visits).to_have_count(1)
    _at_360(page, "access-log")


def test_a_youth_sees_only_his_own_part(page, live_server, portal):  # noqa: F811
    hansen = portal.shared
    page.set_viewport_size(PHONE)
    _family_login(page, "ola")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Ola")
    _at_360(page, "home-youth")

    # The plan: his own goal and the family's, not Ella's.
    _open(page, "Planen vår", "Planen vår")
    goals = _goal_headings(page)
    expect(goals).to_have_count(2)
    expect(goals.filter(has_text=hansen.family_goal.own_words)).to_have_count(1)
    expect(goals.filter(has_text=hansen.youth_goal.own_words)).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text(hansen.child_goal.own_words)
    expect(page.locator("main")).not_to_contain_text("Ella")
    _at_360(page, "plan-youth")

    # Contacts and notes: his own and the family's, not his mother's or his sister's.
    _open(page, "Kontakter og notater", "Kontakter og notater")
    timeline = page.locator("main ol.timeline")
    for key, note in portal.notes.items():
        if key in NOTES["youth"]:
            expect(timeline).to_contain_text(note.text)
        else:
            expect(page.locator("main")).not_to_contain_text(note.text)
    expect(timeline.locator("li")).to_have_count(len(NOTES["youth"]))
    _at_360(page, "record-youth")

    # Consents: only the one about himself, which he gave and may withdraw.
    _open(page, "Samtykker", "Samtykker")
    cards = page.locator("main li.ds-card")
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text("Gjelder Ola")
    expect(cards).to_contain_text("Lunde skole")
    expect(cards.get_by_role("button", name="Trekk tilbake")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Mona")
    expect(page.locator("main")).not_to_contain_text("Ella")
    _at_360(page, "consents-youth")

    # Commenting on his own goal is a form; on Ella's goal the address answers 404 (logged).
    response = page.goto(f"/family/plan/goals/{hansen.youth_goal.pk}/comment/")
    assert response is not None and response.status == 200
    page.get_by_role("heading", name=re.compile("^Kommentar til målet"), level=1).wait_for()
    _at_360(page, "goal-comment")
    response = page.goto(f"/family/plan/goals/{hansen.child_goal.pk}/comment/")
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text(hansen.child_goal.own_words)
    assert AccessLog.objects.filter(user=portal.youth_user, outcome="not_found").exists()
    _at_360(page, "not-found-youth")

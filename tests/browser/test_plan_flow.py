"""The plan in a real browser: create it, add a goal and a measure, complete the measure,
look at the history and the difference — axe on every page."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from familieplan.core.roles import Role
from familieplan.families.models import Enrolment, ProgrammeSettings
from familieplan.plans.models import Measure
from tests.browser.helpers import check_axe, login
from tests.factories import (
    TEST_PASSWORD,
    make_family,
    make_municipality,
    make_partner,
    make_unit,
    make_user,
)

pytestmark = pytest.mark.browser


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def family(transactional_db):
    muni = make_municipality(number="9901", name="Demo kommune")
    unit = make_unit(municipality=muni, name="Familiesenteret")
    coordinator = make_user(username="koordinator", role=Role.COORDINATOR, unit=unit)
    ProgrammeSettings.for_municipality(muni)
    family = make_family(unit=unit, name="Familien Lund", coordinator=coordinator)
    family.stage = "active"
    family.save()
    Enrolment.objects.create(
        municipality=muni,
        family=family,
        status="active",
        started_on=date(2026, 1, 1),
        planned_end=date(2030, 12, 31),
    )
    return family


def test_plan_goal_measure_done_and_history(page, live_server, family):
    make_partner(municipality=family.municipality, name="NAV Demo")
    today = timezone.localdate()
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto(f"{live_server.url}/families/{family.pk}/")
    page.get_by_role("link", name="Familiens plan").click()
    check_axe(page)
    page.get_by_role("link", name="Lag planen").click()
    page.get_by_label("Familiens behov").fill("Oversikt over økonomien.")
    check_axe(page)
    page.get_by_role("button", name="Opprett planen").click()
    page.get_by_text("Planen er opprettet.").wait_for()

    page.get_by_role("link", name="Nytt mål").click()
    page.get_by_label("Livsområde").select_option(label="Økonomi")
    page.get_by_label("Målet med familiens egne ord").fill("Vi vil ha kontroll på regningene.")
    page.get_by_role("button", name="Legg til mål").click()
    page.get_by_text("Målet er lagt til.").wait_for()

    page.get_by_role("link", name="Nytt tiltak").click()
    page.get_by_label("Hva skal gjøres").fill("Gå gjennom regningene sammen")
    page.get_by_label("En samarbeidspartner").check()
    page.get_by_label("Ansvarlig samarbeidspartner").select_option(label="NAV Demo")
    page.get_by_label("Frist").fill((today + timedelta(days=14)).isoformat())
    check_axe(page)
    page.get_by_role("button", name="Legg til tiltak").click()
    page.get_by_text("Tiltaket er lagt til.").wait_for()
    check_axe(page)

    page.get_by_label("Ny status").select_option(label="Utført")
    page.get_by_label("Kort begrunnelse").fill("Oversikt laget.")
    page.get_by_role("button", name="Oppdater tiltaket").click()
    page.get_by_text("Tiltaket er oppdatert.").wait_for()
    assert Measure.objects.get().status == "done"

    # Date the first two versions a month back: the plan then had a goal but no measure.
    from familieplan.plans.models import PlanVersion

    month_ago = timezone.now() - timedelta(days=30)
    PlanVersion.objects.filter(number__lte=2).update(at=month_ago)
    page.get_by_role("link", name="historikk").click()
    page.get_by_label("Vis planen slik den var").fill((today - timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Vis", exact=True).click()
    page.get_by_role("heading", name=re.compile("^Versjon 2, lagret")).wait_for()
    assert page.get_by_text("Ingen tiltak.").count() == 1
    page.get_by_role("link", name="se endringen").first.click()
    page.get_by_role("heading", name="Endringer fra versjon 3 til 4").wait_for()
    check_axe(page)

    # The printed plan, downloaded as the family would get it.
    page.get_by_role("link", name="Familiens plan").first.click()
    # Rendering a PDF takes a few seconds on a busy machine: wait longer than for a page.
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("link", name="Last ned PDF (bokmål)").click(timeout=60_000)
    text = _pdf_text(download.value.path())
    assert "Familiens plan: Familien Lund" in text
    assert "Gå gjennom regningene sammen" in text and "NAV Demo" in text


def test_two_people_editing_the_same_measure_get_the_conflict_message(
    new_page, live_server, family
):
    from familieplan.plans import services

    coordinator = family.coordinator
    colleague_lead = make_user(username="leder", role=Role.TEAM_LEAD, unit=family.unit)
    plan = services.plan_create(
        family=family, by=coordinator, period_start=date(2026, 1, 1), period_end=date(2030, 12, 31)
    )
    goal = services.goal_add(
        plan=plan,
        by=coordinator,
        own_words="Trygg bolig",
        domain=family.municipality.domains.get(code="housing"),
    )
    services.measure_add(
        goal=goal,
        by=coordinator,
        what="Søke om bostøtte",
        responsible_kind="service",
        responsible_partner=make_partner(municipality=family.municipality, name="NAV Fjord"),
        due_on=date(2027, 1, 1),
    )
    first, second = new_page(), new_page()
    login(first, live_server, "koordinator", TEST_PASSWORD)
    login(second, live_server, colleague_lead.username, TEST_PASSWORD)
    for page in (first, second):
        page.goto(f"{live_server.url}/plans/{family.pk}/")
    first.get_by_label("Ny status").select_option(label="Pågår")
    first.get_by_role("button", name="Oppdater tiltaket").click()
    first.get_by_text("Tiltaket er oppdatert.").wait_for()
    # The second person still has the old version of the page open.
    second.get_by_label("Ny status").select_option(label="Avbrutt")
    second.get_by_label("Kort begrunnelse").fill("Trengs ikke.")
    second.get_by_role("button", name="Oppdater tiltaket").click()
    second.get_by_text("Noen andre har lagret en endring").wait_for()
    assert second.get_by_text("Status nå: Pågår.").count() == 1
    check_axe(second)
    assert Measure.objects.get().status == "in_progress"

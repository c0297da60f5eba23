"""The measure status control in a real browser, on a plan long enough to scroll: the last
measure offers only its allowed moves; closing it without a reason comes back at that measure
(the error summary there has the focus, the page is anchored at the measure), with the choice
still chosen — then it succeeds and the page returns to the measure. Axe on the error."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from familieplan.core.roles import Role
from familieplan.families.models import Enrolment, ProgrammeSettings
from familieplan.plans import services
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


@pytest.fixture
def long_plan(transactional_db):
    muni = make_municipality(number="9901", name="Demo kommune")
    unit = make_unit(municipality=muni, name="Familiesenteret")
    coordinator = make_user(username="koordinator", role=Role.COORDINATOR, unit=unit)
    ProgrammeSettings.for_municipality(muni)
    family = make_family(unit=unit, name="Familien Lund", coordinator=coordinator)
    Enrolment.objects.create(
        municipality=muni, family=family, status="active", started_on=date(2026, 1, 1)
    )
    plan = services.plan_create(
        family=family, by=coordinator, period_start=date(2026, 1, 1), period_end=date(2030, 1, 1)
    )
    nav = make_partner(municipality=muni, name="NAV Fjord")
    measures = []
    for code in ("housing", "economy", "work", "health", "school"):
        goal = services.goal_add(
            plan=plan,
            by=coordinator,
            own_words=f"Mål for {code}",
            domain=muni.domains.get(code=code),
        )
        for n in range(2):
            measures.append(
                services.measure_add(
                    goal=goal,
                    by=coordinator,
                    what=f"Tiltak {code} {n}",
                    responsible_kind="service",
                    responsible_partner=nav,
                    due_on=date(2027, 1, 1),
                )
            )
    return family, measures[-1]


def test_a_refused_move_comes_back_at_the_measure_with_the_choice_kept(
    page, live_server, long_plan
):
    family, last = long_plan
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto(f"{live_server.url}/plans/{family.pk}/")
    control = page.locator(f"#to-{last.pk}")
    expect(control.locator("option")).to_have_text(
        ["Ingen endring (nå: Planlagt)", "Pågår", "Utført", "Avbrutt"]
    )
    expect(control).to_have_value("")
    control.select_option(label="Utført")
    page.locator(f"#measure-{last.pk}").get_by_role("button", name="Oppdater tiltaket").click()

    measure = page.locator(f"#measure-{last.pk}")
    summary = measure.get_by_role("alert")
    page.wait_for_load_state()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_attribute("href", f"#reason-{last.pk}")
    expect(page).to_have_url(re.compile(rf"#measure-{last.pk}$"))
    expect(page.locator(f"#reason-{last.pk}_error")).to_contain_text(
        "Skriv en kort begrunnelse for å avslutte."
    )
    expect(control).to_have_value("done")
    assert (
        page.evaluate(f"document.getElementById('measure-{last.pk}').getBoundingClientRect().top")
        < 800
    )
    check_axe(page)

    measure.get_by_label("Kort begrunnelse").fill("Søknaden er sendt.")
    measure.get_by_role("button", name="Oppdater tiltaket").click()
    page.get_by_text("Tiltaket er oppdatert.").wait_for()
    assert Measure.objects.get(pk=last.pk).status == "done"

"""The intake flow in a real browser: referral → screening → inclusion → coordinator →
caseload, with axe on every page."""

import re

import pytest
from django.utils import timezone

from familieplan.core.roles import Role
from familieplan.families.models import Family
from tests.browser.helpers import check_axe, login
from tests.factories import TEST_PASSWORD, make_municipality, make_unit, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def staff(transactional_db):
    muni = make_municipality(number="9901", name="Demo kommune")
    unit = make_unit(municipality=muni, name="Familiesenteret")
    return {
        "lead": make_user(username="leder", role=Role.TEAM_LEAD, unit=unit),
        "coordinator": make_user(username="koordinator", role=Role.COORDINATOR, unit=unit),
    }


def test_referral_to_caseload(page, live_server, staff):
    from familieplan.families.models import ProgrammeSettings

    ProgrammeSettings.for_municipality(staff["lead"].memberships.get().municipality)
    login(page, live_server, "leder", TEST_PASSWORD)

    # Register the referral with a household of one adult and two children.
    page.goto(f"{live_server.url}/families/")
    page.get_by_role("link", name="Ny henvisning").click()
    check_axe(page)
    page.get_by_label("Familiens navn").fill("Familien Berntsen")
    page.get_by_label("Henvist fra").select_option(label="Helsestasjon")
    page.get_by_label("Mottatt").fill(timezone.localdate().isoformat())
    page.get_by_label("Grunn til henvisningen").fill("Mange tjenester, ingen helhet.")
    people = [
        ("Forelder", "Randi", "Berntsen", "1986-02-11"),
        ("Barn", "Ola", "Berntsen", "2016-05-01"),
        ("Barn", "Kaja", "Berntsen", "2019-08-20"),
    ]
    for index, (role, first, last, born) in enumerate(people):
        person = page.get_by_role("group", name=f"Person {index + 1}", exact=True)
        person.get_by_label("Rolle i familien").select_option(label=role)
        person.get_by_label("Fornavn").fill(first)
        person.get_by_label("Etternavn").fill(last)
        person.get_by_label("Fødselsdato").fill(born)
    page.get_by_role("button", name="Lagre henvisning").click()
    page.get_by_role("heading", name="Familien Berntsen").wait_for()
    check_axe(page)

    # Screen it: 300 000 kr for 1 adult + 2 children under 14 (1.6 units) is below EU-60.
    page.get_by_role("link", name="Kartlegg målgruppe").click()
    check_axe(page)
    page.get_by_label("Siste inntektsår").fill("2022")
    page.get_by_label("Husholdningens samlede inntekt etter skatt i inntektsåret").fill("300000")
    page.get_by_label("Familien har behov for langvarige og sammensatte tjenester").check()
    page.get_by_role("button", name="Regn ut").click()
    page.get_by_text("Familien er i målgruppen.").wait_for()
    assert page.get_by_text("1,6 forbruksenheter").count() == 1
    check_axe(page)

    # Include with consent.
    page.get_by_role("link", name="Gå videre til beslutning").click()
    page.get_by_label("Inkludert").check()
    page.get_by_label("Begrunnelse").fill("I målgruppen og ønsker å delta.")
    page.get_by_label("Hvem samtykket til å delta").select_option(label="Randi Berntsen")
    page.get_by_label("Hvordan samtykket ble gitt").select_option(label="Skriftlig")
    page.get_by_label("Samtykkedato").fill(timezone.localdate().isoformat())
    check_axe(page)
    page.get_by_role("button", name="Registrer beslutning").click()
    page.get_by_text("Inntaksbeslutningen er registrert.").wait_for()

    # Assign the coordinator.
    page.get_by_role("link", name="Tildel koordinator").click()
    page.get_by_role("combobox", name=re.compile("^Koordinator")).select_option(label="Test Bruker")
    page.get_by_role("button", name="Tildel").click()
    page.get_by_text("Koordinatoren er tildelt.").wait_for()
    family = Family.objects.get(name="Familien Berntsen")
    assert family.stage == "active" and family.coordinator == staff["coordinator"]

    # The coordinator finds the family in their caseload.
    page.get_by_role("button", name="Logg ut").click()
    login(page, live_server, "koordinator", TEST_PASSWORD)
    page.goto(f"{live_server.url}/families/")
    page.get_by_label("Søk på navn").fill("Berntsen")
    page.get_by_role("button", name="Vis", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Familien Berntsen")
    assert "Aktiv" in row.inner_text()
    check_axe(page)

"""Screening through the form: the result explains itself; missing data never becomes a guess."""

from datetime import date
from decimal import Decimal

import pytest

from familieplan.families.models import ProgrammeSettings, ReferenceMedian, Screening
from tests.factories import make_member


@pytest.fixture
def household(world):
    """Two adults and two children under 14: 2.1 consumption units on the EU scale."""
    family = world.family_a
    make_member(family=family, first_name="Kari", birth_date=date(1985, 1, 1))
    make_member(family=family, first_name="Ola", birth_date=date(1984, 1, 1))
    make_member(family=family, role="child", first_name="Eva", birth_date=date(2015, 3, 1))
    make_member(family=family, role="child", first_name="Ask", birth_date=date(2018, 6, 1))
    return family


def url(family):
    return f"/families/{family.pk}/screenings/new/"


def screen(client, world, family, **data):
    client.force_login(world.coordinator)
    payload = {
        "income_year": "2022",
        "manual_confirmed": ["Familien har behov for langvarige og sammensatte tjenester"],
    }
    payload.update(data)
    return client.post(url(family), payload)


def test_income_below_eu60_is_in_the_target_group_and_the_page_explains_why(
    client, world, household
):
    response = screen(client, world, household, income_0="560000")
    screening = Screening.objects.get(family=household)
    assert response.status_code == 302
    assert screening.eligible is True
    assert screening.rule_version == "familieplan.eligibility/1"
    outcome = screening.result["outcomes"][0]
    assert outcome["income"]["years"][0]["consumption_units"] == "2.1"
    assert outcome["income"]["threshold"] == "267360"
    page = client.get(response["Location"]).content.decode()
    assert "Familien er i målgruppen." in page
    assert "2,1 forbruksenheter" in page
    assert "266\u202f667\u202fkr per forbruksenhet" in page
    assert "267\u202f360\u202fkr per forbruksenhet" in page
    assert "EU-skala" in page


def test_income_exactly_at_the_threshold_is_not_below_it(client, world, household):
    screen(client, world, household, income_0="561456")  # 267 360 × 2.1
    assert Screening.objects.get(family=household).eligible is False


def test_a_year_without_median_gives_a_clear_message_and_saves_nothing(client, world, household):
    response = screen(client, world, household, income_year="2023", income_0="300000")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Det finnes ingen medianinntekt for 2023" in body
    assert not Screening.objects.exists()


def test_persistent_rule_needs_all_three_medians(client, world, household):
    programme = ProgrammeSettings.for_municipality(world.muni_a)
    programme.rule_persistent_low_income = True
    programme.save()
    response = screen(client, world, household, income_2="1", income_1="1", income_0="1")
    assert "Det finnes ingen medianinntekt for 2020, 2021" in response.content.decode()
    for year, amount in ((2020, 400000), (2021, 420000)):
        ReferenceMedian.objects.create(year=year, amount=Decimal(amount), source="test")
    response = screen(
        client, world, household, income_2="500000", income_1="520000", income_0="540000"
    )
    screening = Screening.objects.get()
    persistent = screening.result["outcomes"][1]
    assert persistent["rule"] == "persistent_low_income"
    # (400 000 + 420 000 + 445 600) / 3
    assert persistent["income"]["average_median"].startswith("421866.66")
    assert screening.eligible is True


@pytest.mark.parametrize(
    "income,message",
    [("-5", "Inntekten kan ikke være negativ."), ("mye", "Skriv beløpet i hele kroner")],
)
def test_negative_or_non_numeric_income_is_refused(client, world, household, income, message):
    response = screen(client, world, household, income_0=income)
    assert message in response.content.decode()
    assert not Screening.objects.exists()


def test_social_assistance_rule_asks_for_months(client, world, household):
    programme = ProgrammeSettings.for_municipality(world.muni_a)
    programme.months_on_social_assistance_min = 6
    programme.save()
    response = screen(client, world, household, income_0="300000")
    assert "Skriv antall måneder" in response.content.decode()
    response = screen(client, world, household, income_0="300000", months_on_social_assistance="4")
    screening = Screening.objects.get()
    assert screening.eligible is False
    page = client.get(response["Location"]).content.decode()
    assert "4 av de siste 12 månedene; kravet er minst 6." in page


def test_unconfirmed_manual_criterion_fails_and_is_shown(client, world, household):
    response = screen(client, world, household, income_0="300000", manual_confirmed=[])
    assert Screening.objects.get().eligible is False
    assert "Ikke bekreftet." in client.get(response["Location"]).content.decode()


def test_household_without_adult_cannot_be_screened(client, world):
    make_member(family=world.family_a, role="child", birth_date=date(2015, 1, 1))
    response = screen(client, world, world.family_a, income_0="300000")
    assert "Husholdningen må ha minst én voksen." in response.content.decode()
    assert not Screening.objects.exists()


def test_colleague_may_read_the_result_but_not_screen(client, world, household):
    response = screen(client, world, household, income_0="300000")
    client.force_login(world.colleague)
    assert client.get(response["Location"]).status_code == 200
    assert client.post(url(household), {"income_year": "2022"}).status_code == 403


def test_each_income_year_counts_the_household_as_it_was(client, world):
    """A child born after the income year and an adult who moved out before it do not count."""
    family = world.family_a
    make_member(family=family, first_name="Kari", birth_date=date(1985, 1, 1))
    make_member(
        family=family, first_name="Per", birth_date=date(1980, 1, 1), left_on=date(2021, 6, 1)
    )
    make_member(family=family, role="child", first_name="Eva", birth_date=date(2015, 3, 1))
    make_member(family=family, role="child", first_name="Ny", birth_date=date(2023, 2, 1))
    screen(client, world, family, income_0="300000")
    year = Screening.objects.get().result["outcomes"][0]["income"]["years"][0]
    assert year["consumption_units"] == "1.3"  # Kari and Eva in 2022


def test_member_edit_keeps_the_identity_number_and_never_shows_it(client, world):
    from tests.families.helpers import fnr

    number = fnr(1, 1, 85, 321)
    member = make_member(
        family=world.family_a, first_name="Kari", birth_date=date(1985, 1, 1), national_id=number
    )
    client.force_login(world.coordinator)
    url = f"/families/{world.family_a.pk}/members/{member.pk}/"
    page = client.get(url).content.decode()
    assert number not in page and "****** **" + number[-3:] in page
    response = client.post(
        url,
        {
            "role": "parent",
            "first_name": "Kari",
            "last_name": "Hansen",
            "birth_date": "1985-01-01",
            "national_id": "",
            "languages": "norsk",
            "left_on": "2026-01-01",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.national_id == number and member.left_on == date(2026, 1, 1)
    response = client.post(
        url,
        {
            "role": "parent",
            "first_name": "Kari",
            "last_name": "Hansen",
            "birth_date": "1985-01-01",
            "joined_on": "2026-02-01",
            "left_on": "2026-01-01",
        },
    )
    assert "Utflyttingsdatoen kan ikke være før innflyttingsdatoen." in response.content.decode()


def test_default_domains_are_stored_in_bokmal_whatever_language_is_active(world):
    from django.utils import translation

    from familieplan.families.models import Domain

    with translation.override("en"):
        ProgrammeSettings.for_municipality(world.muni_b)
    assert Domain.objects.get(municipality=world.muni_b, code="housing").name == "Bolig"

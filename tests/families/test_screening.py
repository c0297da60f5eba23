"""Screening through the form: the result explains itself; missing data never becomes a guess."""

from datetime import date
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from familieplan.families import services
from familieplan.families.models import ProgrammeSettings, ReferenceMedian, Screening
from familieplan.lib.equivalence import ChildRule, consumption_units
from tests.factories import make_family, make_member


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
    assert screening.rule_version == "familieplan.eligibility/2"
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


# --- each income year's household (decision 0005: the household on 31 December) -------------

MANUAL = "Familien har behov for langvarige og sammensatte tjenester"


@pytest.fixture
def persistent(world):
    """The persistent rule over 2020-2022 (2020 and 2021 medians are made-up test data)."""
    programme = ProgrammeSettings.for_municipality(world.muni_a)
    programme.rule_persistent_low_income = True
    programme.save()
    for year, amount in ((2020, 400000), (2021, 420000)):
        ReferenceMedian.objects.create(year=year, amount=Decimal(amount), source="test data")
    return programme


def units_by_year(screening) -> dict[int, str]:
    outcome = next(o for o in screening.result["outcomes"] if o["rule"] == "persistent_low_income")
    return {year["year"]: year["consumption_units"] for year in outcome["income"]["years"]}


KARI = {"first_name": "Kari", "birth_date": date(1985, 1, 1)}
OLA = {"first_name": "Ola", "birth_date": date(1984, 1, 1)}
EVA = {"role": "child", "first_name": "Eva", "birth_date": date(2015, 3, 1)}
ASK = {"role": "child", "first_name": "Ask", "birth_date": date(2018, 6, 1)}

HOUSEHOLD_CASES = [
    pytest.param(
        [KARI, {**OLA, "left_on": date(2021, 6, 15)}, EVA, ASK],
        "eurostat_under_14",
        {2020: "2.1", 2021: "1.6", 2022: "1.6"},
        id="adult-moved-out-june-2021",
    ),
    pytest.param(
        [KARI, {**OLA, "left_on": date(2021, 12, 31)}, EVA, ASK],
        "eurostat_under_14",
        {2020: "2.1", 2021: "1.6", 2022: "1.6"},
        id="moved-out-on-31-december-is-gone-that-year",
    ),
    pytest.param(
        [KARI, {**OLA, "joined_on": date(2021, 8, 1)}, EVA],
        "eurostat_under_14",
        {2020: "1.3", 2021: "1.8", 2022: "1.8"},
        id="adult-moved-in-during-2021",
    ),
    pytest.param(
        [KARI, OLA, EVA, {**ASK, "birth_date": date(2021, 3, 1)}],
        "eurostat_under_14",
        {2020: "1.8", 2021: "2.1", 2022: "2.1"},
        id="child-born-during-the-period",
    ),
    pytest.param(
        [KARI, {**EVA, "birth_date": date(2007, 5, 1)}],
        "eurostat_under_14",
        {2020: "1.3", 2021: "1.5", 2022: "1.5"},
        id="child-turns-14-in-2021",
    ),
    pytest.param(
        [KARI, {**EVA, "birth_date": date(2007, 12, 31)}],
        "eurostat_under_14",
        {2020: "1.3", 2021: "1.5", 2022: "1.5"},
        id="child-turns-14-on-31-december",
    ),
    pytest.param(
        [KARI, {**EVA, "birth_date": date(2008, 1, 1)}],
        "eurostat_under_14",
        {2020: "1.3", 2021: "1.3", 2022: "1.5"},
        id="child-turns-14-on-1-january-counts-the-next-year",
    ),
    pytest.param(
        [KARI, {**EVA, "role": "youth", "birth_date": date(2003, 9, 1)}],
        "under_18",
        {2020: "1.3", 2021: "1.5", 2022: "1.5"},
        id="youth-turns-18-in-2021",
    ),
]


@pytest.mark.parametrize("members,child_rule,expected", HOUSEHOLD_CASES)
def test_each_income_year_counts_that_years_household_through_the_form(
    client, world, persistent, members, child_rule, expected
):
    persistent.child_rule = child_rule
    persistent.save()
    for member in members:
        make_member(family=world.family_a, **member)
    response = screen(
        client, world, world.family_a, income_2="300000", income_1="300000", income_0="300000"
    )
    assert response.status_code == 302
    assert units_by_year(Screening.objects.get()) == expected


def test_the_page_says_which_date_defines_each_years_household(client, world, persistent):
    for member in (KARI, {**OLA, "left_on": date(2021, 6, 15)}, EVA, ASK):
        make_member(family=world.family_a, **member)
    response = screen(
        client, world, world.family_a, income_2="300000", income_1="300000", income_0="300000"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Husholdningen per 31.12.2020: 4 personer (alder 36, 35, 5, 2)" in page
    assert "2,1 forbruksenheter" in page
    assert "Husholdningen per 31.12.2021: 3 personer (alder 36, 6, 3)" in page
    assert "1,6 forbruksenheter" in page
    assert "Husholdningen i hvert inntektsår er de som bodde i den 31. desember" in page


def test_the_form_asks_to_keep_moved_out_members(client, world):
    client.force_login(world.coordinator)
    page = client.get(url(world.family_a)).content.decode()
    assert "slik den var 31. desember det året" in page
    assert "også de som har flyttet ut (med datoen de flyttet)" in page


def test_a_screening_made_before_the_household_was_stored_still_reads(client, world, household):
    """Results stored without each year's household (older rule version) still explain."""
    response = screen(client, world, household, income_0="300000")
    screening = Screening.objects.get()
    for year in screening.result["outcomes"][0]["income"]["years"]:
        del year["ages"]
        del year["household_on"]
    screening.save()
    page = client.get(response["Location"]).content.decode()
    assert "2022: inntekt etter skatt" in page
    assert "bør du kartlegge på nytt" in page
    assert "Husholdningen per" not in page


def _in_household(member: dict, on: date) -> bool:
    return (
        member["birth_date"] <= on
        and (member.get("joined_on") is None or member["joined_on"] <= on)
        and (member.get("left_on") is None or member["left_on"] > on)
    )


_DAY = st.dates(min_value=date(2015, 1, 1), max_value=date(2024, 12, 31))


@st.composite
def _member(draw):
    member = {
        "role": draw(st.sampled_from(["parent", "other_adult", "youth", "child"])),
        "first_name": "P",
        "birth_date": draw(st.dates(min_value=date(1960, 1, 1), max_value=date(2022, 12, 31))),
    }
    joined = draw(st.none() | _DAY)
    left = draw(st.none() | _DAY)
    if joined is not None and left is not None and left < joined:
        joined, left = left, joined
    return {**member, "joined_on": joined, "left_on": left}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    members=st.lists(_member(), max_size=5),
    child_rule=st.sampled_from(list(ChildRule)),
)
def test_units_each_year_are_those_of_the_household_on_31_december(
    world, persistent, members, child_rule
):
    """Property: each year's units are the units of exactly the members living in the
    household on 31 December of that year, with their ages on that day."""
    with transaction.atomic():
        persistent.child_rule = child_rule
        persistent.save()
        family = make_family(unit=world.unit_a, name="Familien Egenskap")
        anchor = {"first_name": "Anker", "birth_date": date(1970, 1, 1)}  # always there
        for member in [anchor, *members]:
            make_member(family=family, **member)
        screening = services.screening_perform(
            family=family,
            by=world.coordinator,
            income_year=2022,
            incomes={2020: Decimal(1), 2021: Decimal(1), 2022: Decimal(1)},
            months_on_social_assistance=None,
            manual_confirmed=[MANUAL],
        )
        for year, units in units_by_year(screening).items():
            on = date(year, 12, 31)
            ages = [
                relativedelta(on, m["birth_date"]).years
                for m in [anchor, *members]
                if _in_household(m, on)
            ]
            assert Decimal(units) == consumption_units(ages=ages, child_rule=child_rule)
        transaction.set_rollback(True)


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
            "version": member.version,
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

""" "What if" through HTTP with real rows: a scenario made and changed (a part-time job with a
net monthly pay from a date, a benefit ending, rent going up), the comparison month by month,
social assistance estimated from the shipped state guideline rates (a couple with children
4 and 8 in July 2022: 11 150 + 3 250 + 3 350 kr plus housing, barnetrygd not deducted), a
month without rates shown without an estimate and its year named, and bad input on the change
form saving nothing."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import resolve

from familieplan.economy import services
from familieplan.economy.models import Scenario, ScenarioChange, Scheme
from familieplan.economy.reading import load
from familieplan.economy.scenarios import compare, missing_rate_years
from familieplan.lib.money import format_nok
from tests.economy.builders import expense, income
from tests.factories import make_member

TODAY = date(2022, 6, 15)
NORM_JULY_2022 = 11150 + 3250 + 3350  # couple, child 0–5, child 6–10 (REFERENCE.md §2b)
NORM_JUNE_2022 = 10950 + 3200 + 3300  # the rates from 1 January 2022


def kr(amount) -> str:
    return format_nok(Decimal(amount))


def scheme(code) -> Scheme:
    return Scheme.objects.get(code=code, municipality=None)


@pytest.fixture
def family(world):
    """A couple with Eva (4 in July 2022) and Ask (8), on social assistance, with work,
    dagpenger every 14 days and barnetrygd (not income for social assistance)."""
    family = world.family_a
    make_member(family=family, first_name="Kari", birth_date=date(1985, 1, 1))
    ola = make_member(family=family, first_name="Ola", birth_date=date(1984, 1, 1))
    make_member(family=family, role="child", first_name="Eva", birth_date=date(2018, 3, 1))
    make_member(family=family, role="child", first_name="Ask", birth_date=date(2014, 1, 15))
    by = world.coordinator
    family.barnetrygd = income(
        family,
        by,
        amount="2108",
        code="barnetrygd",
        rhythm="monthly",
        day_of_month=20,
        counts_for_social_assistance=False,
    )
    family.work = income(
        family, by, amount="10000", code="work", rhythm="monthly", day_of_month=20, member=ola
    )
    # 3, 17 June; 1, 15, 29 July; 12, 26 August; 9, 23 September; 7 October …
    family.dagpenger = income(
        family, by, amount="3000", code="dagpenger", rhythm="every_14_days", anchor=date(2022, 6, 3)
    )
    family.assistance = income(
        family, by, amount="5000", code="sosialhjelp", rhythm="monthly", day_of_month=1
    )
    family.rent = expense(family, by, amount="9000", kind="rent", rhythm="monthly", day_of_month=1)
    family.power = expense(
        family, by, amount="1000", kind="electricity", rhythm="monthly", day_of_month=10
    )
    family.phone = expense(family, by, amount="500", kind="phone", rhythm="monthly", day_of_month=5)
    return family


def token(html: str) -> str:
    return re.search(r'name="submit_token" value="([^"]+)"', html).group(1)


def create_scenario(client, family, name="Deltidsjobb fra august", estimate=True) -> Scenario:
    url = f"/economy/{family.pk}/scenarios/new/"
    data = {"submit_token": token(client.get(url).content.decode()), "name": name}
    if estimate:
        data["estimate_assistance"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    scenario = Scenario.objects.get(name=name)
    assert response["Location"] == f"/economy/{family.pk}/scenarios/{scenario.pk}/"
    return scenario


def add_change(client, family, scenario, **data):
    """Post one change as the scenario page's form does, with a token of its own."""
    url = f"/economy/{family.pk}/scenarios/{scenario.pk}/changes/"
    return client.post(url, {"submit_token": str(uuid.uuid4()), **data})


def rows_on_page(html: str) -> dict[str, list[str]]:
    """The comparison table: month → its eight amounts."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for month, cells in re.findall(
        r'<th scope="row">([^<]+)</th>((?:<td class="num">[^<]*</td>)+)', body
    ):
        rows[month] = re.findall(r'<td class="num">([^<]*)</td>', cells)
    return rows


CHANGES = (
    # A part-time job from 1 August (net monthly pay), dagpenger ending 1 October, rent up
    # from 1 September.
    {
        "kind": "new_income",
        "starts_on": "2022-08-01",
        "scheme": "work",
        "amount": "8000",
        "day_of_month": "15",
        "label": "Deltid butikk",
    },
    {"kind": "income_ends", "starts_on": "2022-10-01", "income": "dagpenger"},
    {"kind": "expense_amount", "starts_on": "2022-09-01", "expense": "rent", "amount": "10500"},
)


def posted(family, data) -> dict:
    """A change as the form posts it: the scheme, income or expense by its id."""
    data = dict(data)
    if "scheme" in data:
        data["scheme"] = scheme(data["scheme"]).pk
    for name in ("income", "expense"):
        if name in data:
            data[name] = getattr(family, data[name]).pk
    return data


@pytest.fixture
def scenario(family, world):
    """The scenario made by the services the pages call (the pages: further below)."""
    made = services.scenario_create(
        family=family,
        by=world.coordinator,
        name="Deltidsjobb fra august",
        estimate_assistance=True,
    )
    for data in CHANGES:
        data = posted(family, data)
        change = ScenarioChange(
            kind=data["kind"],
            starts_on=date.fromisoformat(data["starts_on"]),
            scheme_id=data.get("scheme"),
            income_id=data.get("income"),
            expense_id=data.get("expense"),
            amount=Decimal(data["amount"]) if "amount" in data else None,
            day_of_month=int(data["day_of_month"]) if "day_of_month" in data else None,
            label=data.get("label", ""),
        )
        services.scenario_change_add(scenario=made, change=change)
    return made


_PROBE = uuid.UUID(int=1)


def test_the_scenario_pages_are_reachable():
    """The row patterns (`<kind>/new/`, `<kind>/<id>/`) must not catch the scenarios' pages."""
    assert resolve(f"/economy/{_PROBE}/scenarios/new/").url_name == "scenario_new"
    assert resolve(f"/economy/{_PROBE}/scenarios/{_PROBE}/").url_name == "scenario"
    assert resolve(f"/economy/{_PROBE}/scenarios/{_PROBE}/changes/").url_name == (
        "scenario_change_add"
    )


@pytest.fixture
def scenario_through_pages(staff, family):
    """The same scenario made through the pages."""
    with time_machine.travel(TODAY, tick=False):
        made = create_scenario(staff, family)
        for data in CHANGES:
            response = add_change(staff, family, made, **posted(family, data))
            assert response.status_code == 302, response.content.decode()[-3000:]
    assert made.changes.count() == 3
    return made


def rows_of(family, scenario):
    changes = list(scenario.changes.select_related("scheme", "income", "expense"))
    return {row.first: row for row in compare(load(family), scenario, changes, date(2022, 6, 1))}


def test_the_comparison_month_by_month(family, scenario):
    rows = rows_of(family, scenario)
    assert next(iter(rows)) == date(2022, 6, 1) and len(rows) == 12
    july, august = rows[date(2022, 7, 1)], rows[date(2022, 8, 1)]
    sept, october = rows[date(2022, 9, 1)], rows[date(2022, 10, 1)]
    # Now: barnetrygd, work, dagpenger (three payments in July, two in August) and the
    # assistance as entered; rent, power and phone.
    assert july.now.money_in == 2108 + 10000 + 3 * 3000 + 5000
    assert august.now.money_in == 2108 + 10000 + 2 * 3000 + 5000
    assert july.now.money_out == august.now.money_out == 9000 + 1000 + 500
    assert july.now.assistance == 5000
    # The job from August, the higher rent from September, no dagpenger from October.
    assert august.scenario.money_out == 10500
    assert sept.scenario.money_out == 10500 + 1000 + 500
    assert october.scenario.money_in - october.scenario.assistance == 2108 + 10000 + 8000
    assert sept.scenario.money_in - sept.scenario.assistance == 2108 + 10000 + 8000 + 2 * 3000
    for row in rows.values():
        assert row.difference == row.scenario.net - row.now.net


def test_social_assistance_is_estimated_from_the_state_rates(family, scenario):
    rows = rows_of(family, scenario)
    july = rows[date(2022, 7, 1)]
    estimate = july.scenario.estimate.estimate
    assert estimate.adults_norm == 11150
    assert sorted(estimate.children_norm) == [(4, 3250), (8, 3350)]
    assert estimate.housing == 9000 + 1000  # rent and electricity, not the phone
    # Barnetrygd is not deducted; work and dagpenger are; the entered assistance is replaced.
    counted = 10000 + 3 * 3000
    assert estimate.income_counted == counted and estimate.income_not_counted == 2108
    assert july.scenario.assistance == NORM_JULY_2022 + 9000 + 1000 - counted == 8750
    assert july.scenario.money_in == 2108 + counted + 8750
    # June: the rates from 1 January 2022.
    june = rows[date(2022, 6, 1)]
    assert june.scenario.assistance == NORM_JUNE_2022 + 10000 - (10000 + 2 * 3000)
    # August: the job counts; September: the higher rent; October: no dagpenger.
    assert rows[date(2022, 8, 1)].scenario.assistance == NORM_JULY_2022 + 10000 - 24000
    assert rows[date(2022, 9, 1)].scenario.assistance == NORM_JULY_2022 + 11500 - 24000
    assert rows[date(2022, 10, 1)].scenario.assistance == NORM_JULY_2022 + 11500 - 18000
    assert rows[date(2022, 10, 1)].scenario.estimate.verified is False


def test_the_estimate_is_never_below_zero(staff, family, scenario, world):
    ScenarioChange.objects.create(
        municipality=family.municipality,
        scenario=scenario,
        kind="new_income",
        starts_on=date(2022, 11, 1),
        scheme=scheme("work"),
        amount=Decimal("50000"),
        day_of_month=1,
    )
    assert rows_of(family, scenario)[date(2022, 11, 1)].scenario.assistance == 0


def test_the_pages_make_the_same_scenario(family, scenario_through_pages):
    made = scenario_through_pages
    assert made.estimate_assistance is True and made.created_by_id is not None
    rows = rows_of(family, made)
    assert rows[date(2022, 7, 1)].scenario.assistance == 8750
    assert rows[date(2022, 10, 1)].scenario.assistance == NORM_JULY_2022 + 11500 - 18000


def test_a_second_press_of_the_change_form_adds_nothing(staff, family, scenario):
    data = posted(family, {"kind": "expense_ends", "starts_on": "2022-11-01", "expense": "power"})
    url = f"/economy/{family.pk}/scenarios/{scenario.pk}/changes/"
    form_token = str(uuid.uuid4())
    for _press in range(2):
        response = staff.post(url, {"submit_token": form_token, **data})
        assert response.status_code == 302
    assert scenario.changes.count() == 4


@time_machine.travel(TODAY, tick=False)
def test_the_page_shows_the_estimate_and_names_a_year_without_rates(
    staff, family, scenario_through_pages
):
    scenario = scenario_through_pages
    html = staff.get(f"/economy/{family.pk}/scenarios/{scenario.pk}/").content.decode()
    assert "ikke et vedtak" in html and "Barnetrygd trekkes ikke fra." in html
    rows = rows_on_page(html)
    july = rows["Juli 2022"]
    assert july[0] == kr(2108 + 10000 + 9000 + 5000)  # in, now
    assert july[3] == kr(2108 + 10000 + 9000 + 8750)  # in, scenario
    # Of which social assistance: 17 750 + rent + electricity − work and dagpenger.
    assert july[4] == kr(NORM_JULY_2022 + 9000 + 1000 - (10000 + 3 * 3000))
    # 2023: no rates shipped. No estimate, and the page names the year.
    assert "Det er ikke lagt inn satser for sosialhjelp for 2023." in html
    assert "for 2022." not in html
    january = rows["Januar 2023"]
    assert january[4] == "–"
    assert "Endringer i scenarioet" in html and "Deltid butikk" in html


def test_a_month_without_rates_keeps_the_assistance_as_entered(family, scenario):
    """No estimate is no guess of 0 kr: the scenario keeps the assistance as registered, so
    the difference shows only what the changes do."""
    rows = rows_of(family, scenario)
    january = rows[date(2023, 1, 1)]
    assert january.scenario.estimate.estimate is None
    assert january.scenario.estimate.missing_day == date(2023, 1, 1)
    assert january.scenario.money_in == 2108 + 10000 + 8000 + 5000
    # The job, less the higher rent and January's two dagpenger payments.
    assert january.difference == 8000 - 1500 - 2 * 3000
    assert missing_rate_years(list(rows.values())) == [2023]


def test_a_municipalitys_own_norm_comes_before_the_states(family, scenario, world):
    from familieplan.economy.models import GuidelineRateSet

    GuidelineRateSet.objects.create(
        municipality=world.muni_a,
        valid_from=date(2022, 7, 1),
        valid_to=date(2023, 12, 31),
        single=7000,
        couple=12000,
        shared_housing=6000,
        child_0_5=3500,
        child_6_10=3600,
        child_11_17=4500,
        source="Kommunens egen norm (testtall)",
        verified=True,
    )
    rows = rows_of(family, scenario)
    july = rows[date(2022, 7, 1)]
    assert july.scenario.assistance == 12000 + 3500 + 3600 + 10000 - 19000
    assert july.scenario.estimate.verified is True
    assert missing_rate_years(list(rows.values())) == []
    # Another municipality's norm is never used.
    GuidelineRateSet.objects.filter(municipality=world.muni_a).update(municipality=world.muni_b)
    assert rows_of(family, scenario)[date(2022, 7, 1)].scenario.assistance == 8750


def test_without_the_estimate_the_assistance_is_as_entered(staff, family):
    with time_machine.travel(TODAY, tick=False):
        plain = create_scenario(staff, family, name="Uten anslag", estimate=False)
        html = staff.get(f"/economy/{family.pk}/scenarios/{plain.pk}/").content.decode()
    assert plain.estimate_assistance is False
    rows = rows_of(family, plain)
    for row in rows.values():
        assert row.scenario == row.now and row.difference == 0
    assert "Det er ikke lagt inn satser" not in html


def test_a_second_change_can_change_the_same_rent_again(family, scenario):
    ScenarioChange.objects.create(
        municipality=family.municipality,
        scenario=scenario,
        kind="expense_amount",
        starts_on=date(2022, 12, 1),
        expense=family.rent,
        amount=Decimal("11000"),
    )
    ScenarioChange.objects.create(
        municipality=family.municipality,
        scenario=scenario,
        kind="expense_ends",
        starts_on=date(2023, 3, 1),
        expense=family.power,
    )
    rows = rows_of(family, scenario)
    assert rows[date(2022, 11, 1)].scenario.money_out == 10500 + 1000 + 500
    assert rows[date(2022, 12, 1)].scenario.money_out == 11000 + 1000 + 500
    assert rows[date(2023, 3, 1)].scenario.money_out == 11000 + 500


def _scenario_with(family, world, *changes, estimate=True) -> Scenario:
    made = services.scenario_create(
        family=family, by=world.coordinator, name="Én endring", estimate_assistance=estimate
    )
    for fields in changes:
        services.scenario_change_add(scenario=made, change=ScenarioChange(**fields))
    return made


def test_a_changed_amount_every_14_days_is_per_month(family, world):
    """The form takes the changed amount per month: dagpenger of 7 000 kr a month from
    1 September are 7 000 kr in each month, not 7 000 per payment."""
    made = _scenario_with(
        family,
        world,
        {
            "kind": "income_amount",
            "starts_on": date(2022, 9, 1),
            "income": family.dagpenger,
            "amount": Decimal("7000"),
        },
    )
    rows = rows_of(family, made)
    entered = {
        first: row.scenario.money_in - row.scenario.assistance for first, row in rows.items()
    }
    others = 2108 + 10000
    assert entered[date(2022, 8, 1)] == others + 2 * 3000  # before: 12 and 26 August
    assert entered[date(2022, 9, 1)] == others + 7000
    assert entered[date(2022, 12, 1)] == others + 7000
    assert rows[date(2022, 9, 1)].scenario.estimate.estimate.income_counted == 10000 + 7000


def test_a_changed_monthly_amount_keeps_its_day(family, world):
    made = _scenario_with(
        family,
        world,
        {
            "kind": "income_amount",
            "starts_on": date(2022, 8, 21),
            "income": family.work,
            "amount": Decimal("12000"),
        },
        estimate=False,
    )
    rows = rows_of(family, made)
    # Work is paid on the 20th: August's pay is still the old amount.
    assert rows[date(2022, 8, 1)].difference == 0
    assert rows[date(2022, 9, 1)].difference == 2000


def test_social_assistance_as_a_new_income_is_not_counted_against_the_estimate(family, world):
    made = _scenario_with(
        family,
        world,
        {
            "kind": "new_income",
            "starts_on": date(2022, 7, 1),
            "scheme": scheme("sosialhjelp"),
            "amount": Decimal("4000"),
            "day_of_month": 1,
        },
    )
    july = rows_of(family, made)[date(2022, 7, 1)]
    assert july.scenario.estimate.estimate.income_counted == 10000 + 3 * 3000
    assert july.scenario.assistance == 8750
    assert july.scenario.money_in == 2108 + 10000 + 3 * 3000 + 8750


# -- Bad input ------------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_a_new_income_without_an_amount_saves_nothing(staff, family, scenario):
    response = add_change(
        staff,
        family,
        scenario,
        kind="new_income",
        starts_on="2022-08-01",
        scheme=scheme("work").pk,
        day_of_month="15",
    )
    assert response.status_code == 200
    assert "Skriv beløpet per måned." in response.content.decode()
    assert scenario.changes.count() == 3


@time_machine.travel(TODAY, tick=False)
def test_an_income_of_another_family_saves_nothing(staff, family, scenario, world):
    other = income(
        world.family_a_colleague,
        world.colleague,
        amount="9000",
        code="work",
        rhythm="monthly",
        day_of_month=1,
    )
    response = add_change(
        staff, family, scenario, kind="income_ends", starts_on="2022-08-01", income=other.pk
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert scenario.changes.count() == 3


@pytest.mark.parametrize(
    "data,message",
    [
        ({"kind": "income_ends", "starts_on": "2022-08-01"}, "Velg hvilken inntekt det gjelder."),
        (
            {
                "kind": "new_expense",
                "starts_on": "2022-08-01",
                "amount": "300",
                "day_of_month": "3",
            },
            "Velg hva slags utgift.",
        ),
        (
            {"kind": "expense_amount", "starts_on": "2022-08-01", "expense": "rent"},
            "Skriv beløpet per måned.",
        ),
        (
            {
                "kind": "new_income",
                "starts_on": "2022-08-01",
                "scheme": "work",
                "amount": "-5",
                "day_of_month": "15",
            },
            "Beløpet må være større enn 0 kr.",
        ),
        (
            {
                "kind": "new_income",
                "starts_on": "",
                "scheme": "work",
                "amount": "500",
                "day_of_month": "15",
            },
            None,
        ),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_incomplete_changes_save_nothing(staff, family, scenario, data, message):
    response = add_change(staff, family, scenario, **posted(family, data))
    assert response.status_code == 200
    if message:
        assert message in response.content.decode()
    assert scenario.changes.count() == 3


def test_a_reader_sees_the_scenario_and_may_not_change_it(client, world, family, scenario):
    client.force_login(world.colleague)
    url = f"/economy/{family.pk}/scenarios/{scenario.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(f"{url}changes/", {"kind": "income_ends"}).status_code == 403
    assert client.get(f"/economy/{family.pk}/scenarios/new/").status_code == 403
    client.force_login(world.coordinator_b)
    assert client.get(url).status_code == 404

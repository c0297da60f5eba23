"""The yearly overview with real rows: totals per scheme (26 or 27 payments every 14 days,
irregular incomes by month), the EU-60 comparison giving the intake screening's outcome for
the same household and income, the stored median (an earlier year's named, none: no number),
and SIFO's reference budget for the household (its total, the unverified mark, kindergarten
only for a child with a kindergarten expense, a year without figures named) and the gap."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from familieplan.economy.models import (
    BudgetBracket,
    BudgetHouseholdRow,
    BudgetYear,
    Debt,
)
from familieplan.economy.overview import overview
from familieplan.economy.reading import load
from familieplan.families import services as family_services
from familieplan.families.models import ProgrammeSettings, ReferenceMedian, Screening
from familieplan.lib.money import format_nok
from tests.economy.builders import expense, income
from tests.factories import make_member

TODAY = date(2026, 3, 10)
MANUAL = "Familien har behov for langvarige og sammensatte tjenester"


def kr(amount) -> str:
    return format_nok(Decimal(amount))


def page(client, family, year: int) -> str:
    response = client.get(f"/economy/{family.pk}/?year={year}")
    assert response.status_code == 200
    return response.content.decode()


def view(family, year, today=TODAY):
    return overview(load(family), year, today=today)


@pytest.fixture
def parents(world):
    """Two adults and two children under 14 in 2022: 2.1 consumption units on the EU scale."""
    family = world.family_a
    make_member(family=family, first_name="Kari", birth_date=date(1985, 1, 1))
    make_member(family=family, first_name="Ola", birth_date=date(1984, 1, 1))
    make_member(family=family, role="child", first_name="Eva", birth_date=date(2015, 3, 1))
    make_member(family=family, role="child", first_name="Ask", birth_date=date(2018, 6, 1))
    return family


# -- Totals per scheme ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "anchor,payments",
    [
        (date(2026, 1, 1), 27),  # 1 January + 26 × 14 days = 31 December
        (date(2025, 12, 18), 27),  # an anchor in the year before: its next date is 1 January
        (date(2026, 1, 2), 26),
        (date(2026, 1, 15), 26),
        (date(2026, 1, 16), 25),  # from mid-January on, the year holds only 25
        (date(2026, 12, 31), 1),
        (date(2027, 1, 1), 0),
    ],
)
def test_every_14_days_counts_26_or_27_times_in_the_year(parents, world, anchor, payments):
    income(
        parents,
        world.coordinator,
        amount="4000",
        code="dagpenger",
        rhythm="every_14_days",
        anchor=anchor,
    )
    shown = view(parents, 2026)
    (line,) = shown.incomes
    assert line.year == Decimal(4000 * payments)
    assert line.month * 12 == line.year
    assert shown.by_scheme == [("Dagpenger", Decimal(4000 * payments))]


def test_totals_per_scheme_and_in_total(parents, world):
    by = world.coordinator
    income(parents, by, amount="20000", rhythm="monthly", day_of_month=20)
    # A second job from 1 July (six months).
    income(
        parents, by, amount="3000", rhythm="monthly", day_of_month=5, valid_from=date(2026, 7, 1)
    )
    income(
        parents,
        by,
        amount="1766",
        code="barnetrygd",
        rhythm="monthly",
        day_of_month=20,
        counts_for_social_assistance=False,
    )
    income(
        parents,
        by,
        amount="4000",
        code="dagpenger",
        rhythm="every_14_days",
        anchor=date(2026, 1, 1),
    )
    # Irregular: 1 500 kr expected per month, from 15 March (10 months count).
    income(
        parents,
        by,
        amount="1500",
        code="barnebidrag",
        rhythm="irregular",
        amount_max=Decimal("2500"),
        valid_from=date(2026, 3, 15),
    )
    income(
        parents, by, amount="90000", code="engangsstonad", rhythm="once", anchor=date(2026, 5, 2)
    )
    income(parents, by, amount="5000", code="sykepenger", rhythm="yearly", anchor=date(2020, 2, 29))
    shown = view(parents, 2026)
    totals = dict(shown.by_scheme)
    assert totals == {
        "Arbeidsinntekt": Decimal(20000 * 12 + 3000 * 6),
        "Barnetrygd": Decimal(1766 * 12),
        "Barnebidrag": Decimal(1500 * 10),
        "Dagpenger": Decimal(4000 * 27),
        "Engangsstønad": Decimal(90000),
        "Sykepenger": Decimal(5000),  # 29 February falls on 28 February in 2026
    }
    assert shown.income_year == sum(totals.values())
    assert shown.income_month == shown.income_year / 12
    # The totals per scheme come sorted by name.
    assert [name for name, _total in shown.by_scheme] == sorted(totals)
    # Another year: the one-off is gone, the irregular income counts all 12 months.
    later = dict(view(parents, 2027).by_scheme)
    assert later["Engangsstønad"] == 0 and later["Barnebidrag"] == Decimal(1500 * 12)
    assert later["Dagpenger"] == Decimal(4000 * 26)


@time_machine.travel(TODAY, tick=False)
def test_the_page_shows_the_year_and_the_month(staff, parents, world):
    by = world.coordinator
    income(
        parents,
        by,
        amount="4000",
        code="dagpenger",
        rhythm="every_14_days",
        anchor=date(2026, 1, 1),
    )
    income(
        parents,
        by,
        amount="1500",
        code="barnebidrag",
        rhythm="irregular",
        valid_from=date(2026, 3, 15),
    )
    expense(parents, by, amount="9000", kind="rent", rhythm="monthly", day_of_month=1)
    Debt.objects.create(
        municipality=parents.municipality,
        family=parents,
        creditor="Lindorff",
        kind="collection",
        outstanding=Decimal("12000"),
        instalment=Decimal("500"),
        instalment_day=15,
        created_by=by,
    )
    html = page(staff, parents, 2026)
    year_total = 4000 * 27 + 1500 * 10
    assert f"Inntekt i året</dt><dd>{kr(year_total)}" in html
    assert f"Inntekt per måned (snitt)</dt><dd>{kr(Decimal(year_total) / 12)}" in html
    assert f"Utgifter per måned (snitt)</dt><dd>{kr(9000)}" in html
    assert f"Avdrag på gjeld per måned</dt><dd>{kr(500)}" in html
    assert f'<td class="num">{kr(4000 * 27)}</td>' in html
    assert f'<td class="num">{kr(1500)}–' not in html  # no range without a highest amount
    html = page(staff, parents, 2027)
    assert f'<td class="num">{kr(4000 * 26)}</td>' in html


# -- The low-income line (EU-60) against the screening --------------------------------------


def screened(client, world, family, amount: int) -> dict:
    """The intake screening's annual low-income outcome for 2022 and `amount`."""
    family_services.screening_perform(
        family=family,
        by=world.coordinator,
        income_year=2022,
        incomes={2022: Decimal(amount)},
        months_on_social_assistance=None,
        manual_confirmed=[MANUAL],
    )
    result = Screening.objects.filter(family=family).latest("performed_at").result
    return next(o for o in result["outcomes"] if o["rule"] == "annual_low_income")


def _same(economy_outcome, screening_outcome) -> None:
    assert economy_outcome.passed is screening_outcome["passed"]
    assert economy_outcome.code == screening_outcome["code"]
    mine, theirs = economy_outcome.income, screening_outcome["income"]
    assert str(mine.threshold) == theirs["threshold"]
    assert mine.threshold_rounded == theirs["threshold_rounded"]
    assert str(mine.average_income_per_unit) == theirs["average_income_per_unit"]
    (year,) = mine.years
    (their_year,) = theirs["years"]
    assert str(year.consumption_units) == their_year["consumption_units"]
    assert year.income_after_tax == Decimal(their_year["income_after_tax"])
    assert list(year.ages) == their_year["ages"]


# Monthly work income: 46 788 × 12 = 561 456 = 267 360 × 2.1, exactly at the line.
@pytest.mark.parametrize(
    "monthly,below",
    [("46788", False), ("46787", True), ("46700", True), ("50000", False), ("20000", True)],
)
@time_machine.travel(TODAY, tick=False)
def test_the_eu60_comparison_gives_the_screenings_outcome(client, world, parents, monthly, below):
    income(
        parents, world.coordinator, amount=monthly, rhythm="monthly", day_of_month=20, basis="net"
    )
    shown = view(parents, 2022)
    assert shown.missing_median is None
    assert shown.low_income.median_year == 2022 and shown.low_income.median_verified
    outcome = shown.low_income.outcome
    assert outcome.passed is below
    assert outcome.income.threshold_rounded == 267360
    _same(outcome, screened(client, world, parents, int(Decimal(monthly) * 12)))


@time_machine.travel(TODAY, tick=False)
def test_the_eu60_comparison_with_several_schemes_and_one_not_counted(client, world, parents):
    by = world.coordinator
    income(parents, by, amount="45000", rhythm="monthly", day_of_month=20)
    income(
        parents,
        by,
        amount="1500",
        code="barnetrygd",
        rhythm="monthly",
        day_of_month=20,
        counts_for_social_assistance=False,
    )
    income(
        parents, by, amount="2000", code="bidragsforskudd", rhythm="once", anchor=date(2022, 11, 1)
    )
    # A loan is no income: not counted against the line.
    income(
        parents,
        by,
        amount="300000",
        code="startlan",
        rhythm="once",
        anchor=date(2022, 6, 1),
        counts_for_low_income=False,
    )
    # Outside 2022: not in the year's income.
    income(parents, by, amount="9999", code="engangsstonad", rhythm="once", anchor=date(2023, 1, 1))
    shown = view(parents, 2022)
    (year,) = shown.low_income.outcome.income.years
    assert year.income_after_tax == Decimal("560000")  # 540 000 + 18 000 + 2 000
    assert shown.low_income.outcome.passed is True
    _same(shown.low_income.outcome, screened(client, world, parents, 560000))


@pytest.mark.parametrize(
    "members,child_rule",
    [
        pytest.param(
            [
                {"first_name": "Kari", "birth_date": date(1985, 1, 1)},
                {"role": "child", "first_name": "Eva", "birth_date": date(2008, 12, 31)},
            ],
            "eurostat_under_14",
            id="single-parent-child-turned-14-on-31-december",
        ),
        pytest.param(
            [
                {"first_name": "Kari", "birth_date": date(1985, 1, 1)},
                {"role": "child", "first_name": "Eva", "birth_date": date(2008, 12, 31)},
            ],
            "under_18",
            id="under-18-rule",
        ),
        pytest.param(
            [
                {"first_name": "Kari", "birth_date": date(1985, 1, 1)},
                {"first_name": "Per", "birth_date": date(1980, 1, 1), "left_on": date(2022, 6, 1)},
                {"role": "child", "first_name": "Eva", "birth_date": date(2015, 3, 1)},
                {"role": "child", "first_name": "Ny", "birth_date": date(2023, 2, 1)},
            ],
            "eurostat_under_14",
            id="adult-moved-out-child-born-after-the-year",
        ),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_the_household_of_the_year_is_the_screenings(client, world, members, child_rule):
    family = world.family_a
    for fields in members:
        make_member(family=family, **fields)
    programme = ProgrammeSettings.for_municipality(world.muni_a)
    programme.child_rule = child_rule
    programme.save()
    income(family, world.coordinator, amount="18000", rhythm="monthly", day_of_month=1)
    outcome = view(family, 2022).low_income.outcome
    _same(outcome, screened(client, world, family, 216000))


@time_machine.travel(TODAY, tick=False)
def test_the_line_on_the_page(staff, parents, world):
    income(parents, world.coordinator, amount="20000", rhythm="monthly", day_of_month=20)
    html = page(staff, parents, 2022)
    # 240 000 / 2.1 = 114 285.71…
    assert f"Inntekt etter skatt per forbruksenhet</dt><dd>{kr(114286)}" in html
    assert f"Grensen (2022)</dt><dd>{kr(267360)}" in html
    assert "Under grensen" in html
    assert "Medianinntekten for 2022 er ikke lagt inn" not in html
    assert "Ikke kontrollert" not in html.split('id="line-heading"')[1].split("</section>")[0]


@time_machine.travel(TODAY, tick=False)
def test_a_year_without_a_median_names_the_year_and_shows_no_number(staff, parents, world):
    income(parents, world.coordinator, amount="20000", rhythm="monthly", day_of_month=20)
    shown = view(parents, 2021)
    assert shown.low_income is None and shown.missing_median == 2021
    html = page(staff, parents, 2021)
    section = html.split('id="line-heading"')[1].split("</section>")[0]
    assert "Ingen medianinntekt er lagt inn for 2021 eller årene før." in section
    assert "Grensen" not in section and "\u202fkr" not in section
    assert "Under grensen" not in section and "Over grensen" not in section


@time_machine.travel(TODAY, tick=False)
def test_an_earlier_years_median_is_used_and_named(staff, parents, world):
    # 2026 income against the latest median stored (2022): named on the page.
    income(parents, world.coordinator, amount="20000", rhythm="monthly", day_of_month=20)
    shown = view(parents, 2026)
    assert shown.missing_median is None
    assert shown.low_income.median_year == 2022 and shown.low_income.income_year == 2026
    assert shown.low_income.outcome.income.threshold_rounded == 267360
    html = page(staff, parents, 2026)
    assert "Grensen (2022)" in html
    assert (
        "Medianinntekten for 2026 er ikke lagt inn. Sammenligningen bruker grensen for 2022, "
        "det siste året som finnes." in html
    )
    # A later median stored for 2024 (test figure, unverified) takes over, marked as such.
    ReferenceMedian.objects.create(year=2024, amount=Decimal("500000"), source="test")
    shown = view(parents, 2026)
    assert shown.low_income.median_year == 2024 and not shown.low_income.median_verified
    assert shown.low_income.outcome.income.threshold_rounded == 300000
    html = page(staff, parents, 2026)
    assert "Grensen (2024)" in html and "Medianen er ikke kontrollert mot SSB." in html
    # A median for a later year than the overview's is never used.
    assert view(parents, 2023).low_income.median_year == 2022


@time_machine.travel(TODAY, tick=False)
def test_a_median_on_another_scale_is_not_used(parents, world):
    programme = ProgrammeSettings.for_municipality(world.muni_a)
    programme.scale = "oecd_old"
    programme.save()
    income(parents, world.coordinator, amount="20000", rhythm="monthly", day_of_month=20)
    shown = view(parents, 2022)
    assert shown.low_income is None and shown.missing_median == 2022


@time_machine.travel(TODAY, tick=False)
def test_gross_income_is_counted_as_given_and_the_page_says_so(staff, parents, world):
    income(
        parents, world.coordinator, amount="20000", rhythm="monthly", day_of_month=20, basis="gross"
    )
    assert view(parents, 2022).low_income.gross_sources == 1
    assert "1 inntekt er ført før skatt og er regnet med som den er." in page(staff, parents, 2022)


# -- SIFO's reference budget ----------------------------------------------------------------

# Invented test figures (never SIFO's): per person and month, and per household.
PERSON = ("food", "clothes", "personal_care", "play_sport_media", "travel")
BRACKETS = [
    # min, max, sex, (food, clothes, care, play, travel), extras
    (0, 0, "", (1000, 500, 100, 100, 0), {"infant_equipment": 300}),
    (1, 5, "", (1500, 600, 100, 200, 0), {"kindergarten": 2000}),
    (6, 9, "", (2500, 700, 150, 500, 0), {"after_school": 2500}),
    (10, 17, "", (3500, 900, 200, 700, 400), {}),
    (18, 50, "female", (3000, 800, 400, 1000, 900), {}),
    (18, 50, "male", (3400, 800, 200, 1000, 900), {}),
]
# persons: (daily goods, household articles, furniture, media and leisure, car)
ROWS = {
    1: (400, 300, 400, 1100, 2500),
    2: (500, 400, 500, 1200, 2500),
    4: (700, 500, 600, 1300, 2500),
}


def budget_year(year=2026, *, verified=False, rows=ROWS) -> BudgetYear:
    budget = BudgetYear.objects.create(year=year, source="Testtall", verified=verified)
    for low, high, sex, amounts, extras in BRACKETS:
        BudgetBracket.objects.create(
            year=budget,
            min_age=low,
            max_age=high,
            sex=sex,
            **dict(zip(PERSON, amounts, strict=True)),
            **extras,
        )
    for persons, (goods, articles, furniture, media, car) in rows.items():
        BudgetHouseholdRow.objects.create(
            year=budget,
            persons=persons,
            daily_goods=goods,
            household_articles=articles,
            furniture=furniture,
            media_leisure=media,
            car=car,
        )
    return budget


@pytest.fixture
def single_parent(world):
    """Kari (37) with Mia (2), Noah (4) and Ola (7) on 10 March 2026."""
    family = world.family_a
    make_member(family=family, first_name="Kari", birth_date=date(1988, 4, 2))
    family.mia = make_member(
        family=family, role="child", first_name="Mia", birth_date=date(2023, 6, 1)
    )
    family.noah = make_member(
        family=family, role="child", first_name="Noah", birth_date=date(2021, 9, 1)
    )
    family.ola = make_member(
        family=family, role="child", first_name="Ola", birth_date=date(2018, 5, 1)
    )
    return family


# Kari: the mean of the female and male amounts (sex is not registered): 6 200.
# Mia 1–5 with kindergarten: 2 400 + 2 000; Noah 1–5 without: 2 400; Ola 6–9 without
# after-school: 3 850; four persons: 700 + 500 + 600 + 1 300 (the car is not counted).
BUDGET_TOTAL = 6200 + 4400 + 2400 + 3850 + 3100


@time_machine.travel(TODAY, tick=False)
def test_the_reference_budget_total_and_the_gap(staff, single_parent, world):
    by = world.coordinator
    budget_year()
    income(single_parent, by, amount="20000", rhythm="monthly", day_of_month=20)
    expense(single_parent, by, amount="9000", kind="rent", rhythm="monthly", day_of_month=1)
    expense(single_parent, by, amount="1200", kind="electricity", rhythm="monthly", day_of_month=1)
    expense(
        single_parent,
        by,
        amount="2100",
        kind="kindergarten",
        rhythm="monthly",
        day_of_month=1,
        member=single_parent.mia,
    )
    expense(single_parent, by, amount="500", kind="phone", rhythm="monthly", day_of_month=1)
    shown = view(single_parent, 2026)
    assert shown.missing_budget is None
    budget = shown.budget
    assert budget.total == BUDGET_TOTAL and budget.complete and not budget.verified
    assert budget.per_category["kindergarten"] == 2000  # Mia only
    assert "after_school" not in budget.per_category
    assert "car" not in budget.per_category
    assert budget.per_category["food"] == 3200 + 1500 * 2 + 2500
    assert shown.housing_month == 10200
    assert shown.gap_month == 20000 - (BUDGET_TOTAL + 10200)
    html = page(staff, single_parent, 2026)
    section = html.split('id="budget-heading"')[1].split("</section>")[0]
    assert f"Referansebudsjett per måned</dt><dd>{kr(BUDGET_TOTAL)} <span" in section
    assert "Ikke kontrollert" in section
    assert f"Bolig og strøm per måned (faktisk)</dt><dd>{kr(10200)}" in section
    assert kr(20000 - BUDGET_TOTAL - 10200) in section
    assert "Kilde: Testtall." in section


@time_machine.travel(TODAY, tick=False)
def test_a_verified_budget_has_no_mark(staff, single_parent, world):
    budget_year(verified=True)
    section = (
        page(staff, single_parent, 2026).split('id="budget-heading"')[1].split("</section>")[0]
    )
    assert "Ikke kontrollert" not in section and kr(BUDGET_TOTAL - 2000) in section


@pytest.mark.parametrize(
    "expenses,kindergarten",
    [
        pytest.param([], 0, id="no-kindergarten-expense"),
        pytest.param([("kindergarten", "mia")], 2000, id="mia"),
        pytest.param([("kindergarten", "mia"), ("kindergarten", "noah")], 4000, id="both"),
        # Kindergarten for the household, not a child: nobody's kindergarten is counted.
        pytest.param([("kindergarten", None)], 0, id="household-not-a-child"),
        # Ola is 7: his bracket has no kindergarten amount, so none is counted for him, and
        # the missing amount is named.
        pytest.param([("kindergarten", "ola")], 0, id="school-child"),
        pytest.param([("after_school", "ola")], 0, id="after-school-is-not-kindergarten"),
    ],
)
def test_kindergarten_counts_only_for_a_child_with_a_kindergarten_expense(
    single_parent, world, expenses, kindergarten
):
    budget_year()
    for kind, who in expenses:
        expense(
            single_parent,
            world.coordinator,
            amount="1000",
            kind=kind,
            rhythm="monthly",
            day_of_month=1,
            member=getattr(single_parent, who) if who else None,
        )
    budget = view(single_parent, 2026).budget
    assert budget.per_category.get("kindergarten", 0) == kindergarten
    assert budget.total == BUDGET_TOTAL - 2000 + kindergarten + (
        2500 if ("after_school", "ola") in expenses else 0
    )


@time_machine.travel(TODAY, tick=False)
def test_a_kindergarten_expense_that_has_ended_does_not_count(single_parent, world):
    budget_year()
    expense(
        single_parent,
        world.coordinator,
        amount="1000",
        kind="kindergarten",
        rhythm="monthly",
        day_of_month=1,
        member=single_parent.noah,
        valid_to=date(2025, 7, 31),
    )
    expense(
        single_parent,
        world.coordinator,
        amount="1000",
        kind="kindergarten",
        rhythm="monthly",
        day_of_month=1,
        member=single_parent.mia,
        valid_from=date(2026, 8, 1),
    )
    budget = view(single_parent, 2026).budget
    assert budget.per_category.get("kindergarten", 0) == 0


@time_machine.travel(TODAY, tick=False)
def test_a_year_without_a_budget_names_the_year(staff, single_parent, world):
    budget_year(2026)
    expense(
        single_parent,
        world.coordinator,
        amount="9000",
        kind="rent",
        rhythm="monthly",
        day_of_month=1,
    )
    shown = view(single_parent, 2027)
    assert shown.budget is None and shown.missing_budget == 2027 and shown.gap_month is None
    html = page(staff, single_parent, 2027)
    section = html.split('id="budget-heading"')[1].split("</section>")[0]
    assert "Referansebudsjettet (SIFO) for 2027 er ikke lagt inn." in section
    assert "Referansebudsjett per måned" not in section and "\u202fkr" not in section


@time_machine.travel(TODAY, tick=False)
def test_a_budget_that_cannot_price_the_household_gives_no_gap(staff, single_parent, world):
    # No household row for four persons: the budget is incomplete, so no gap is computed.
    budget_year(rows={1: ROWS[1], 2: ROWS[2]})
    income(single_parent, world.coordinator, amount="20000", rhythm="monthly", day_of_month=20)
    shown = view(single_parent, 2026)
    assert shown.budget is not None and not shown.budget.complete
    assert shown.gap_month is None
    section = (
        page(staff, single_parent, 2026).split('id="budget-heading"')[1].split("</section>")[0]
    )
    assert "Inntekt minus budsjett, bolig og strøm, per måned</dt><dd>–" in section


@time_machine.travel(TODAY, tick=False)
def test_what_the_budget_cannot_price_is_said_in_the_readers_words(staff, single_parent):
    # A year whose figures stop at households of three: this one has four persons.
    budget_year(rows={n: amounts for n, amounts in ROWS.items() if n <= 3})
    shown = page(staff, single_parent, 2026)
    assert "Referansebudsjettet for 2026 har ingen husholdningsrad for 4 personer." in shown
    assert "no household row" not in shown

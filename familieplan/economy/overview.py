"""The yearly and monthly overview: income per scheme and in total; income after tax per
consumption unit against the EU-60 line (the screening's scale, child rule, threshold and
stored median, through `lib.eligibility.low_income`); expenses against SIFO's reference budget
for this household plus the actual housing and electricity costs; the gap per month.

Amounts per month are the year's total divided by 12 (`lib.rhythm.monthly_average`), so a
payment every 14 days counts 26 or 27 times as it falls in the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from familieplan.economy import reference
from familieplan.economy.models import Expense, IncomeSource
from familieplan.economy.reading import Economy
from familieplan.families.models import Member, ProgrammeSettings
from familieplan.lib import assistance, eligibility, reference_budget
from familieplan.lib.equivalence import ChildRule, Scale
from familieplan.lib.rhythm import per_month, yearly_total
from familieplan.lib.schemes import Scheme as Code

ZERO = Decimal(0)
HOUSING = (Expense.Kind.RENT, Expense.Kind.ELECTRICITY)


@dataclass(frozen=True)
class IncomeLine:
    source: IncomeSource
    year: Decimal
    month: Decimal


@dataclass(frozen=True)
class LowIncome:
    outcome: eligibility.RuleOutcome
    median_year: int
    median_verified: bool
    income_year: int
    gross_sources: int  # sources entered before tax, counted as given


@dataclass
class Overview:
    year: int
    incomes: list[IncomeLine]
    income_year: Decimal
    income_month: Decimal
    expenses_month: Decimal
    housing_month: Decimal  # rent and electricity, actual
    instalments_month: Decimal
    low_income: LowIncome | None
    missing_median: int | None  # the year no median covers
    budget: reference_budget.Budget | None
    missing_budget: int | None  # the year without SIFO figures
    gap_month: Decimal | None  # income − (reference budget + housing and electricity)
    by_scheme: list[tuple[str, Decimal]] = field(default_factory=list)


def household(economy: Economy, on: date) -> list[Member]:
    return [m for m in economy.members if m.in_household_on(on)]


def overview(economy: Economy, year: int, *, today: date) -> Overview:
    programme = ProgrammeSettings.for_municipality(economy.family.municipality)
    # A month is the year's total divided by 12 (`lib.rhythm.per_month`); each schedule's
    # dates are counted once.
    lines = []
    for income in economy.incomes:
        total = yearly_total(income.schedule(), income.amount, year)
        lines.append(IncomeLine(income, total, per_month(total)))
    by_scheme: dict[str, Decimal] = {}
    for line in lines:
        by_scheme[line.source.label] = by_scheme.get(line.source.label, ZERO) + line.year
    income_year = sum((line.year for line in lines), ZERO)
    expense_months = [
        (e, per_month(yearly_total(e.schedule(), e.amount, year))) for e in economy.expenses
    ]
    expenses_month = sum((amount for _e, amount in expense_months), ZERO)
    housing_month = sum((amount for e, amount in expense_months if e.kind in HOUSING), ZERO)
    instalments_month = sum((debt.instalment for debt, _s in economy.instalments), ZERO)

    low, missing_median = _low_income(economy, lines, year, programme)
    budget_data = reference.budget_year(year)
    budget = None
    if budget_data is not None:
        budget = reference_budget.household_budget(budget_data, _persons(economy, today))
    income_month = income_year / 12
    # A budget that could not price every part (a missing bracket or household row) would
    # make the gap look better than it is: no gap then, and the page names what is missing.
    gap = (
        income_month - (budget.total + housing_month)
        if budget is not None and budget.complete
        else None
    )
    return Overview(
        year=year,
        incomes=lines,
        income_year=income_year,
        income_month=income_month,
        expenses_month=expenses_month,
        housing_month=housing_month,
        instalments_month=instalments_month,
        low_income=low,
        missing_median=missing_median,
        budget=budget,
        missing_budget=None if budget_data is not None else year,
        gap_month=gap,
        by_scheme=sorted(by_scheme.items()),
    )


def _low_income(economy, lines, year, programme) -> tuple[LowIncome | None, int | None]:
    median = reference.median_for(year, programme)
    if median is None:
        return None, year
    members = household(economy, eligibility.household_date(year))
    if not members:
        return None, None
    counted = sum((line.year for line in lines if line.source.counts_for_low_income), ZERO)
    on = eligibility.household_date(year)
    # The household as it stands at the end of the overview's year, against the line of the
    # latest median stored (named on the page when it is an earlier year).
    household_year = eligibility.HouseholdYear(
        year=median.year, income_after_tax=counted, ages=tuple(m.age_on(on) for m in members)
    )
    outcome = eligibility.low_income(
        household=household_year,
        median=eligibility.Median(
            year=median.year,
            amount=median.amount,
            source=median.source,
            verified=median.verified,
            scale=Scale(median.scale),
        ),
        threshold_percent=programme.threshold_percent,
        scale=Scale(programme.scale),
        child_rule=ChildRule(programme.child_rule),
    )
    gross = sum(
        1
        for line in lines
        if line.source.counts_for_low_income and line.source.basis == IncomeSource.Basis.GROSS
    )
    return LowIncome(outcome, median.year, median.verified, year, gross), None


def attending(economy: Economy, kind: str, on: date) -> set:
    """The members with an expense of `kind` (kindergarten, after-school programme) in force
    on `on`: one that has ended, or starts later, is no attendance on that day."""
    return {
        e.member_id
        for e in economy.expenses
        if e.kind == kind and e.member_id is not None and e.schedule().is_valid_on(on)
    }


def _persons(economy: Economy, today: date) -> list[reference_budget.Person]:
    in_kindergarten = attending(economy, Expense.Kind.KINDERGARTEN, today)
    after_school = attending(economy, Expense.Kind.AFTER_SCHOOL, today)
    return [
        reference_budget.Person(
            age=m.age_on(today),
            kindergarten=m.pk in in_kindergarten,
            after_school=m.pk in after_school,
        )
        for m in household(economy, today)
    ]


# -- Social assistance, estimated -------------------------------------------------------


@dataclass(frozen=True)
class AssistanceEstimate:
    estimate: assistance.Estimate | None
    verified: bool
    missing_day: date | None  # a day no rate set covers


def assistance_household(members: list[Member], on: date) -> tuple[int, list[int], int]:
    """(adults counted: at most two, the children's ages, other members not covered)."""
    adults = [m for m in members if m.is_adult_role and m.age_on(on) >= 18]
    children = [m.age_on(on) for m in members if m.age_on(on) < 18]
    others = len(members) - min(len(adults), 2) - len(children)
    return max(1, min(len(adults), 2)), children, others


def estimate_assistance(
    economy: Economy,
    *,
    on: date,
    incomes: list[tuple[str, Decimal, bool]],
    housing: Decimal,
) -> AssistanceEstimate:
    """Social assistance for the month of `on` from the norm in force then, the actual
    housing costs and the incomes that count (label, monthly amount, counts)."""
    if economy.rate_table is None:
        economy.rate_table = reference.rate_table(economy.family.municipality_id)
    found = reference.rates_on(economy.rate_table, on)
    if found is None:
        return AssistanceEstimate(None, False, on)
    rates, verified = found
    adults, children, others = assistance_household(household(economy, on), on)
    result = assistance.estimate(
        rates=rates,
        adults=adults,
        child_ages=children,
        housing_costs=housing,
        incomes=[
            assistance.IncomeLine(label=label, monthly=amount, counts=counts)
            for label, amount, counts in incomes
        ],
        other_members=others,
    )
    return AssistanceEstimate(result, verified, None)


def is_assistance_scheme(scheme) -> bool:
    return scheme.code == Code.SOSIALHJELP and scheme.built_in


def is_assistance(income: IncomeSource) -> bool:
    return is_assistance_scheme(income.scheme)


def missing_budget_message(year: int) -> str:
    return _(
        "Referansebudsjettet (SIFO) for %(year)s er ikke lagt inn. En administrator legger inn "
        "årets tall med kilde."
    ) % {"year": year}


def missing_parts_words(budget: reference_budget.Budget) -> list[str]:
    """What SIFO's figures for the year do not price, in the reader's language."""
    words = {
        "age": _("Referansebudsjettet for %(year)s har ingen aldersgruppe for %(age)s år."),
        "sex": _(
            "Referansebudsjettet for %(year)s deler %(age)s år etter kjønn, og en av delene "
            "mangler."
        ),
        "kindergarten": _(
            "Referansebudsjettet for %(year)s har ikke beløp for barnehage for %(age)s år."
        ),
        "after_school": _(
            "Referansebudsjettet for %(year)s har ikke beløp for SFO/AKS for %(age)s år."
        ),
        "household": _(
            "Referansebudsjettet for %(year)s har ingen husholdningsrad for %(persons)s personer."
        ),
        "car": _(
            "Referansebudsjettet for %(year)s har ikke beløp for bil for %(persons)s personer."
        ),
    }
    return [
        words[part.kind] % {"year": budget.year, "age": part.age, "persons": part.persons}
        for part in budget.missing_parts
    ]

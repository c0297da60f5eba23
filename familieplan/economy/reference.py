"""Reference data looked up for a day or a year, as the pure rules in `lib/` take it: the
social-assistance norm (the municipality's own before the state's), SIFO's reference budget,
and the median the screening uses. None means not entered: pages name what is missing."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from familieplan.economy.models import BudgetYear, GuidelineRateSet
from familieplan.families.models import ProgrammeSettings, ReferenceMedian
from familieplan.lib import assistance, reference_budget
from familieplan.lib.equivalence import Scale


def rate_table(municipality_id: int) -> list[GuidelineRateSet]:
    """The state's rate sets and the municipality's own (a few dozen rows at most)."""
    return list(
        GuidelineRateSet.objects.filter(
            Q(municipality_id=municipality_id) | Q(municipality__isnull=True)
        )
    )


def rates_on(
    table: list[GuidelineRateSet], day: date
) -> tuple[assistance.GuidelineRates, bool] | None:
    """The rates in force on `day` (the municipality's own norm first) and whether they are
    marked verified; None when no set covers the day."""
    covering = [r for r in table if r.valid_from <= day <= r.valid_to]
    found = sorted(covering, key=lambda r: (r.municipality_id is None, -r.valid_from.toordinal()))
    if not found:
        return None
    row = found[0]
    rates = assistance.GuidelineRates(
        valid_from=row.valid_from,
        single=row.single,
        couple=row.couple,
        shared_housing=row.shared_housing,
        child_0_5=row.child_0_5,
        child_6_10=row.child_6_10,
        child_11_17=row.child_11_17,
        source=row.source,
    )
    return rates, row.verified


def budget_year(year: int) -> reference_budget.BudgetYear | None:
    row = BudgetYear.objects.filter(year=year).first()
    if row is None:
        return None
    person = reference_budget.PERSON_CATEGORIES
    household = reference_budget.HOUSEHOLD_CATEGORIES
    return reference_budget.BudgetYear(
        year=row.year,
        brackets=tuple(
            reference_budget.Bracket(
                min_age=b.min_age,
                max_age=b.max_age,
                sex=b.sex or None,
                amounts={c: getattr(b, c) for c in person},
            )
            for b in row.brackets.all()
        ),
        household_rows=tuple(
            reference_budget.HouseholdRow(
                persons=h.persons, amounts={c: getattr(h, c) for c in household}
            )
            for h in row.household_rows.all()
        ),
        verified=row.verified,
        source=row.source,
    )


def median_for(year: int, programme: ProgrammeSettings) -> ReferenceMedian | None:
    """The stored median for `year`, else the latest earlier one (SSB publishes a year's
    median later); the page names the year it compares with."""
    return (
        ReferenceMedian.objects.filter(year__lte=year, scale=Scale(programme.scale))
        .order_by("-year")
        .first()
    )

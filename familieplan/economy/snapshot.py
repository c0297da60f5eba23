"""The economy as it stands on a day, in the few figures a mapping keeps: income after tax per
consumption unit, its share of the EU-60 line (the screening's rule and stored median, through
the overview), and whether a debt is in collection. None when the family has no income
recorded: the mapping's income question is then answered by hand as before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from familieplan.economy.overview import overview
from familieplan.economy.reading import load

#: The household questionnaire's income answer from the share of the line: under it by more
#: than 10 %, around it (±10 %, the answer's own wording), over it by more.
UNDER, AROUND, OVER = 1, 2, 3


@dataclass(frozen=True)
class Snapshot:
    income_per_unit: Decimal
    line: Decimal
    share_percent: Decimal
    below_line: bool
    median_year: int
    debt_in_collection: bool

    @property
    def income_level(self) -> int:
        if self.share_percent < 90:
            return UNDER
        if self.share_percent <= 110:
            return AROUND
        return OVER


def snapshot(family, on: date) -> Snapshot | None:
    economy = load(family)
    if not economy.incomes:
        return None
    view = overview(economy, on.year, today=on)
    low = view.low_income
    if low is None or low.outcome.income is None:
        return None
    figures = low.outcome.income
    per_unit = Decimal(figures.average_income_per_unit)
    line = Decimal(figures.threshold)
    share = (per_unit / line * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Snapshot(
        income_per_unit=per_unit.quantize(Decimal(1), rounding=ROUND_HALF_UP),
        line=line.quantize(Decimal(1), rounding=ROUND_HALF_UP),
        share_percent=share,
        below_line=bool(low.outcome.passed),
        median_year=low.median_year,
        debt_in_collection=economy.in_collection,
    )

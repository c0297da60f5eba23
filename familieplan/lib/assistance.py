"""An estimate of economic social assistance for planning (REFERENCE.md §2b), never a decision.

The state guideline rates (*statlige veiledende satser*) for *økonomisk stønad til
livsopphold* are NOK per month and cover food, clothes, communication, household articles,
hygiene and leisure. Housing (and electricity, heating, home insurance, furniture) is
assessed from actual costs, so it is added as the household's actual housing cost.

* The rates in force on a day are the set with the latest ``valid_from`` on or before it.
  A table covers days up to its ``valid_until``; after that there is no rate (the caller
  names the missing year and asks for the current rundskriv — rates are never guessed).
* Adults: one adult takes the single rate, or the shared-housing rate when living in shared
  housing; two adults take the couple rate (shared housing does not change it). Other counts
  of adults are refused: the rates have no norm for them.
* Children: each child aged 0–5, 6–10 or 11–17 takes that group's rate. Other members (e.g.
  adult children living at home) have their own case and are left out; the estimate reports
  how many it does not cover.
* Norm = adults' rate + children's rates + actual housing costs. Estimate =
  max(0, norm − income that counts). Which income counts is the caller's decision: since
  1 September 2022 barnetrygd does not count.

Municipalities may set their own norms, so the rates are data: :data:`STATE_GUIDELINE_RATES`
is the state table from REFERENCE.md §2b; later years are entered from the current rundskriv.
Amounts are exact Decimals, unrounded.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

__all__ = [
    "RULE_VERSION",
    "STATE_GUIDELINE_RATES",
    "STATE_RATES_VALID_UNTIL",
    "Estimate",
    "GuidelineRates",
    "IncomeLine",
    "estimate",
    "rates_on",
]

#: Version of the computation; store it with any estimate kept.
RULE_VERSION = "familieplan.assistance/1"

_ZERO = Decimal(0)
_CHILD_AGE_LIMIT = 18
_RATE_FIELDS = ("single", "couple", "shared_housing", "child_0_5", "child_6_10", "child_11_17")


def _decimal(name: str, value: Any, *, allow_negative: bool = False) -> Decimal:
    """Accept Decimal or int (never float); require a finite, by default non-negative value."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal (or int), not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{name} must be finite")
    if not allow_negative and value < 0:
        raise ValueError(f"{name} must not be negative")
    return value


def _int(name: str, value: Any, *, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int")
    if value < low:
        raise ValueError(f"{name} must be at least {low}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be at most {high}")
    return value


@dataclass(frozen=True)
class GuidelineRates:
    """One set of guideline rates, NOK per month, in force from ``valid_from``."""

    valid_from: datetime.date
    single: Decimal
    couple: Decimal
    shared_housing: Decimal
    child_0_5: Decimal
    child_6_10: Decimal
    child_11_17: Decimal
    source: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.valid_from, datetime.datetime) or not isinstance(
            self.valid_from, datetime.date
        ):
            raise TypeError("valid_from must be a date")
        for name in _RATE_FIELDS:
            object.__setattr__(self, name, _decimal(name, getattr(self, name)))
        if not isinstance(self.source, str):
            raise TypeError("source must be a str")

    def child(self, age: int) -> Decimal:
        """The rate for a child of ``age`` (0–17)."""
        _int("child age", age, low=0, high=_CHILD_AGE_LIMIT - 1)
        if age <= 5:
            return self.child_0_5
        if age <= 10:
            return self.child_6_10
        return self.child_11_17


def rates_on(
    table: Sequence[GuidelineRates],
    day: datetime.date,
    *,
    valid_until: datetime.date | None = None,
) -> GuidelineRates | None:
    """The set in force on ``day``: the latest ``valid_from`` on or before it.

    None when no set has started by ``day``, or when ``day`` is after ``valid_until`` (the
    end of the table's coverage). Raises ValueError when two sets start on the same day.
    """
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise TypeError("day must be a date")
    starts = [rates.valid_from for rates in table]
    if len(set(starts)) != len(starts):
        raise ValueError("two rate sets start on the same day")
    if valid_until is not None and day > valid_until:
        return None
    started = [rates for rates in table if rates.valid_from <= day]
    if not started:
        return None
    return max(started, key=lambda rates: rates.valid_from)


def _row(valid_from: datetime.date, amounts: str, source: str) -> GuidelineRates:
    single, couple, shared, c05, c610, c1117 = (Decimal(a) for a in amounts.split())
    return GuidelineRates(valid_from, single, couple, shared, c05, c610, c1117, source)


_NOTICE_2019_2020 = "Statsforvalteren's notice of the state guideline rates for 2019 and 2020"
_NOTICE_2021 = (
    "Statsforvalteren's notice of the 2021 guideline rates and their change for children 0–5"
)

#: The state guideline rates, REFERENCE.md §2b (single, couple, shared housing, child 0–5,
#: 6–10, 11–17).
STATE_GUIDELINE_RATES: tuple[GuidelineRates, ...] = (
    _row(datetime.date(2019, 1, 1), "6150 10250 5150 2400 3100 4000", _NOTICE_2019_2020),
    _row(datetime.date(2020, 1, 1), "6250 10450 5250 2450 3150 4100", _NOTICE_2019_2020),
    _row(
        datetime.date(2021, 1, 1),
        "6450 10800 5400 2850 3250 4250",
        f"{_NOTICE_2021} (rates from 1 January 2021)",
    ),
    _row(
        datetime.date(2021, 9, 1),
        "6450 10800 5400 3150 3250 4250",
        f"{_NOTICE_2021} (children 0–5 from 1 September 2021)",
    ),
    _row(
        datetime.date(2022, 1, 1),
        "6550 10950 5450 3200 3300 4300",
        "Rundskriv A-1/2022 (rates from 1 January 2022)",
    ),
    _row(
        datetime.date(2022, 7, 1),
        "6650 11150 5600 3250 3350 4400",
        "Rundskriv A-1/2022 (price adjustment by 3.4 % from 1 July 2022)",
    ),
)

#: The last day :data:`STATE_GUIDELINE_RATES` covers; later years come from the rundskriv.
STATE_RATES_VALID_UNTIL = datetime.date(2022, 12, 31)


@dataclass(frozen=True)
class IncomeLine:
    """One monthly income. ``counts``: whether it counts as income for social assistance
    (barnetrygd does not since 1 September 2022; the caller decides)."""

    label: str
    monthly: Decimal
    counts: bool

    def __post_init__(self) -> None:
        if not isinstance(self.label, str):
            raise TypeError("label must be a str")
        object.__setattr__(self, "monthly", _decimal(f"income {self.label!r}", self.monthly))
        if not isinstance(self.counts, bool):
            raise TypeError("counts must be a bool")


@dataclass(frozen=True)
class Estimate:
    """The parts of an estimate, NOK per month. An estimate for planning, not a decision."""

    rates: GuidelineRates
    adults_norm: Decimal  # The single, couple or shared-housing rate.
    children_norm: tuple[tuple[int, Decimal], ...]  # (age, rate) per child, as given.
    housing: Decimal
    norm_total: Decimal  # adults_norm + children's rates + housing.
    income_counted: Decimal
    income_not_counted: Decimal
    amount: Decimal  # max(0, norm_total - income_counted).
    left_out_members: int  # Members the estimate does not cover.
    rule_version: str = RULE_VERSION


def estimate(
    *,
    rates: GuidelineRates,
    adults: int,
    shared_housing: bool = False,
    child_ages: Sequence[int],
    housing_costs: Decimal,
    incomes: Sequence[IncomeLine],
    other_members: int = 0,
) -> Estimate:
    """Estimate a household's monthly social assistance from ``rates`` (see the module rules).

    Raises ValueError for adults other than 1 or 2, a child age outside 0–17, negative
    housing costs or a negative count of other members (a negative income is refused by
    :class:`IncomeLine`).
    """
    if not isinstance(rates, GuidelineRates):
        raise TypeError("rates must be GuidelineRates")
    _int("adults", adults, low=1, high=2)
    if not isinstance(shared_housing, bool):
        raise TypeError("shared_housing must be a bool")
    if isinstance(child_ages, str | bytes):
        raise TypeError("child_ages must be a sequence of ints")
    children = tuple((age, rates.child(age)) for age in child_ages)
    housing = _decimal("housing_costs", housing_costs)
    incomes = tuple(incomes)
    for line in incomes:
        if not isinstance(line, IncomeLine):
            raise TypeError("incomes must hold IncomeLine objects")
    _int("other_members", other_members, low=0)

    if adults == 1:
        adults_norm = rates.shared_housing if shared_housing else rates.single
    else:
        adults_norm = rates.couple
    norm_total = adults_norm + sum((rate for _, rate in children), _ZERO) + housing
    counted = sum((line.monthly for line in incomes if line.counts), _ZERO)
    not_counted = sum((line.monthly for line in incomes if not line.counts), _ZERO)
    return Estimate(
        rates=rates,
        adults_norm=adults_norm,
        children_norm=children,
        housing=housing,
        norm_total=norm_total,
        income_counted=counted,
        income_not_counted=not_counted,
        amount=max(_ZERO, norm_total - counted),
        left_out_members=other_members,
    )

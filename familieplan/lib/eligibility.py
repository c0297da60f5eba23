"""Target-group screening rules (REFERENCE.md §1), pure and without a database.

* Annual low income: the income year's income after tax per consumption unit is strictly
  below ``threshold_percent`` % of that year's median. SSB texts vary between "under" and
  "not above"; we use strictly below, so an income exactly at the threshold does not pass.
* Persistent low income (SSB, three-year average): the mean over the three years ending at
  ``income_year`` of each year's income per consumption unit (with that year's household)
  is strictly below ``threshold_percent`` % of the mean of the three yearly medians.
* Each income year's household is the people living in it on :func:`household_date` of that
  year (31 December, decision 0005), with their ages on that day: someone who moved out
  during the year is not in it, a child born during the year is, and a child who turned 14
  (or 18) by that day weighs as an adult on the scale.
* Social assistance: at least ``months_on_social_assistance_min`` of the last 12 months.
* Child under 18: some current member is under 18.
* Manual criteria: each label is confirmed by the coordinator.

Comparisons are exact (fractions); figures are reported unrounded and rounded to whole
kroner (ROUND_HALF_UP). Missing data never produces a number: the rule is undetermined
(``passed=None``). Every result names the rules and :data:`RULE_VERSION` that produced it.
"""

import dataclasses
import datetime
import decimal
import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol, TypeVar

from familieplan.lib.equivalence import ChildRule, Scale, consumption_units

__all__ = [
    "PERSISTENT_YEARS",
    "RULE_VERSION",
    "Code",
    "HouseholdYear",
    "IncomeFigures",
    "Median",
    "Rule",
    "RuleOutcome",
    "RuleSet",
    "ScreeningInput",
    "ScreeningResult",
    "YearFigures",
    "household_date",
    "low_income",
    "persistent_low_income",
    "screen",
]

#: Version of the computation; bump when a rule's logic changes, store it with results.
#: /1 took every year's household from the members registered on the day of screening;
#: /2 takes each year's household on its :func:`household_date` and stores it per year.
RULE_VERSION = "familieplan.eligibility/2"

#: Length of the persistent-low-income window (SSB's current definition).
PERSISTENT_YEARS = 3

_CHILD_AGE_LIMIT = 18
_MONTHS_WINDOW = 12
# Precision for reporting unrounded figures.
_REPORT_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)


class Rule(enum.StrEnum):
    """Screening rules."""

    ANNUAL_LOW_INCOME = "annual_low_income"
    PERSISTENT_LOW_INCOME = "persistent_low_income"
    SOCIAL_ASSISTANCE = "social_assistance"
    CHILD_UNDER_18 = "child_under_18"
    MANUAL = "manual"


class Code(enum.StrEnum):
    """Why a rule passed, failed or could not be decided."""

    BELOW_THRESHOLD = "below_threshold"
    NOT_BELOW_THRESHOLD = "not_below_threshold"
    MISSING_INCOME_YEAR = "missing_income_year"
    MISSING_MEDIAN = "missing_median"
    MEDIAN_SCALE_MISMATCH = "median_scale_mismatch"
    MONTHS_MET = "months_met"
    MONTHS_NOT_MET = "months_not_met"
    MISSING_MONTHS = "missing_months"
    CHILD_PRESENT = "child_present"
    NO_CHILD = "no_child"
    MISSING_MEMBER_AGES = "missing_member_ages"
    CONFIRMED = "confirmed"
    NOT_CONFIRMED = "not_confirmed"


def household_date(year: int) -> datetime.date:
    """The day that defines an income year's household and its members' ages: 31 December."""
    return datetime.date(year, 12, 31)


# --- input validation helpers -------------------------------------------------------------


def _decimal(name: str, value: Any) -> Decimal:
    """Accept Decimal or int (never float) and require a finite value."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal (or int), not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{name} must be finite")
    return value


def _int(name: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int")
    if low is not None and value < low:
        raise ValueError(f"{name} must be at least {low}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be at most {high}")
    return value


def _ages(name: str, ages: Iterable[int]) -> tuple[int, ...]:
    ages = tuple(ages)
    for age in ages:
        _int(name, age, low=0)
    return ages


class _Yearly(Protocol):
    @property
    def year(self) -> int: ...


_YearlyT = TypeVar("_YearlyT", bound=_Yearly)


def _by_year(name: str, items: Any, kind: type[_YearlyT]) -> tuple[_YearlyT, ...]:
    """Normalise a Mapping[year, item] or an iterable of items to a tuple sorted by year."""
    if isinstance(items, Mapping):
        for year, item in items.items():
            if not isinstance(item, kind) or item.year != year:
                raise ValueError(f"{name}: key {year} does not match its {kind.__name__}")
        items = items.values()
    items = tuple(items)
    for item in items:
        if not isinstance(item, kind):
            raise TypeError(f"{name} must hold {kind.__name__} objects")
    years = [item.year for item in items]
    if len(set(years)) != len(years):
        raise ValueError(f"{name}: more than one entry for a year")
    return tuple(sorted(items, key=lambda item: item.year))


# --- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdYear:
    """A household's total income after tax for a year, and the ages of the people living in
    it on :func:`household_date` of that year, on that day."""

    year: int
    income_after_tax: Decimal
    ages: tuple[int, ...]

    def __post_init__(self) -> None:
        _int("year", self.year)
        object.__setattr__(
            self, "income_after_tax", _decimal("income_after_tax", self.income_after_tax)
        )
        object.__setattr__(self, "ages", _ages("ages", self.ages))
        if not self.ages:
            raise ValueError("a household year needs at least one member")


@dataclass(frozen=True)
class Median:
    """Median income after tax per consumption unit for a year (reference data)."""

    year: int
    amount: Decimal
    source: str
    verified: bool
    scale: Scale = Scale.EU

    def __post_init__(self) -> None:
        _int("year", self.year)
        if not isinstance(self.source, str) or not self.source.strip():
            raise ValueError("a median needs its source")
        amount = _decimal("amount", self.amount)
        if amount <= 0:
            raise ValueError("a median must be positive")
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "scale", Scale(self.scale))


@dataclass(frozen=True, kw_only=True)
class RuleSet:
    """Which rules apply, with their parameters. Nothing applies by default."""

    annual_low_income: bool = False
    persistent_low_income: bool = False
    threshold_percent: Decimal = Decimal("60")
    months_on_social_assistance_min: int | None = None
    require_child_under_18: bool = False
    manual_criteria: tuple[str, ...] = ()
    scale: Scale = Scale.EU
    child_rule: ChildRule = ChildRule.EUROSTAT_UNDER_14

    def __post_init__(self) -> None:
        percent = _decimal("threshold_percent", self.threshold_percent)
        if not 0 < percent <= 100:
            raise ValueError("threshold_percent must be above 0 and at most 100")
        object.__setattr__(self, "threshold_percent", percent)
        if self.months_on_social_assistance_min is not None:
            _int(
                "months_on_social_assistance_min",
                self.months_on_social_assistance_min,
                low=1,
                high=_MONTHS_WINDOW,
            )
        labels = tuple(self.manual_criteria)
        if any(not isinstance(label, str) or not label.strip() for label in labels):
            raise ValueError("manual criteria must be non-blank strings")
        if len(set(labels)) != len(labels):
            raise ValueError("manual criteria must be unique")
        object.__setattr__(self, "manual_criteria", labels)
        object.__setattr__(self, "scale", Scale(self.scale))
        object.__setattr__(self, "child_rule", ChildRule(self.child_rule))

    @property
    def applies_any(self) -> bool:
        """Whether at least one rule is switched on."""
        return bool(
            self.annual_low_income
            or self.persistent_low_income
            or self.months_on_social_assistance_min is not None
            or self.require_child_under_18
            or self.manual_criteria
        )


@dataclass(frozen=True, kw_only=True)
class ScreeningInput:
    """What is known about a household.

    ``income_year`` is the year the annual rule looks at and the last year of the
    persistent window. ``years`` and ``medians`` may be given as a mapping year -> item
    or as an iterable; they are stored as tuples sorted by year.
    """

    income_year: int
    years: tuple[HouseholdYear, ...] = ()
    medians: tuple[Median, ...] = ()
    member_ages: tuple[int, ...] = ()
    months_on_social_assistance_last_12: int | None = None
    manual_confirmed: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        _int("income_year", self.income_year)
        object.__setattr__(self, "years", _by_year("years", self.years, HouseholdYear))
        object.__setattr__(self, "medians", _by_year("medians", self.medians, Median))
        object.__setattr__(self, "member_ages", _ages("member_ages", self.member_ages))
        if self.months_on_social_assistance_last_12 is not None:
            _int(
                "months_on_social_assistance_last_12",
                self.months_on_social_assistance_last_12,
                low=0,
                high=_MONTHS_WINDOW,
            )
        if isinstance(self.manual_confirmed, str):
            raise TypeError("manual_confirmed must be a collection of labels, not a str")
        object.__setattr__(self, "manual_confirmed", frozenset(self.manual_confirmed))

    def household_year(self, year: int) -> HouseholdYear | None:
        """The household's data for ``year``, if given."""
        return next((item for item in self.years if item.year == year), None)

    def median(self, year: int) -> Median | None:
        """The median for ``year``, if given."""
        return next((item for item in self.medians if item.year == year), None)


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    """One year's figures behind an income rule."""

    year: int
    income_after_tax: Decimal
    consumption_units: Decimal
    income_per_unit: Decimal  # Unrounded (28 significant digits); compared exactly.
    income_per_unit_rounded: int  # Whole kroner, ROUND_HALF_UP, for display.
    median: Decimal
    median_source: str
    median_verified: bool
    household_on: datetime.date  # The day that defined the household (31 December).
    ages: tuple[int, ...]  # The household's members' ages on that day, oldest first.


@dataclass(frozen=True)
class IncomeFigures:
    """Figures behind an income rule; one year for the annual rule, three for persistent."""

    years: tuple[YearFigures, ...]
    threshold_percent: Decimal
    average_income_per_unit: Decimal
    average_income_per_unit_rounded: int
    average_median: Decimal
    threshold: Decimal  # threshold_percent % of average_median, unrounded.
    threshold_rounded: int

    @property
    def medians_verified(self) -> bool:
        """Whether every median used is marked verified."""
        return all(year.median_verified for year in self.years)


@dataclass(frozen=True)
class RuleOutcome:
    """One rule's outcome: ``passed`` is None when the data does not decide it."""

    rule: Rule
    passed: bool | None
    code: Code
    label: str | None = None  # Manual criterion label.
    income: IncomeFigures | None = None
    missing_income_years: tuple[int, ...] = ()
    missing_median_years: tuple[int, ...] = ()
    mismatched_median_years: tuple[int, ...] = ()  # Medians on another scale than the rules.
    months: int | None = None
    months_min: int | None = None
    children_under_18: int | None = None


@dataclass(frozen=True)
class ScreeningResult:
    """All outcomes, the overall verdict and what produced them."""

    eligible: bool | None
    outcomes: tuple[RuleOutcome, ...]
    rules: RuleSet
    income_year: int
    rule_version: str = RULE_VERSION

    @property
    def scale(self) -> Scale:
        """Equivalence scale used."""
        return self.rules.scale

    @property
    def child_rule(self) -> ChildRule:
        """Child cut-off rule used."""
        return self.rules.child_rule

    def outcome(self, rule: Rule, label: str | None = None) -> RuleOutcome:
        """The outcome of ``rule`` (and ``label`` for a manual criterion)."""
        for item in self.outcomes:
            if item.rule == rule and item.label == label:
                return item
        raise KeyError(rule)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for storage: Decimals as strings, enums as their values."""
        data = _jsonable(dataclasses.asdict(self))
        data["scale"] = self.scale.value
        data["child_rule"] = self.child_rule.value
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(_jsonable(item) for item in value)
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    return value


# --- computation --------------------------------------------------------------------------


def _report(value: Fraction) -> Decimal:
    """An exact fraction as a Decimal with 28 significant digits."""
    return _REPORT_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


def _round_half_up(value: Fraction) -> int:
    """Round to a whole number, halves away from zero (like ROUND_HALF_UP)."""
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


def _income_rule(
    rule: Rule, years: tuple[int, ...], rules: RuleSet, data: ScreeningInput
) -> RuleOutcome:
    households = {year: data.household_year(year) for year in years}
    medians = {year: data.median(year) for year in years}
    missing_income = tuple(year for year in years if households[year] is None)
    missing_median = tuple(year for year in years if medians[year] is None)
    mismatched = tuple(
        year
        for year, median in medians.items()
        if median is not None and median.scale != rules.scale
    )
    if missing_income or missing_median or mismatched:
        if missing_income:
            code = Code.MISSING_INCOME_YEAR
        elif missing_median:
            code = Code.MISSING_MEDIAN
        else:
            code = Code.MEDIAN_SCALE_MISMATCH
        return RuleOutcome(
            rule=rule,
            passed=None,
            code=code,
            missing_income_years=missing_income,
            missing_median_years=missing_median,
            mismatched_median_years=mismatched,
        )

    figures = []
    per_unit_values = []
    median_amounts = []
    for year in years:
        household, median = households[year], medians[year]
        # Every year has both: a missing one returned an undetermined outcome above.
        assert household is not None and median is not None
        units = consumption_units(
            ages=household.ages, scale=rules.scale, child_rule=rules.child_rule
        )
        per_unit = Fraction(household.income_after_tax) / Fraction(units)
        per_unit_values.append(per_unit)
        median_amounts.append(Fraction(median.amount))
        figures.append(
            YearFigures(
                year=year,
                income_after_tax=household.income_after_tax,
                consumption_units=units,
                income_per_unit=_report(per_unit),
                income_per_unit_rounded=_round_half_up(per_unit),
                median=median.amount,
                median_source=median.source,
                median_verified=median.verified,
                household_on=household_date(year),
                ages=tuple(sorted(household.ages, reverse=True)),
            )
        )
    average_per_unit = sum(per_unit_values, Fraction(0)) / len(years)
    average_median = sum(median_amounts, Fraction(0)) / len(years)
    threshold = Fraction(rules.threshold_percent) / 100 * average_median
    below = average_per_unit < threshold
    return RuleOutcome(
        rule=rule,
        passed=below,
        code=Code.BELOW_THRESHOLD if below else Code.NOT_BELOW_THRESHOLD,
        income=IncomeFigures(
            years=tuple(figures),
            threshold_percent=rules.threshold_percent,
            average_income_per_unit=_report(average_per_unit),
            average_income_per_unit_rounded=_round_half_up(average_per_unit),
            average_median=_report(average_median),
            threshold=_report(threshold),
            threshold_rounded=_round_half_up(threshold),
        ),
    )


def _social_assistance_rule(minimum: int, data: ScreeningInput) -> RuleOutcome:
    months = data.months_on_social_assistance_last_12
    if months is None:
        passed, code = None, Code.MISSING_MONTHS
    elif months >= minimum:
        passed, code = True, Code.MONTHS_MET
    else:
        passed, code = False, Code.MONTHS_NOT_MET
    return RuleOutcome(
        rule=Rule.SOCIAL_ASSISTANCE, passed=passed, code=code, months=months, months_min=minimum
    )


def _child_rule(data: ScreeningInput) -> RuleOutcome:
    if not data.member_ages:
        return RuleOutcome(rule=Rule.CHILD_UNDER_18, passed=None, code=Code.MISSING_MEMBER_AGES)
    count = sum(1 for age in data.member_ages if age < _CHILD_AGE_LIMIT)
    return RuleOutcome(
        rule=Rule.CHILD_UNDER_18,
        passed=count > 0,
        code=Code.CHILD_PRESENT if count else Code.NO_CHILD,
        children_under_18=count,
    )


def _window(income_year: int) -> tuple[int, ...]:
    """The persistent window: the three years ending at ``income_year``."""
    return tuple(range(income_year - PERSISTENT_YEARS + 1, income_year + 1))


def _overall(outcomes: Iterable[RuleOutcome]) -> bool | None:
    passed = [outcome.passed for outcome in outcomes]
    if False in passed:
        return False
    if None in passed:
        return None
    return True


def screen(*, rules: RuleSet, data: ScreeningInput) -> ScreeningResult:
    """Apply ``rules`` to ``data``.

    ``eligible`` is True when every applied rule passed, False when any failed, else None.
    Raises ValueError when the rule set applies no rule.
    """
    if not rules.applies_any:
        raise ValueError("the rule set applies no rule")
    outcomes: list[RuleOutcome] = []
    if rules.annual_low_income:
        outcomes.append(_income_rule(Rule.ANNUAL_LOW_INCOME, (data.income_year,), rules, data))
    if rules.persistent_low_income:
        window = _window(data.income_year)
        outcomes.append(_income_rule(Rule.PERSISTENT_LOW_INCOME, window, rules, data))
    if rules.months_on_social_assistance_min is not None:
        outcomes.append(_social_assistance_rule(rules.months_on_social_assistance_min, data))
    if rules.require_child_under_18:
        outcomes.append(_child_rule(data))
    for label in rules.manual_criteria:
        confirmed = label in data.manual_confirmed
        outcomes.append(
            RuleOutcome(
                rule=Rule.MANUAL,
                passed=confirmed,
                code=Code.CONFIRMED if confirmed else Code.NOT_CONFIRMED,
                label=label,
            )
        )
    return ScreeningResult(
        eligible=_overall(outcomes),
        outcomes=tuple(outcomes),
        rules=rules,
        income_year=data.income_year,
    )


def low_income(
    *,
    household: HouseholdYear,
    median: Median | None,
    threshold_percent: Decimal = Decimal("60"),
    scale: Scale = Scale.EU,
    child_rule: ChildRule = ChildRule.EUROSTAT_UNDER_14,
) -> RuleOutcome:
    """The annual low-income rule for one household year (e.g. for the economy overview)."""
    rules = RuleSet(
        annual_low_income=True,
        threshold_percent=threshold_percent,
        scale=scale,
        child_rule=child_rule,
    )
    data = ScreeningInput(
        income_year=household.year,
        years=(household,),
        medians=() if median is None else (median,),
    )
    return _income_rule(Rule.ANNUAL_LOW_INCOME, (household.year,), rules, data)


def persistent_low_income(
    *,
    income_year: int,
    years: Mapping[int, HouseholdYear] | Iterable[HouseholdYear],
    medians: Mapping[int, Median] | Iterable[Median],
    threshold_percent: Decimal = Decimal("60"),
    scale: Scale = Scale.EU,
    child_rule: ChildRule = ChildRule.EUROSTAT_UNDER_14,
) -> RuleOutcome:
    """The persistent low-income rule for the three years ending at ``income_year``."""
    rules = RuleSet(
        persistent_low_income=True,
        threshold_percent=threshold_percent,
        scale=scale,
        child_rule=child_rule,
    )
    data = ScreeningInput(
        income_year=income_year,
        years=_by_year("years", years, HouseholdYear),
        medians=_by_year("medians", medians, Median),
    )
    return _income_rule(Rule.PERSISTENT_LOW_INCOME, _window(income_year), rules, data)

"""SIFO's reference budget for a household (REFERENCE.md §2). The amounts are data.

SIFO (OsloMet) gives ordinary consumption costs per month, per person by age and sex and per
household by number of persons; it excludes housing and electricity. Every year's amounts
and age brackets are passed in as a :class:`BudgetYear` (brackets change between years);
this module ships no figures.

* Per person: the bracket covering the person's age. Where the year splits that age by sex,
  a person of known sex takes their sex's bracket and a person whose sex is not given takes
  the mean of the female and male amounts, unrounded; where it does not, everyone takes
  the bracket for both sexes.
* Kindergarten and after-school programme (SFO/AKS) count for a person only when the person
  attends; the car counts only when asked for.
* Per household: the row for exactly the household's number of persons. A larger household
  than the data has rows for is not extrapolated.
* A category a bracket or row does not list costs nothing for it (SIFO gives no amount where
  an item does not apply, e.g. infant equipment for adults). When an attended kindergarten or
  after-school programme, or the car asked for, has no amount, it is reported as missing.
* What cannot be priced is never guessed: it is left out of the total and named in
  :attr:`Budget.missing`.

Data are checked when built: brackets for the same sex may not overlap (a bracket for both
sexes overlaps any other), categories must be known, amounts must not be negative.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

__all__ = [
    "HOUSEHOLD_CATEGORIES",
    "PERSON_CATEGORIES",
    "SEXES",
    "Bracket",
    "Budget",
    "BudgetYear",
    "HouseholdRow",
    "MissingPart",
    "Person",
    "household_budget",
]

PERSON_CATEGORIES = (
    "food",
    "clothes",
    "personal_care",
    "play_sport_media",
    "travel",
    "infant_equipment",
    "kindergarten",
    "after_school",
)
HOUSEHOLD_CATEGORIES = ("daily_goods", "household_articles", "furniture", "media_leisure", "car")
#: Values of a bracket's or person's ``sex``; None means both or not given.
SEXES = ("female", "male")

_ALL_CATEGORIES = PERSON_CATEGORIES + HOUSEHOLD_CATEGORIES
_ZERO = Decimal(0)
_TWO = Decimal(2)
# Person categories counted only when the person's flag is set.
_FLAGGED = {"kindergarten": "kindergarten", "after_school": "after_school"}
_FLAG_WORDS = {"kindergarten": "kindergarten", "after_school": "after-school programme"}


def _int(name: str, value: Any, *, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int")
    if value < low:
        raise ValueError(f"{name} must be at least {low}")
    return value


def _sex(value: Any) -> str | None:
    if value is not None and value not in SEXES:
        raise ValueError(f"sex must be 'female', 'male' or None, not {value!r}")
    return value if value is None else str(value)


def _amounts(
    where: str, amounts: Mapping[str, Any], allowed: tuple[str, ...]
) -> Mapping[str, Decimal]:
    """Check a category -> amount mapping; return a read-only copy in canonical order."""
    if not isinstance(amounts, Mapping):
        raise TypeError(f"{where}: amounts must be a mapping")
    if not amounts:
        raise ValueError(f"{where}: no amounts")
    for category in amounts:
        if category not in allowed:
            raise ValueError(f"{where}: unknown category {category!r}")
    checked: dict[str, Decimal] = {}
    for category in allowed:
        if category not in amounts:
            continue
        value = amounts[category]
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise TypeError(f"{where}: {category} must be a Decimal (or int)")
        value = Decimal(value)
        if not value.is_finite():
            raise ValueError(f"{where}: {category} must be finite")
        if value < 0:
            raise ValueError(f"{where}: {category} must not be negative")
        checked[category] = value
    return MappingProxyType(checked)


@dataclass(frozen=True)
class Bracket:
    """Per-person amounts per month for ages ``min_age``–``max_age`` (inclusive) and ``sex``
    ("female", "male", or None for both)."""

    min_age: int
    max_age: int
    sex: str | None
    amounts: Mapping[str, Decimal] = field(hash=False)

    def __post_init__(self) -> None:
        _int("min_age", self.min_age, low=0)
        _int("max_age", self.max_age, low=0)
        if self.max_age < self.min_age:
            raise ValueError(f"bracket {self.min_age}–{self.max_age}: max_age below min_age")
        object.__setattr__(self, "sex", _sex(self.sex))
        where = f"bracket {self.min_age}–{self.max_age}"
        object.__setattr__(self, "amounts", _amounts(where, self.amounts, PERSON_CATEGORIES))

    def covers(self, age: int) -> bool:
        """Whether ``age`` lies in the bracket."""
        return self.min_age <= age <= self.max_age

    def overlaps(self, other: "Bracket") -> bool:
        """Whether both could apply to one person (shared ages and a common sex)."""
        same_sex = self.sex is None or other.sex is None or self.sex == other.sex
        ages = self.min_age <= other.max_age and other.min_age <= self.max_age
        return same_sex and ages


@dataclass(frozen=True)
class HouseholdRow:
    """Per-household amounts per month for a household of ``persons`` persons."""

    persons: int
    amounts: Mapping[str, Decimal] = field(hash=False)

    def __post_init__(self) -> None:
        _int("persons", self.persons, low=1)
        where = f"household row for {self.persons} persons"
        object.__setattr__(self, "amounts", _amounts(where, self.amounts, HOUSEHOLD_CATEGORIES))


@dataclass(frozen=True)
class BudgetYear:
    """One year's reference budget data, with its source and whether it has been verified
    against SIFO's own publication."""

    year: int
    brackets: tuple[Bracket, ...]
    household_rows: tuple[HouseholdRow, ...]
    verified: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        _int("year", self.year, low=1)
        brackets = _all_of("brackets", self.brackets, Bracket)
        rows = _all_of("household_rows", self.household_rows, HouseholdRow)
        for i, first in enumerate(brackets):
            for second in brackets[i + 1 :]:
                if first.overlaps(second):
                    raise ValueError(
                        f"{self.year}: brackets {_label(first)} and {_label(second)} overlap"
                    )
        sizes = [row.persons for row in rows]
        if len(set(sizes)) != len(sizes):
            raise ValueError(f"{self.year}: more than one household row for a number of persons")
        if not isinstance(self.verified, bool):
            raise TypeError("verified must be a bool")
        if not isinstance(self.source, str):
            raise TypeError("source must be a str")
        object.__setattr__(self, "brackets", brackets)
        object.__setattr__(self, "household_rows", tuple(sorted(rows, key=lambda r: r.persons)))

    def brackets_for(self, age: int) -> tuple[Bracket, ...]:
        """The brackets covering ``age`` (none, one for both sexes, or up to one per sex)."""
        return tuple(bracket for bracket in self.brackets if bracket.covers(age))

    def household_row(self, persons: int) -> HouseholdRow | None:
        """The row for exactly ``persons`` persons, if the data has one."""
        return next((row for row in self.household_rows if row.persons == persons), None)


def _all_of(name: str, items: Iterable[Any], kind: type) -> tuple[Any, ...]:
    items = tuple(items)
    for item in items:
        if not isinstance(item, kind):
            raise TypeError(f"{name} must hold {kind.__name__} objects")
    return items


def _label(bracket: Bracket) -> str:
    sex = bracket.sex or "both sexes"
    return f"{bracket.min_age}–{bracket.max_age} ({sex})"


@dataclass(frozen=True)
class Person:
    """A household member: age in whole years, sex if given, and what they attend."""

    age: int
    sex: str | None = None
    kindergarten: bool = False
    after_school: bool = False

    def __post_init__(self) -> None:
        _int("age", self.age, low=0)
        object.__setattr__(self, "sex", _sex(self.sex))
        for name in ("kindergarten", "after_school"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be a bool")


@dataclass(frozen=True)
class MissingPart:
    """What could not be priced: ``kind`` is "age" (no bracket for ``age``), "sex" (the
    bracket for ``age`` is split by sex and one half is missing), "kindergarten" or
    "after_school" (the bracket has no such amount), "household" (no row for ``persons``) or
    "car" (the household row has no car amount)."""

    kind: str
    age: int | None = None
    persons: int | None = None


class _Missing(list):
    """The reasons as text, and beside them as data."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[MissingPart] = []

    def add(self, text: str, part: MissingPart) -> None:
        self.append(text)
        self.parts.append(part)


@dataclass(frozen=True)
class Budget:
    """A household's reference budget per month, with what could not be priced."""

    year: int
    verified: bool
    source: str
    per_category: Mapping[str, Decimal] = field(hash=False)  # Month totals per category.
    per_person: tuple[Mapping[str, Decimal], ...] = field(hash=False)  # In the persons' order.
    household: Mapping[str, Decimal] = field(hash=False)
    total: Decimal
    missing: tuple[str, ...]  # Plain reasons a part could not be priced; never an amount.
    #: The same reasons as data, for a page to word in its reader's language.
    missing_parts: tuple[MissingPart, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every part was priced."""
        return not self.missing


def _person_amounts(
    year: BudgetYear, person: Person, missing: _Missing
) -> Mapping[str, Decimal] | None:
    """The bracket amounts that apply to ``person`` (sex-resolved), or None with a reason."""
    age, yr = person.age, year.year
    brackets = year.brackets_for(age)
    if not brackets:
        missing.add(f"no bracket for age {age} in {yr}", MissingPart("age", age=age))
        return None
    by_sex = {bracket.sex: bracket for bracket in brackets}
    if None in by_sex:
        return by_sex[None].amounts
    if person.sex is not None:
        if person.sex not in by_sex:
            missing.add(
                f"no {person.sex} bracket for age {age} in {yr}", MissingPart("sex", age=age)
            )
            return None
        return by_sex[person.sex].amounts
    absent = [sex for sex in SEXES if sex not in by_sex]
    if absent:
        missing.add(
            f"no {absent[0]} bracket for age {age} in {yr} (sex not given, so the mean of "
            "the female and male amounts is needed)",
            MissingPart("sex", age=age),
        )
        return None
    female, male = by_sex["female"].amounts, by_sex["male"].amounts
    return {
        category: (female.get(category, _ZERO) + male.get(category, _ZERO)) / _TWO
        for category in PERSON_CATEGORIES
        if category in female or category in male
    }


def household_budget(
    year: BudgetYear, persons: Sequence[Person], *, include_car: bool = False
) -> Budget:
    """The reference budget for ``persons`` with ``year``'s data (see the module rules).

    Raises ValueError for an empty household.
    """
    if not isinstance(year, BudgetYear):
        raise TypeError("year must be a BudgetYear")
    persons = _all_of("persons", persons, Person)
    if not persons:
        raise ValueError("a household needs at least one person")
    if not isinstance(include_car, bool):
        raise TypeError("include_car must be a bool")

    missing = _Missing()
    per_person: list[Mapping[str, Decimal]] = []
    for person in persons:
        amounts = _person_amounts(year, person, missing)
        counted: dict[str, Decimal] = {}
        for category, value in (amounts or {}).items():
            flag = _FLAGGED.get(category)
            if flag is None or getattr(person, flag):
                counted[category] = value
        if amounts is not None:
            for category, flag in _FLAGGED.items():
                if getattr(person, flag) and category not in counted:
                    missing.add(
                        f"no {_FLAG_WORDS[category]} amount for age {person.age} in {year.year}",
                        MissingPart(category, age=person.age),
                    )
        per_person.append(MappingProxyType(counted))

    household: dict[str, Decimal] = {}
    row = year.household_row(len(persons))
    if row is None:
        missing.add(
            f"no household row for {len(persons)} persons",
            MissingPart("household", persons=len(persons)),
        )
    else:
        household = {
            category: value
            for category, value in row.amounts.items()
            if category != "car" or include_car
        }
        if include_car and "car" not in row.amounts:
            missing.add(
                f"no car amount for {len(persons)} persons in {year.year}",
                MissingPart("car", persons=len(persons)),
            )

    per_category: dict[str, Decimal] = {}
    for category in _ALL_CATEGORIES:
        parts = [amounts[category] for amounts in per_person if category in amounts]
        if category in household:
            parts.append(household[category])
        if parts:
            per_category[category] = sum(parts, _ZERO)
    return Budget(
        year=year.year,
        verified=year.verified,
        source=year.source,
        per_category=MappingProxyType(per_category),
        per_person=tuple(per_person),
        household=MappingProxyType(household),
        total=sum(per_category.values(), _ZERO),
        missing=tuple(missing),
        missing_parts=tuple(missing.parts),
    )

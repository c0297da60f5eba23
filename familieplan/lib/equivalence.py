"""Equivalence scales: a household's consumption units (REFERENCE.md §1).

The first adult counts 1.0, each further adult the scale's adult weight, each child the
child weight. Who is a child depends on :class:`ChildRule` (default: Eurostat, under 14).
A household with no member at or above the cut-off (e.g. a 16-year-old with a younger
sibling under ``UNDER_18``) still has a first person: its oldest member counts 1.0.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["ChildRule", "Scale", "ScaleWeights", "consumption_units", "household_factor"]


@dataclass(frozen=True)
class ScaleWeights:
    """Weights of one equivalence scale."""

    first_adult: Decimal
    further_adult: Decimal
    child: Decimal


class Scale(enum.StrEnum):
    """Equivalence scale. The value is what gets stored."""

    EU = "eu"  # Modified OECD scale, used by SSB and Eurostat.
    OECD_OLD = "oecd_old"

    @property
    def weights(self) -> ScaleWeights:
        """The scale's weights (first adult / further adult / child)."""
        return _WEIGHTS[self]


_WEIGHTS = {
    Scale.EU: ScaleWeights(Decimal("1.0"), Decimal("0.5"), Decimal("0.3")),
    Scale.OECD_OLD: ScaleWeights(Decimal("1.0"), Decimal("0.7"), Decimal("0.5")),
}


class ChildRule(enum.StrEnum):
    """Who counts as a child on the scale. The value is what gets stored."""

    EUROSTAT_UNDER_14 = "eurostat_under_14"  # Eurostat: members aged 14+ weigh as adults.
    UNDER_18 = "under_18"  # SSB household statistics: children are under 18.

    @property
    def cutoff_age(self) -> int:
        """Persons of this age or older count as adults."""
        return 14 if self is ChildRule.EUROSTAT_UNDER_14 else 18


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int")
    if value < 0:
        raise ValueError(f"{name} must not be negative")


def consumption_units(
    *,
    ages: Sequence[int],
    scale: Scale = Scale.EU,
    child_rule: ChildRule = ChildRule.EUROSTAT_UNDER_14,
) -> Decimal:
    """Consumption units of a household given each member's age in whole years.

    Raises ValueError for an empty household or a negative age.
    """
    ages = tuple(ages)
    if not ages:
        raise ValueError("a household needs at least one member")
    for age in ages:
        _check_count("age", age)
    cutoff = ChildRule(child_rule).cutoff_age
    adults = sum(1 for age in ages if age >= cutoff)
    children = len(ages) - adults
    return household_factor(adults=adults, children=children, scale=scale)


def household_factor(*, adults: int, children: int, scale: Scale = Scale.EU) -> Decimal:
    """Consumption units for a count of adults and children.

    With no adult, the first child counts 1.0 (as in :func:`consumption_units`).
    """
    _check_count("adults", adults)
    _check_count("children", children)
    if adults + children == 0:
        raise ValueError("a household needs at least one member")
    w = Scale(scale).weights
    if adults:
        return w.first_adult + w.further_adult * (adults - 1) + w.child * children
    return w.first_adult + w.child * (children - 1)

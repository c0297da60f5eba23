"""Tests for familieplan.lib.equivalence (REFERENCE.md §1)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familieplan.lib.equivalence import (
    ChildRule,
    Scale,
    consumption_units,
    household_factor,
)

# REFERENCE.md §1 check table (St.meld. nr. 6 (2002-2003), appendix 2), EU scale.
REFERENCE_TABLE = [
    # (ages, units)
    ([35, 10], "1.3"),  # single parent + 1 child
    ([35, 10, 8], "1.6"),  # + 2 children
    ([35, 10, 8, 2], "1.9"),  # + 3 children
    ([40, 38], "1.5"),  # two adults
    ([40, 38, 5], "1.8"),  # two adults + 1 child
    ([40, 38, 5, 3], "2.1"),
    ([40, 38, 5, 3, 1], "2.4"),
    ([40, 38, 5, 3, 1, 0], "2.7"),
    ([30], "1.0"),
]


@pytest.mark.parametrize(("ages", "units"), REFERENCE_TABLE)
def test_reference_table_by_ages(ages, units):
    result = consumption_units(ages=ages)
    assert isinstance(result, Decimal)
    assert result == Decimal(units)
    assert str(result) == units  # Exact, no float noise.


@pytest.mark.parametrize(
    ("adults", "children", "units"),
    [
        (1, 1, "1.3"),
        (1, 2, "1.6"),
        (1, 3, "1.9"),
        (2, 0, "1.5"),
        (2, 1, "1.8"),
        (2, 2, "2.1"),
        (2, 3, "2.4"),
        (2, 4, "2.7"),
        (1, 0, "1.0"),
    ],
)
def test_reference_table_by_counts(adults, children, units):
    assert household_factor(adults=adults, children=children) == Decimal(units)


@pytest.mark.parametrize(
    ("adults", "children", "units"),
    [(2, 2, "2.7"), (1, 0, "1.0"), (2, 0, "1.7"), (1, 1, "1.5"), (3, 1, "2.9")],
)
def test_old_oecd_scale(adults, children, units):
    assert household_factor(adults=adults, children=children, scale=Scale.OECD_OLD) == Decimal(
        units
    )
    ages = [40] * adults + [5] * children
    assert consumption_units(ages=ages, scale=Scale.OECD_OLD) == Decimal(units)


@pytest.mark.parametrize(
    ("age", "eurostat", "under_18"),
    [
        (13, "0.3", "0.3"),
        (14, "0.5", "0.3"),  # Eurostat: 14+ counts as an adult
        (15, "0.5", "0.3"),
        (17, "0.5", "0.3"),
        (18, "0.5", "0.5"),  # SSB: 18 is an adult
    ],
)
def test_child_rule(age, eurostat, under_18):
    """A further member's weight next to one adult, under each child rule."""
    base = Decimal("1.0")
    assert consumption_units(ages=[45, age]) - base == Decimal(eurostat)
    assert consumption_units(ages=[45, age], child_rule=ChildRule.UNDER_18) - base == Decimal(
        under_18
    )


def test_default_child_rule_is_eurostat():
    assert consumption_units(ages=[40, 15]) == consumption_units(
        ages=[40, 15], child_rule=ChildRule.EUROSTAT_UNDER_14
    )


def test_cutoff_ages():
    assert ChildRule.EUROSTAT_UNDER_14.cutoff_age == 14
    assert ChildRule.UNDER_18.cutoff_age == 18


@pytest.mark.parametrize(
    ("ages", "child_rule", "units"),
    [
        ([16, 10], ChildRule.UNDER_18, "1.3"),  # no adult: the oldest counts 1.0
        ([16, 10], ChildRule.EUROSTAT_UNDER_14, "1.3"),  # 16 is the first adult
        ([12], ChildRule.EUROSTAT_UNDER_14, "1.0"),
        ([12, 12, 3], ChildRule.EUROSTAT_UNDER_14, "1.6"),
    ],
)
def test_household_without_adult(ages, child_rule, units):
    assert consumption_units(ages=ages, child_rule=child_rule) == Decimal(units)


def test_order_of_ages_does_not_matter():
    assert consumption_units(ages=[3, 40, 10, 38]) == consumption_units(ages=[40, 38, 10, 3])


def test_scales_and_rules_are_stored_by_value():
    assert Scale("eu") is Scale.EU
    assert Scale("oecd_old") is Scale.OECD_OLD
    assert ChildRule("eurostat_under_14") is ChildRule.EUROSTAT_UNDER_14
    assert ChildRule("under_18") is ChildRule.UNDER_18
    assert consumption_units(ages=[40, 15], scale="eu", child_rule="under_18") == Decimal("1.3")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"ages": []}, ValueError),
        ({"ages": [40, -1]}, ValueError),
        ({"ages": [40, 2.5]}, TypeError),
        ({"ages": [True]}, TypeError),
    ],
)
def test_consumption_units_rejects(kwargs, error):
    with pytest.raises(error):
        consumption_units(**kwargs)


@pytest.mark.parametrize(
    ("adults", "children", "error"),
    [(0, 0, ValueError), (-1, 2, ValueError), (1, -1, ValueError), (1.0, 1, TypeError)],
)
def test_household_factor_rejects(adults, children, error):
    with pytest.raises(error):
        household_factor(adults=adults, children=children)


def test_keyword_only():
    with pytest.raises(TypeError):
        consumption_units([40, 38])  # type: ignore[misc]
    with pytest.raises(TypeError):
        household_factor(2, 2)  # type: ignore[misc]


# --- properties --------------------------------------------------------------------------

ages = st.lists(st.integers(0, 110), min_size=1, max_size=12)
scales = st.sampled_from(Scale)
child_rules = st.sampled_from(ChildRule)


@given(ages, scales, child_rules)
def test_units_at_least_one(member_ages, scale, child_rule):
    assert consumption_units(ages=member_ages, scale=scale, child_rule=child_rule) >= 1


@given(ages, st.integers(0, 110), scales, child_rules)
def test_adding_a_person_increases_units(member_ages, extra, scale, child_rule):
    before = consumption_units(ages=member_ages, scale=scale, child_rule=child_rule)
    after = consumption_units(ages=[*member_ages, extra], scale=scale, child_rule=child_rule)
    assert after > before


@given(st.integers(1, 10), st.integers(0, 10))
def test_eu_formula(adults, children):
    expected = 1 + Decimal("0.5") * (adults - 1) + Decimal("0.3") * children
    assert household_factor(adults=adults, children=children) == expected
    member_ages = [30] * adults + [5] * children
    assert consumption_units(ages=member_ages) == expected


@given(st.integers(1, 10), st.integers(0, 10))
def test_old_oecd_formula(adults, children):
    expected = 1 + Decimal("0.7") * (adults - 1) + Decimal("0.5") * children
    assert household_factor(adults=adults, children=children, scale=Scale.OECD_OLD) == expected


@given(ages, child_rules)
def test_counts_and_ages_agree(member_ages, child_rule):
    cutoff = child_rule.cutoff_age
    adults = sum(1 for age in member_ages if age >= cutoff)
    assert consumption_units(ages=member_ages, child_rule=child_rule) == household_factor(
        adults=adults, children=len(member_ages) - adults
    )

"""Tests for familieplan.lib.assistance (REFERENCE.md §2b)."""

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familieplan.lib.assistance import (
    STATE_GUIDELINE_RATES,
    STATE_RATES_VALID_UNTIL,
    Estimate,
    GuidelineRates,
    IncomeLine,
    estimate,
    rates_on,
)

D = Decimal

# REFERENCE.md §2b, row by row: from, single, couple, shared housing, 0–5, 6–10, 11–17.
REFERENCE_TABLE = [
    (date(2019, 1, 1), "6150", "10250", "5150", "2400", "3100", "4000"),
    (date(2020, 1, 1), "6250", "10450", "5250", "2450", "3150", "4100"),
    (date(2021, 1, 1), "6450", "10800", "5400", "2850", "3250", "4250"),
    (date(2021, 9, 1), "6450", "10800", "5400", "3150", "3250", "4250"),
    (date(2022, 1, 1), "6550", "10950", "5450", "3200", "3300", "4300"),
    (date(2022, 7, 1), "6650", "11150", "5600", "3250", "3350", "4400"),
]

JULY_2022 = rates_on(STATE_GUIDELINE_RATES, date(2022, 7, 15))


def rates(**changes):
    """A made-up rate set for arithmetic (not a real figure)."""
    base = GuidelineRates(
        valid_from=date(2030, 1, 1),
        single=D(100),
        couple=D(200),
        shared_housing=D(80),
        child_0_5=D(10),
        child_6_10=D(20),
        child_11_17=D(30),
        source="test data",
    )
    return dataclasses.replace(base, **changes)


def barnetrygd(monthly="1766"):
    return IncomeLine("barnetrygd", D(monthly), counts=False)


# --- the shipped table --------------------------------------------------------------------


def test_table_is_the_reference_table():
    assert len(STATE_GUIDELINE_RATES) == len(REFERENCE_TABLE)
    for row, expected in zip(STATE_GUIDELINE_RATES, REFERENCE_TABLE, strict=True):
        valid_from, *amounts = expected
        assert row.valid_from == valid_from
        assert (
            row.single,
            row.couple,
            row.shared_housing,
            row.child_0_5,
            row.child_6_10,
            row.child_11_17,
        ) == tuple(D(amount) for amount in amounts)


def test_every_row_names_its_source():
    for row in STATE_GUIDELINE_RATES:
        assert row.source.strip()
    assert "A-1/2022" in STATE_GUIDELINE_RATES[-1].source
    assert "3.4 %" in STATE_GUIDELINE_RATES[-1].source
    assert "0–5" in STATE_GUIDELINE_RATES[3].source


def test_july_2022_is_the_2021_rates_raised_by_3_4_percent():
    """A cross-check of the table: each 1 July 2022 rate is the 1 September 2021 rate
    raised by 3.4 % and rounded to the nearest 50 kroner (not the 1 January 2022 rate)."""
    september_2021, july_2022 = STATE_GUIDELINE_RATES[3], STATE_GUIDELINE_RATES[5]
    for name in ("single", "couple", "shared_housing", "child_0_5", "child_6_10", "child_11_17"):
        raised = getattr(september_2021, name) * D("1.034")
        assert (raised / 50).quantize(D(1)) * 50 == getattr(july_2022, name), name


def test_valid_until_is_end_of_2022():
    assert date(2022, 12, 31) == STATE_RATES_VALID_UNTIL


# --- rates_on ------------------------------------------------------------------------------

BOUNDARIES = [
    # (day, index of the row in force, or None)
    (date(2018, 12, 31), None),
    *[(row[0] - timedelta(days=1), i - 1 if i else None) for i, row in enumerate(REFERENCE_TABLE)],
    *[(row[0], i) for i, row in enumerate(REFERENCE_TABLE)],
    (date(2021, 8, 31), 2),
    (date(2022, 6, 30), 4),
    (date(2022, 12, 31), 5),
]


@pytest.mark.parametrize(("day", "index"), BOUNDARIES)
def test_rates_on_boundaries(day, index):
    found = rates_on(STATE_GUIDELINE_RATES, day, valid_until=STATE_RATES_VALID_UNTIL)
    if index is None:
        assert found is None
    else:
        assert found is STATE_GUIDELINE_RATES[index]
        assert found.valid_from == REFERENCE_TABLE[index][0]


def test_rates_on_after_coverage_is_none():
    assert (
        rates_on(STATE_GUIDELINE_RATES, date(2023, 1, 1), valid_until=STATE_RATES_VALID_UNTIL)
        is None
    )
    assert (
        rates_on(STATE_GUIDELINE_RATES, date(2025, 6, 1), valid_until=STATE_RATES_VALID_UNTIL)
        is None
    )


def test_rates_on_without_valid_until_keeps_the_last_set():
    assert rates_on(STATE_GUIDELINE_RATES, date(2023, 1, 1)) is STATE_GUIDELINE_RATES[-1]


def test_rates_on_order_of_table_does_not_matter():
    shuffled = tuple(reversed(STATE_GUIDELINE_RATES))
    for day, _ in BOUNDARIES:
        assert rates_on(shuffled, day) is rates_on(STATE_GUIDELINE_RATES, day)


def test_rates_on_empty_table():
    assert rates_on((), date(2022, 1, 1)) is None


def test_rates_on_rejects_two_sets_on_one_day():
    with pytest.raises(ValueError, match="same day"):
        rates_on((rates(), rates(single=D(1))), date(2030, 1, 1))


def test_rates_on_a_municipal_table():
    own = (rates(valid_from=date(2030, 1, 1)), rates(valid_from=date(2031, 1, 1), single=D(110)))
    assert rates_on(own, date(2030, 12, 31)).single == D(100)
    assert rates_on(own, date(2031, 1, 1)).single == D(110)


@pytest.mark.parametrize("day", ["2022-01-01", None])
def test_rates_on_needs_a_date(day):
    with pytest.raises(TypeError):
        rates_on(STATE_GUIDELINE_RATES, day)


# --- estimate: the example and the rules ------------------------------------------


def test_couple_with_children_4_and_8_in_july_2022():
    result = estimate(
        rates=JULY_2022,
        adults=2,
        child_ages=[4, 8],
        housing_costs=D("9000"),
        incomes=[barnetrygd("3532")],
    )
    assert isinstance(result, Estimate)
    assert result.rates.valid_from == date(2022, 7, 1)
    assert result.adults_norm == D("11150")
    assert result.children_norm == ((4, D("3250")), (8, D("3350")))
    assert result.norm_total - result.housing == D("17750")
    assert result.housing == D("9000")
    assert result.norm_total == D("26750")
    # Barnetrygd is not counted (since 1 September 2022), so it is not deducted.
    assert result.income_counted == D(0)
    assert result.income_not_counted == D("3532")
    assert result.amount == D("26750")
    assert result.left_out_members == 0


@pytest.mark.parametrize(
    ("adults", "shared_housing", "norm"),
    [(1, False, "100"), (1, True, "80"), (2, False, "200"), (2, True, "200")],
)
def test_adult_rates(adults, shared_housing, norm):
    result = estimate(
        rates=rates(),
        adults=adults,
        shared_housing=shared_housing,
        child_ages=[],
        housing_costs=D(0),
        incomes=[],
    )
    assert result.adults_norm == D(norm)
    assert result.amount == D(norm)


@pytest.mark.parametrize(
    ("age", "rate"),
    [(0, "10"), (5, "10"), (6, "20"), (10, "20"), (11, "30"), (17, "30")],
)
def test_child_age_groups(age, rate):
    result = estimate(rates=rates(), adults=1, child_ages=[age], housing_costs=D(0), incomes=[])
    assert result.children_norm == ((age, D(rate)),)
    assert result.norm_total == D(100) + D(rate)


@pytest.mark.parametrize(
    ("day", "age", "rate"),
    [
        (date(2021, 8, 31), 3, "2850"),  # before the 2021 change for children 0–5
        (date(2021, 9, 1), 3, "3150"),
        (date(2021, 9, 1), 7, "3250"),  # 6–10 unchanged
    ],
)
def test_2021_change_for_children_0_5(day, age, rate):
    result = estimate(
        rates=rates_on(STATE_GUIDELINE_RATES, day),
        adults=1,
        child_ages=[age],
        housing_costs=D(0),
        incomes=[],
    )
    assert result.adults_norm == D("6450")
    assert result.children_norm == ((age, D(rate)),)


def test_counted_income_is_deducted_and_amount_never_below_zero():
    common = {"rates": rates(), "adults": 1, "child_ages": [3], "housing_costs": D(50)}
    # norm = 100 + 10 + 50 = 160
    result = estimate(**common, incomes=[IncomeLine("work", D(60), True), barnetrygd("40")])
    assert result.income_counted == D(60)
    assert result.income_not_counted == D(40)
    assert result.amount == D(100)
    result = estimate(**common, incomes=[IncomeLine("work", D(500), True)])
    assert result.amount == D(0)
    assert result.norm_total == D(160)


def test_other_members_are_left_out():
    result = estimate(
        rates=rates(), adults=2, child_ages=[12], housing_costs=D(0), incomes=[], other_members=2
    )
    assert result.left_out_members == 2
    assert result.norm_total == D(230)


def test_amounts_with_ore_are_exact():
    result = estimate(
        rates=rates(),
        adults=1,
        child_ages=[],
        housing_costs=D("1234.56"),
        incomes=[IncomeLine("work", D("0.01"), True)],
    )
    assert result.amount == D("1334.55")


def test_ints_are_accepted_as_money():
    result = estimate(
        rates=rates(single=150), adults=1, child_ages=[], housing_costs=50, incomes=[]
    )
    assert result.amount == D(200)
    assert isinstance(result.amount, Decimal)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"adults": 0}, ValueError),
        ({"adults": 3}, ValueError),
        ({"adults": True}, TypeError),
        ({"child_ages": [18]}, ValueError),
        ({"child_ages": [-1]}, ValueError),
        ({"child_ages": [4.0]}, TypeError),
        ({"housing_costs": D("-1")}, ValueError),
        ({"housing_costs": 12.5}, TypeError),
        ({"housing_costs": D("NaN")}, ValueError),
        ({"other_members": -1}, ValueError),
        ({"incomes": [("work", D(1), True)]}, TypeError),
        ({"rates": None}, TypeError),
    ],
)
def test_estimate_rejects(changes, error):
    kwargs = {
        "rates": rates(),
        "adults": 1,
        "child_ages": [],
        "housing_costs": D(0),
        "incomes": [],
        **changes,
    }
    with pytest.raises(error):
        estimate(**kwargs)


@pytest.mark.parametrize(
    ("monthly", "counts", "error"),
    [(D("-0.01"), True, ValueError), (D("-5"), False, ValueError), (1.5, True, TypeError)],
)
def test_negative_income_is_refused(monthly, counts, error):
    with pytest.raises(error):
        estimate(
            rates=rates(),
            adults=1,
            child_ages=[],
            housing_costs=D(0),
            incomes=[IncomeLine("x", monthly, counts)],
        )


@pytest.mark.parametrize(
    "changes", [{"single": D(-1)}, {"child_11_17": D("-0.5")}, {"couple": D("Infinity")}]
)
def test_rates_reject_bad_amounts(changes):
    with pytest.raises(ValueError):
        rates(**changes)


def test_rates_need_a_date():
    with pytest.raises(TypeError):
        rates(valid_from="2030-01-01")


def test_keyword_only():
    with pytest.raises(TypeError):
        estimate(rates(), 1, False, [], D(0), [])  # type: ignore[misc]


# --- properties --------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=200_000, places=2)
rate_sets = st.sampled_from(STATE_GUIDELINE_RATES)
adult_counts = st.sampled_from([(1, False), (1, True), (2, False)])
child_ages = st.lists(st.integers(0, 17), max_size=8)
income_lines = st.lists(
    st.builds(
        IncomeLine, st.sampled_from(["work", "barnetrygd", "bostøtte"]), money, st.booleans()
    ),
    max_size=6,
)


def _estimate(table_rates, adults, ages, housing, incomes):
    count, shared = adults
    return estimate(
        rates=table_rates,
        adults=count,
        shared_housing=shared,
        child_ages=ages,
        housing_costs=housing,
        incomes=incomes,
    )


@given(rate_sets, adult_counts, child_ages, money, income_lines)
def test_amount_never_negative_and_parts_add_up(table_rates, adults, ages, housing, incomes):
    result = _estimate(table_rates, adults, ages, housing, incomes)
    assert result.amount >= 0
    assert result.norm_total == (
        result.adults_norm + sum(rate for _, rate in result.children_norm) + result.housing
    )
    assert result.amount == max(D(0), result.norm_total - result.income_counted)
    assert result.income_counted + result.income_not_counted == sum(
        (line.monthly for line in incomes), D(0)
    )


@given(rate_sets, adult_counts, child_ages, money, income_lines, money)
def test_more_counted_income_never_raises_the_amount(
    table_rates, adults, ages, housing, incomes, extra
):
    before = _estimate(table_rates, adults, ages, housing, incomes)
    after = _estimate(
        table_rates, adults, ages, housing, [*incomes, IncomeLine("extra", extra, True)]
    )
    assert after.amount <= before.amount


@given(rate_sets, adult_counts, child_ages, money, income_lines, money)
def test_not_counted_income_never_changes_the_amount(
    table_rates, adults, ages, housing, incomes, extra
):
    before = _estimate(table_rates, adults, ages, housing, incomes)
    after = _estimate(
        table_rates, adults, ages, housing, [*incomes, IncomeLine("barnetrygd", extra, False)]
    )
    assert after.amount == before.amount
    assert after.norm_total == before.norm_total


@given(rate_sets, adult_counts, child_ages, st.integers(0, 17), money, income_lines)
def test_another_child_never_lowers_the_amount(table_rates, adults, ages, extra, housing, incomes):
    before = _estimate(table_rates, adults, ages, housing, incomes)
    after = _estimate(table_rates, adults, [*ages, extra], housing, incomes)
    assert after.amount >= before.amount
    assert after.norm_total > before.norm_total


@given(st.dates(min_value=date(2019, 1, 1), max_value=date(2022, 12, 31)))
def test_every_covered_day_has_rates(day):
    found = rates_on(STATE_GUIDELINE_RATES, day, valid_until=STATE_RATES_VALID_UNTIL)
    assert found is not None
    assert found.valid_from <= day
    assert not any(found.valid_from < row.valid_from <= day for row in STATE_GUIDELINE_RATES)


@given(st.dates(min_value=date(2023, 1, 1)))
def test_no_rates_after_coverage(day):
    assert rates_on(STATE_GUIDELINE_RATES, day, valid_until=STATE_RATES_VALID_UNTIL) is None

"""Tests for familieplan.lib.rhythm: when a payment or bill falls (REFERENCE.md §3)."""

import calendar
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from familieplan.lib.rhythm import (
    Rhythm,
    Schedule,
    count_in_year,
    month_day,
    monthly_average,
    next_on_or_after,
    occurrences,
    valid_months,
    yearly_total,
)

D = date
MONTHLY = Rhythm.MONTHLY
FORTNIGHT = Rhythm.EVERY_14_DAYS
YEARLY = Rhythm.YEARLY
ONCE = Rhythm.ONCE
IRREGULAR = Rhythm.IRREGULAR


def monthly(day, **validity):
    return Schedule(MONTHLY, day_of_month=day, **validity)


def anchored(rhythm, anchor, **validity):
    return Schedule(rhythm, anchor=anchor, **validity)


# --- the calendar's edges, table-driven ---------------------------------------------------

MAY = (D(2025, 5, 1), D(2025, 5, 31))

OCCURRENCES = [
    # (id, schedule, start, end, expected)
    (
        "31st in a common February falls on the 28th",
        monthly(31),
        D(2025, 1, 1),
        D(2025, 4, 30),
        [D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31), D(2025, 4, 30)],
    ),
    (
        "31st in a leap February falls on the 29th",
        monthly(31),
        D(2024, 2, 1),
        D(2024, 3, 31),
        [D(2024, 2, 29), D(2024, 3, 31)],
    ),
    (
        "30th in February falls on the last day",
        monthly(30),
        D(2023, 2, 1),
        D(2024, 3, 1),
        [
            D(2023, 2, 28),
            D(2023, 3, 30),
            D(2023, 4, 30),
            D(2023, 5, 30),
            D(2023, 6, 30),
            D(2023, 7, 30),
            D(2023, 8, 30),
            D(2023, 9, 30),
            D(2023, 10, 30),
            D(2023, 11, 30),
            D(2023, 12, 30),
            D(2024, 1, 30),
            D(2024, 2, 29),
        ],
    ),
    (
        "29th in a common February falls on the 28th",
        monthly(29),
        D(2025, 2, 1),
        D(2025, 3, 31),
        [D(2025, 2, 28), D(2025, 3, 29)],
    ),
    (
        "the 1st, range starting on it",
        monthly(1),
        D(2025, 3, 1),
        D(2025, 5, 1),
        [D(2025, 3, 1), D(2025, 4, 1), D(2025, 5, 1)],
    ),
    (
        "monthly, range inside a month before the day",
        monthly(20),
        D(2025, 3, 1),
        D(2025, 3, 19),
        [],
    ),
    (
        "monthly, a one-day range on the day",
        monthly(20),
        D(2025, 3, 20),
        D(2025, 3, 20),
        [D(2025, 3, 20)],
    ),
    (
        "monthly across the year end",
        monthly(15),
        D(2025, 11, 16),
        D(2026, 2, 14),
        [D(2025, 12, 15), D(2026, 1, 15)],
    ),
    (
        "every 14 days across a month end and the year end",
        anchored(FORTNIGHT, D(2025, 12, 5)),
        D(2025, 12, 1),
        D(2026, 2, 1),
        [D(2025, 12, 5), D(2025, 12, 19), D(2026, 1, 2), D(2026, 1, 16), D(2026, 1, 30)],
    ),
    (
        "every 14 days through a leap February",
        anchored(FORTNIGHT, D(2024, 2, 15)),
        D(2024, 2, 1),
        D(2024, 3, 31),
        [D(2024, 2, 15), D(2024, 2, 29), D(2024, 3, 14), D(2024, 3, 28)],
    ),
    (
        "every 14 days, anchor long before start: phase kept",
        anchored(FORTNIGHT, D(2020, 1, 3)),
        D(2025, 6, 1),
        D(2025, 6, 30),
        [D(2025, 6, 13), D(2025, 6, 27)],
    ),
    (
        "every 14 days, anchor after start: nothing before the anchor",
        anchored(FORTNIGHT, D(2025, 6, 20)),
        D(2025, 6, 1),
        D(2025, 7, 31),
        [D(2025, 6, 20), D(2025, 7, 4), D(2025, 7, 18)],
    ),
    (
        "every 14 days, anchor after end",
        anchored(FORTNIGHT, D(2025, 8, 1)),
        D(2025, 6, 1),
        D(2025, 7, 31),
        [],
    ),
    (
        "every 14 days, start on a date",
        anchored(FORTNIGHT, D(2025, 1, 3)),
        D(2025, 1, 17),
        D(2025, 1, 31),
        [D(2025, 1, 17), D(2025, 1, 31)],
    ),
    (
        "yearly on 29 Feb falls on 28 Feb in common years",
        anchored(YEARLY, D(2024, 2, 29)),
        D(2024, 1, 1),
        D(2028, 12, 31),
        [D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)],
    ),
    (
        "yearly, nothing before the anchor",
        anchored(YEARLY, D(2025, 9, 1)),
        D(2023, 1, 1),
        D(2026, 12, 31),
        [D(2025, 9, 1), D(2026, 9, 1)],
    ),
    (
        "yearly, range between two dates",
        anchored(YEARLY, D(2020, 9, 1)),
        D(2025, 9, 2),
        D(2026, 8, 31),
        [],
    ),
    ("one-off inside the range", anchored(ONCE, D(2025, 5, 17)), *MAY, [D(2025, 5, 17)]),
    ("one-off on the range's first day", anchored(ONCE, D(2025, 5, 1)), *MAY, [D(2025, 5, 1)]),
    ("one-off on the range's last day", anchored(ONCE, D(2025, 5, 31)), *MAY, [D(2025, 5, 31)]),
    ("one-off before the range", anchored(ONCE, D(2025, 4, 30)), *MAY, []),
    ("one-off after the range", anchored(ONCE, D(2025, 6, 1)), *MAY, []),
    (
        "one-off outside its own validity",
        anchored(ONCE, D(2025, 5, 17), valid_to=D(2025, 5, 16)),
        D(2025, 5, 1),
        D(2025, 5, 31),
        [],
    ),
    (
        "valid_from and valid_to cut a monthly schedule (both inclusive)",
        monthly(10, valid_from=D(2025, 2, 10), valid_to=D(2025, 4, 10)),
        D(2025, 1, 1),
        D(2025, 12, 31),
        [D(2025, 2, 10), D(2025, 3, 10), D(2025, 4, 10)],
    ),
    (
        "valid_from the day after, valid_to the day before",
        monthly(10, valid_from=D(2025, 2, 11), valid_to=D(2025, 5, 9)),
        D(2025, 1, 1),
        D(2025, 12, 31),
        [D(2025, 3, 10), D(2025, 4, 10)],
    ),
    (
        "validity cuts every 14 days but keeps the anchor's phase",
        anchored(FORTNIGHT, D(2025, 1, 3), valid_from=D(2025, 2, 1), valid_to=D(2025, 3, 14)),
        D(2025, 1, 1),
        D(2025, 12, 31),
        [D(2025, 2, 14), D(2025, 2, 28), D(2025, 3, 14)],
    ),
    (
        "validity cuts yearly",
        anchored(YEARLY, D(2020, 6, 1), valid_from=D(2022, 1, 1), valid_to=D(2024, 6, 1)),
        D(2019, 1, 1),
        D(2030, 12, 31),
        [D(2022, 6, 1), D(2023, 6, 1), D(2024, 6, 1)],
    ),
    (
        "validity entirely outside the range",
        monthly(5, valid_to=D(2024, 12, 31)),
        D(2025, 1, 1),
        D(2025, 12, 31),
        [],
    ),
    ("irregular has no dates", Schedule(IRREGULAR), D(2025, 1, 1), D(2025, 12, 31), []),
]


@pytest.mark.parametrize(
    ("schedule", "start", "end", "expected"),
    [pytest.param(*row[1:], id=row[0]) for row in OCCURRENCES],
)
def test_occurrences(schedule, start, end, expected):
    assert occurrences(schedule, start, end) == expected


@pytest.mark.parametrize(
    ("schedule", "day", "expected"),
    [
        (monthly(31), D(2025, 2, 1), D(2025, 2, 28)),
        (monthly(31), D(2025, 3, 1), D(2025, 3, 31)),
        (monthly(15), D(2025, 3, 15), D(2025, 3, 15)),
        (monthly(15), D(2025, 3, 16), D(2025, 4, 15)),
        (monthly(15), D(2025, 12, 16), D(2026, 1, 15)),
        (monthly(15, valid_to=D(2025, 4, 14)), D(2025, 3, 16), None),
        (monthly(15, valid_from=D(2025, 6, 1)), D(2025, 1, 1), D(2025, 6, 15)),
        (anchored(FORTNIGHT, D(2025, 1, 3)), D(2025, 1, 4), D(2025, 1, 17)),
        (anchored(FORTNIGHT, D(2025, 1, 3)), D(2024, 1, 1), D(2025, 1, 3)),
        (anchored(YEARLY, D(2024, 2, 29)), D(2024, 3, 1), D(2025, 2, 28)),
        (anchored(YEARLY, D(2024, 2, 29)), D(2027, 3, 1), D(2028, 2, 29)),
        (anchored(ONCE, D(2025, 5, 17)), D(2025, 5, 17), D(2025, 5, 17)),
        (anchored(ONCE, D(2025, 5, 17)), D(2020, 1, 1), D(2025, 5, 17)),
        (anchored(ONCE, D(2025, 5, 17)), D(2025, 5, 18), None),  # A past one-off.
        (Schedule(IRREGULAR), D(2025, 1, 1), None),
        # Near the end of the calendar: no date left, and no endless search.
        (monthly(31), D(9999, 12, 31), D(9999, 12, 31)),
        (monthly(15), D(9999, 12, 16), None),
        (anchored(FORTNIGHT, D(9999, 12, 20)), D(9999, 12, 21), None),
        (anchored(YEARLY, D(2000, 6, 1)), D(9999, 6, 2), None),
    ],
)
def test_next_on_or_after(schedule, day, expected):
    assert next_on_or_after(schedule, day) == expected


@pytest.mark.parametrize(
    ("schedule", "year", "count"),
    [
        (monthly(31), 2025, 12),
        (monthly(1, valid_from=D(2025, 3, 2)), 2025, 9),
        (anchored(FORTNIGHT, D(2025, 1, 1)), 2025, 27),  # 1 Jan and 31 Dec both
        (anchored(FORTNIGHT, D(2025, 1, 1)), 2026, 26),
        (anchored(FORTNIGHT, D(2025, 1, 3)), 2025, 26),
        (anchored(FORTNIGHT, D(2024, 1, 2)), 2024, 27),  # leap year: 2 Jan and 31 Dec
        (anchored(FORTNIGHT, D(2025, 1, 3)), 2024, 0),
        (anchored(FORTNIGHT, D(2025, 7, 4)), 2025, 13),
        (anchored(YEARLY, D(2024, 2, 29)), 2025, 1),
        (anchored(YEARLY, D(2024, 2, 29)), 2023, 0),
        (anchored(ONCE, D(2025, 5, 17)), 2025, 1),
        (anchored(ONCE, D(2025, 5, 17)), 2026, 0),
        (Schedule(IRREGULAR), 2025, 0),
    ],
)
def test_count_in_year(schedule, year, count):
    assert count_in_year(schedule, year) == count


@pytest.mark.parametrize(
    ("schedule", "amount", "year", "total", "average"),
    [
        (monthly(20), "12000", 2025, "144000", "12000"),
        (monthly(20), "1000", 2025, "12000", "1000"),
        (anchored(FORTNIGHT, D(2025, 1, 1)), "6000", 2025, "162000", "13500"),
        (anchored(FORTNIGHT, D(2025, 1, 1)), "6000", 2026, "156000", "13000"),
        (anchored(YEARLY, D(2024, 8, 15)), "4200", 2025, "4200", "350"),
        (anchored(ONCE, D(2025, 5, 17)), "-900", 2025, "-900", "-75"),
        (anchored(ONCE, D(2025, 5, 17)), "900", 2024, "0", "0"),
        (monthly(1, valid_from=D(2025, 10, 1)), "1000.50", 2025, "3001.50", "250.125"),
        # IRREGULAR: the expected amount per month times the months overlapping validity.
        (Schedule(IRREGULAR), "1500", 2025, "18000", "1500"),
        (Schedule(IRREGULAR), "1500.50", 2025, "18006.00", "1500.50"),
        (Schedule(IRREGULAR, valid_from=D(2025, 3, 31)), "1200", 2025, "12000", "1000"),
        (
            Schedule(IRREGULAR, valid_from=D(2025, 3, 31), valid_to=D(2025, 4, 1)),
            "1200",
            2025,
            "2400",
            "200",
        ),
        (Schedule(IRREGULAR, valid_to=D(2024, 12, 31)), "1200", 2025, "0", "0"),
    ],
)
def test_totals(schedule, amount, year, total, average):
    assert yearly_total(schedule, Decimal(amount), year) == Decimal(total)
    assert monthly_average(schedule, Decimal(amount), year) == Decimal(average)


def test_monthly_average_is_unrounded():
    # One yearly 1000 is 83.33… a month: no quantizing, the caller rounds.
    result = monthly_average(anchored(YEARLY, D(2025, 1, 1)), Decimal("1000"), 2025)
    assert result == Decimal("83.33333333333333333333333333")
    assert str(yearly_total(anchored(YEARLY, D(2025, 1, 1)), Decimal("1000.00"), 2025)) == (
        "1000.00"
    )


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "months"),
    [
        (None, None, 12),
        (D(2025, 1, 31), None, 12),
        (D(2025, 2, 1), None, 11),
        (None, D(2025, 1, 1), 1),
        (D(2025, 6, 15), D(2025, 6, 15), 1),
        (D(2024, 6, 1), D(2024, 12, 31), 0),
        (D(2026, 1, 1), None, 0),
    ],
)
def test_valid_months(valid_from, valid_to, months):
    schedule = Schedule(IRREGULAR, valid_from=valid_from, valid_to=valid_to)
    assert valid_months(schedule, 2025) == months


def test_month_day():
    assert month_day(2025, 2, 31) == D(2025, 2, 28)
    assert month_day(2024, 2, 30) == D(2024, 2, 29)
    assert month_day(2025, 4, 31) == D(2025, 4, 30)
    assert month_day(2025, 4, 5) == D(2025, 4, 5)


def test_rhythm_values_and_fields():
    assert [r.value for r in Rhythm] == ["monthly", "every_14_days", "yearly", "once", "irregular"]
    assert [r for r in Rhythm if r.uses_day_of_month] == [MONTHLY]
    assert [r for r in Rhythm if r.uses_anchor] == [FORTNIGHT, YEARLY, ONCE]


def test_rhythm_may_be_given_as_its_stored_string():
    schedule = Schedule("monthly", day_of_month=5)
    assert schedule.rhythm is Rhythm.MONTHLY


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rhythm": "weekly"}, "rhythm must be one of: monthly, every_14_days"),
        ({"rhythm": MONTHLY}, "a monthly schedule needs a day of the month"),
        ({"rhythm": MONTHLY, "day_of_month": 0}, "between 1 and 31"),
        ({"rhythm": MONTHLY, "day_of_month": 32}, "between 1 and 31"),
        ({"rhythm": MONTHLY, "day_of_month": -1}, "between 1 and 31"),
        (
            {"rhythm": MONTHLY, "day_of_month": 5, "anchor": D(2025, 1, 5)},
            "a monthly schedule takes no anchor date",
        ),
        ({"rhythm": FORTNIGHT}, "an every-14-days schedule needs an anchor date"),
        ({"rhythm": YEARLY}, "a yearly schedule needs an anchor date"),
        ({"rhythm": ONCE}, "a one-off schedule needs an anchor date"),
        (
            {"rhythm": FORTNIGHT, "anchor": D(2025, 1, 3), "day_of_month": 3},
            "an every-14-days schedule takes no day of the month",
        ),
        (
            {"rhythm": YEARLY, "anchor": D(2025, 1, 3), "day_of_month": 3},
            "a yearly schedule takes no day of the month",
        ),
        (
            {"rhythm": ONCE, "anchor": D(2025, 1, 3), "day_of_month": 3},
            "a one-off schedule takes no day of the month",
        ),
        (
            {"rhythm": IRREGULAR, "anchor": D(2025, 1, 3)},
            "an irregular schedule takes no anchor date",
        ),
        (
            {"rhythm": IRREGULAR, "day_of_month": 3},
            "an irregular schedule takes no day of the month",
        ),
        (
            {
                "rhythm": MONTHLY,
                "day_of_month": 5,
                "valid_from": D(2025, 3, 1),
                "valid_to": D(2025, 2, 28),
            },
            "valid_to must not be before valid_from",
        ),
    ],
)
def test_bad_schedules_are_refused_with_a_plain_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Schedule(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rhythm": MONTHLY, "day_of_month": True},
        {"rhythm": MONTHLY, "day_of_month": "5"},
        {"rhythm": ONCE, "anchor": datetime(2025, 1, 3, 12, 0)},
        {"rhythm": ONCE, "anchor": "2025-01-03"},
        {"rhythm": IRREGULAR, "valid_from": "2025-01-01"},
    ],
)
def test_wrong_types_are_refused(kwargs):
    with pytest.raises(TypeError):
        Schedule(**kwargs)


def test_a_one_day_validity_is_allowed():
    schedule = monthly(5, valid_from=D(2025, 3, 5), valid_to=D(2025, 3, 5))
    assert occurrences(schedule, D(2025, 1, 1), D(2025, 12, 31)) == [D(2025, 3, 5)]


def test_bad_ranges_and_arguments():
    with pytest.raises(ValueError, match="end must not be before start"):
        occurrences(monthly(1), D(2025, 2, 1), D(2025, 1, 31))
    with pytest.raises(TypeError):
        occurrences(monthly(1), datetime(2025, 1, 1), D(2025, 1, 31))
    with pytest.raises(ValueError, match="year must be between"):
        count_in_year(monthly(1), 0)
    with pytest.raises(TypeError, match="amount must be a Decimal"):
        yearly_total(monthly(1), 100.0, 2025)
    with pytest.raises(ValueError, match="amount must be finite"):
        yearly_total(monthly(1), Decimal("NaN"), 2025)


def test_fourteen_days_over_five_years_jumps_to_the_range():
    # Anchor decades back: the first date is found arithmetically, the count is exact.
    schedule = anchored(FORTNIGHT, D(1950, 1, 6))
    result = occurrences(schedule, D(2025, 1, 1), D(2029, 12, 31))
    assert len(result) == (D(2029, 12, 31) - result[0]).days // 14 + 1
    assert result[0] - timedelta(days=14) < D(2025, 1, 1) <= result[0]
    assert all((d - D(1950, 1, 6)).days % 14 == 0 for d in result)


# --- properties ---------------------------------------------------------------------------

LOW, HIGH = D(2000, 1, 1), D(2040, 12, 31)
days = st.dates(min_value=LOW, max_value=HIGH)
spans = st.integers(min_value=0, max_value=5 * 366)


@st.composite
def validities(draw):
    valid_from = draw(st.none() | days)
    valid_to = draw(st.none() | days)
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        valid_from, valid_to = valid_to, valid_from
    return {"valid_from": valid_from, "valid_to": valid_to}


@st.composite
def schedules(draw, rhythm=None, validity=True):
    rhythm = rhythm or draw(st.sampled_from(list(Rhythm)))
    extra = draw(validities()) if validity else {}
    if rhythm is MONTHLY:
        return Schedule(rhythm, day_of_month=draw(st.integers(1, 31)), **extra)
    if rhythm is IRREGULAR:
        return Schedule(rhythm, **extra)
    return Schedule(rhythm, anchor=draw(days), **extra)


@st.composite
def ranges(draw):
    start = draw(days)
    return start, start + timedelta(days=draw(spans))


@given(schedules(), ranges())
def test_every_occurrence_lies_in_the_range_and_validity(schedule, span):
    start, end = span
    result = occurrences(schedule, start, end)
    assert result == sorted(set(result))
    for on in result:
        assert start <= on <= end
        assert schedule.is_valid_on(on)
    if schedule.rhythm is IRREGULAR:
        assert result == []


def _months(start, end):
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@given(st.integers(1, 31), days, st.integers(0, 72))
def test_monthly_is_one_date_in_every_whole_month(day, first, months):
    start = D(first.year, first.month, 1)
    last_year, last_month = divmod(first.year * 12 + first.month - 1 + months, 12)
    end = month_day(last_year, last_month + 1, 31)
    result = occurrences(Schedule(MONTHLY, day_of_month=day), start, end)
    assert [(on.year, on.month) for on in result] == list(_months(start, end))
    assert all(on.day == min(day, calendar.monthrange(on.year, on.month)[1]) for on in result)


@given(schedules(MONTHLY), ranges())
def test_monthly_is_at_most_one_date_a_month(schedule, span):
    result = occurrences(schedule, *span)
    assert len({(on.year, on.month) for on in result}) == len(result)


@given(schedules(FORTNIGHT), ranges())
def test_every_14_days_steps_by_14_from_the_anchor(schedule, span):
    start, end = span
    result = occurrences(schedule, start, end)
    anchor = schedule.anchor
    for on in result:
        assert on >= anchor
        assert (on - anchor).days % 14 == 0
    for earlier, later in pairwise(result):
        assert (later - earlier).days == 14
    # None missing at either end: the date before the first and after the last fall outside.
    lo = max(d for d in (start, anchor, schedule.valid_from) if d is not None)
    hi = min(d for d in (end, schedule.valid_to) if d is not None)
    if result:
        assert result[0] - timedelta(days=14) < lo
        assert result[-1] + timedelta(days=14) > hi
    elif lo <= hi:
        assert (hi - lo).days < 14


@given(schedules(YEARLY), ranges())
def test_yearly_is_on_the_anchors_month_and_day(schedule, span):
    result = occurrences(schedule, *span)
    anchor = schedule.anchor
    assert len({on.year for on in result}) == len(result)
    for on in result:
        assert on >= anchor
        assert on == month_day(on.year, anchor.month, anchor.day)


@given(schedules(), days, spans, spans)
def test_occurrences_split_at_any_day(schedule, a, first, second):
    b = a + timedelta(days=first)
    c = b + timedelta(days=second + 1)
    assert occurrences(schedule, a, c) == (
        occurrences(schedule, a, b) + occurrences(schedule, b + timedelta(days=1), c)
    )


@given(schedules(FORTNIGHT, validity=False), st.integers(2000, 2045))
def test_every_14_days_is_26_or_27_times_in_a_year_after_the_anchor(schedule, year):
    assume(schedule.anchor.year < year)
    assert count_in_year(schedule, year) in (26, 27)


@given(schedules(), days)
def test_next_on_or_after_agrees_with_occurrences(schedule, day):
    found = next_on_or_after(schedule, day)
    if found is None:
        assert occurrences(schedule, day, D(2100, 12, 31)) == []
    else:
        assert found >= day
        assert occurrences(schedule, day, found) == [found]


@given(schedules(), st.integers(2000, 2040), st.integers(-100_000, 100_000))
def test_yearly_total_is_amount_times_count(schedule, year, kroner):
    amount = Decimal(kroner)
    total = yearly_total(schedule, amount, year)
    if schedule.rhythm is IRREGULAR:
        assert total == amount * valid_months(schedule, year)
    else:
        assert total == amount * count_in_year(schedule, year)
    # Twelve times the amount averages back to the yearly total, exactly.
    assert monthly_average(schedule, amount * 12, year) == total

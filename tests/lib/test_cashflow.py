"""Tests for familieplan.lib.cashflow: money in and out day by day, and the days it runs out."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familieplan.lib.cashflow import Day, Flow, Period, ShortSpell, run, schedule_flows
from familieplan.lib.rhythm import Rhythm, Schedule

D = date


def flow(on, amount, label="", key=""):
    return Flow(on=on, amount=Decimal(amount), label=label or f"flow {amount}", key=key)


MARCH_1, MARCH_31 = D(2025, 3, 1), D(2025, 3, 31)


def march(*flows, opening="0", opening_date=MARCH_1, start=MARCH_1, end=MARCH_31):
    return run(
        opening_balance=Decimal(opening),
        opening_date=opening_date,
        flows=flows,
        start=start,
        end=end,
    )


def balances(period):
    return {day.on: day.balance for day in period.days}


# --- balance arithmetic -------------------------------------------------------------------


def test_every_day_of_the_period_with_its_balance():
    period = march(
        flow(D(2025, 3, 1), "-8500.00", "Husleie", key="rent"),
        flow(D(2025, 3, 12), "1766", "Barnetrygd", key="child-benefit"),
        flow(D(2025, 3, 20), "23000.50", "Lønn", key="salary"),
        flow(D(2025, 3, 20), "-612.25", "Strøm", key="power"),
        opening="10000",
    )
    assert isinstance(period, Period)
    assert [day.on for day in period.days] == [D(2025, 3, d) for d in range(1, 32)]
    b = balances(period)
    assert b[D(2025, 3, 1)] == Decimal("1500.00")
    assert b[D(2025, 3, 11)] == Decimal("1500.00")
    assert b[D(2025, 3, 12)] == Decimal("3266.00")
    assert b[D(2025, 3, 20)] == Decimal("25654.25")
    assert period.closing_balance == Decimal("25654.25")
    assert period.money_in == Decimal("24766.50")
    assert period.money_out == Decimal("9112.25")
    # closing = opening + in − out, exactly.
    assert period.closing_balance == period.opening_balance + period.money_in - period.money_out
    assert period.start_balance == Decimal("10000")
    assert period.lowest == Decimal("1500.00")
    assert period.lowest_on == D(2025, 3, 1)
    assert period.spells == ()
    assert period.first_short is None


def test_a_days_flows_money_in_first_then_out_each_in_the_given_order():
    on = D(2025, 3, 5)
    rent, power, salary, gift = (
        flow(on, "-100", "rent"),
        flow(on, "-50", "power"),
        flow(on, "300", "salary"),
        flow(on, "20", "gift"),
    )
    period = march(rent, salary, power, gift, opening="0")
    day = period.days[4]
    assert isinstance(day, Day)
    assert day.flows == (salary, gift, rent, power)
    assert day.money_in == Decimal("320")
    assert day.money_out == Decimal("150")  # A positive number.
    assert day.balance == Decimal("170")
    assert not day.short
    empty = period.days[0]
    assert empty.flows == ()
    assert empty.money_in == empty.money_out == Decimal(0)
    assert str(empty.money_out) == "0"


def test_only_the_end_of_the_day_counts():
    # The bill falls before the salary in the list, but the day ends above zero.
    period = march(flow(D(2025, 3, 5), "-900"), flow(D(2025, 3, 5), "1000"), opening="0")
    assert period.days[4].balance == Decimal("100")
    assert period.spells == ()


def test_a_balance_of_exactly_zero_is_not_short():
    period = march(flow(D(2025, 3, 5), "-500"), opening="500")
    assert period.days[4].balance == Decimal("0")
    assert not period.days[4].short
    assert period.spells == ()
    assert period.lowest == Decimal("0")


def test_flows_outside_the_period_are_ignored():
    period = march(flow(D(2025, 4, 1), "-5000"), flow(D(2025, 2, 28), "-5000"), opening="100")
    assert period.closing_balance == Decimal("100")
    assert period.money_out == 0
    assert all(day.flows == () for day in period.days)


# --- short spells -------------------------------------------------------------------------


def test_a_spell_that_ends_when_income_arrives():
    period = march(
        flow(D(2025, 3, 3), "-800", "Husleie"),
        flow(D(2025, 3, 6), "-300", "Mat"),
        flow(D(2025, 3, 10), "2000", "Barnetrygd"),
        opening="500",
    )
    assert period.spells == (
        ShortSpell(
            start=D(2025, 3, 3),
            end=D(2025, 3, 9),
            lowest=Decimal("-600"),
            next_income=D(2025, 3, 10),
        ),
    )
    assert period.spells[0].days == 7
    assert period.first_short == D(2025, 3, 3)
    assert period.lowest == Decimal("-600")
    assert period.lowest_on == D(2025, 3, 6)
    assert [day.short for day in period.days[:11]] == [False] * 2 + [True] * 7 + [False] * 2


def test_income_that_is_not_enough_is_still_the_next_income():
    period = march(
        flow(D(2025, 3, 3), "-800"),
        flow(D(2025, 3, 10), "200"),
        flow(D(2025, 3, 20), "1000"),
        opening="500",
    )
    (spell,) = period.spells
    assert spell.start == D(2025, 3, 3)
    assert spell.end == D(2025, 3, 19)
    assert spell.next_income == D(2025, 3, 10)
    assert spell.lowest == Decimal("-300")


def test_income_on_the_spells_first_day_is_not_its_next_income():
    # The day's income did not cover the day's bill: help comes only later.
    period = march(
        flow(D(2025, 3, 3), "100"),
        flow(D(2025, 3, 3), "-800"),
        flow(D(2025, 3, 15), "1000"),
        opening="500",
    )
    (spell,) = period.spells
    assert spell.start == D(2025, 3, 3)
    assert spell.next_income == D(2025, 3, 15)


def test_a_spell_running_to_the_periods_end():
    period = march(
        flow(D(2025, 3, 25), "-1500"),
        flow(D(2025, 4, 1), "20000"),  # After the period: not known to it.
        opening="1000",
    )
    (spell,) = period.spells
    assert spell == ShortSpell(
        start=D(2025, 3, 25), end=D(2025, 3, 31), lowest=Decimal("-500"), next_income=None
    )
    assert period.closing_balance == Decimal("-500")


def test_two_spells_and_the_lowest_of_each():
    period = march(
        flow(D(2025, 3, 2), "-300"),
        flow(D(2025, 3, 4), "500"),
        flow(D(2025, 3, 10), "-900"),
        flow(D(2025, 3, 11), "-100"),
        flow(D(2025, 3, 25), "2000"),
        opening="100",
    )
    assert [(s.start, s.end, s.lowest, s.next_income) for s in period.spells] == [
        (D(2025, 3, 2), D(2025, 3, 3), Decimal("-200"), D(2025, 3, 4)),
        (D(2025, 3, 10), D(2025, 3, 24), Decimal("-700"), D(2025, 3, 25)),
    ]
    assert period.first_short == D(2025, 3, 2)
    assert period.lowest == Decimal("-700")
    assert period.lowest_on == D(2025, 3, 11)


def test_short_from_the_first_day():
    period = march(flow(D(2025, 3, 10), "1000"), opening="-250")
    (spell,) = period.spells
    assert (spell.start, spell.end, spell.next_income) == (
        D(2025, 3, 1),
        D(2025, 3, 9),
        D(2025, 3, 10),
    )


# --- the opening date ---------------------------------------------------------------------


def test_opening_date_inside_the_period():
    period = march(
        flow(D(2025, 3, 2), "-400", "before"),  # Already in the stated balance.
        flow(D(2025, 3, 10), "-400", "on the opening day"),
        flow(D(2025, 3, 12), "-400", "after"),
        opening="500",
        opening_date=D(2025, 3, 10),
    )
    b = balances(period)
    assert all(b[D(2025, 3, d)] is None for d in range(1, 10))
    assert not any(day.short for day in period.days[:9])
    assert [f.label for f in period.days[1].flows] == ["before"]  # Still listed.
    assert period.days[1].money_out == Decimal("400")
    assert b[D(2025, 3, 10)] == Decimal("100")  # The opening day's flows apply.
    assert b[D(2025, 3, 12)] == Decimal("-300")
    assert period.start_balance is None
    assert period.closing_balance == Decimal("-300")
    assert period.money_out == Decimal("1200")  # Every listed flow.
    assert period.lowest == Decimal("-300")
    assert period.lowest_on == D(2025, 3, 12)
    assert period.first_short == D(2025, 3, 12)


def test_opening_date_before_the_period_carries_the_balance_forward():
    period = march(
        flow(D(2025, 2, 10), "-9999", "before the opening date"),  # Ignored.
        flow(D(2025, 2, 20), "-300", "between"),
        flow(D(2025, 2, 28), "1000", "between"),
        flow(D(2025, 3, 1), "-200", "in the period"),
        opening="500",
        opening_date=D(2025, 2, 15),
    )
    assert period.start_balance == Decimal("1200")
    assert period.days[0].balance == Decimal("1000")
    assert period.money_in == Decimal("0")
    assert period.money_out == Decimal("200")
    assert period.closing_balance == period.start_balance + period.money_in - period.money_out


def test_opening_date_after_the_period():
    period = march(flow(D(2025, 3, 5), "-100"), opening="0", opening_date=D(2025, 4, 1))
    assert all(day.balance is None and not day.short for day in period.days)
    assert period.closing_balance is None
    assert period.lowest is None
    assert period.lowest_on is None
    assert period.spells == ()
    assert period.first_short is None
    assert period.money_out == Decimal("100")


def test_a_one_day_period():
    period = march(
        flow(D(2025, 3, 1), "-100"), opening="50", start=D(2025, 3, 1), end=D(2025, 3, 1)
    )
    assert len(period.days) == 1
    assert period.closing_balance == Decimal("-50")
    assert period.spells == (ShortSpell(D(2025, 3, 1), D(2025, 3, 1), Decimal("-50"), None),)


# --- from schedules -----------------------------------------------------------------------


def test_schedule_flows():
    dagpenger = Schedule(Rhythm.EVERY_14_DAYS, anchor=D(2025, 2, 21))
    rent = Schedule(Rhythm.MONTHLY, day_of_month=1)
    flows = [
        *schedule_flows(
            schedule=dagpenger,
            amount=Decimal("7400"),
            label="Dagpenger",
            key="s1",
            start=D(2025, 3, 1),
            end=D(2025, 3, 31),
        ),
        *schedule_flows(
            schedule=rent,
            amount=Decimal("-9000"),
            label="Husleie",
            start=D(2025, 3, 1),
            end=D(2025, 3, 31),
        ),
        *schedule_flows(
            schedule=Schedule(Rhythm.IRREGULAR),
            amount=Decimal("-2000"),
            label="Mat",
            start=D(2025, 3, 1),
            end=D(2025, 3, 31),
        ),
    ]
    assert [(f.on, f.amount, f.key) for f in flows] == [
        (D(2025, 3, 7), Decimal("7400"), "s1"),
        (D(2025, 3, 21), Decimal("7400"), "s1"),
        (D(2025, 3, 1), Decimal("-9000"), ""),
    ]
    period = march(*flows, opening="3000")
    (spell,) = period.spells
    assert (spell.start, spell.end, spell.next_income) == (
        D(2025, 3, 1),
        D(2025, 3, 6),
        D(2025, 3, 7),
    )


# --- bad input ----------------------------------------------------------------------------


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="a flow's amount must not be zero"):
        Flow(on=D(2025, 3, 1), amount=Decimal("0.00"), label="nothing")
    with pytest.raises(TypeError, match="amount must be a Decimal"):
        Flow(on=D(2025, 3, 1), amount=10.5, label="float")
    with pytest.raises(ValueError, match="amount must be finite"):
        Flow(on=D(2025, 3, 1), amount=Decimal("Infinity"), label="endless")
    with pytest.raises(TypeError, match="on must be a date"):
        Flow(on=datetime(2025, 3, 1, 12), amount=Decimal(1), label="a moment")
    with pytest.raises(TypeError, match="label must be a str"):
        Flow(on=D(2025, 3, 1), amount=Decimal(1), label=None)
    with pytest.raises(ValueError, match="end must not be before start"):
        march(start=D(2025, 3, 2), end=D(2025, 3, 1))
    with pytest.raises(TypeError, match="flows must hold Flow objects"):
        march((D(2025, 3, 1), Decimal(5)))
    with pytest.raises(TypeError, match="opening_balance must be a Decimal"):
        run(
            opening_balance=1.5,
            opening_date=D(2025, 3, 1),
            flows=[],
            start=D(2025, 3, 1),
            end=D(2025, 3, 1),
        )


def test_an_int_amount_becomes_a_decimal():
    assert Flow(on=D(2025, 3, 1), amount=250, label="x").amount == Decimal(250)


# --- properties ---------------------------------------------------------------------------

LOW = D(2024, 1, 1)
on_days = st.dates(min_value=LOW, max_value=D(2024, 4, 30))
amounts = st.decimals(
    min_value=Decimal("-20000"), max_value=Decimal("20000"), places=2, allow_nan=False
).filter(lambda a: a != 0)
flow_lists = st.lists(st.builds(Flow, on=on_days, amount=amounts, label=st.just("x")), max_size=40)


@st.composite
def runs(draw):
    start = draw(st.dates(min_value=D(2024, 1, 15), max_value=D(2024, 3, 31)))
    end = start + timedelta(days=draw(st.integers(0, 40)))
    opening_date = draw(st.dates(min_value=LOW, max_value=D(2024, 5, 31)))
    opening = draw(st.decimals(min_value=Decimal("-5000"), max_value=Decimal("50000"), places=2))
    return draw(flow_lists), opening, opening_date, start, end


@given(runs())
def test_closing_balance_is_opening_plus_the_applied_flows(case):
    flows, opening, opening_date, start, end = case
    period = run(
        opening_balance=opening, opening_date=opening_date, flows=flows, start=start, end=end
    )
    if opening_date > end:
        assert period.closing_balance is None
    else:
        applied = sum((f.amount for f in flows if opening_date <= f.on <= end), Decimal(0))
        assert period.closing_balance == opening + applied


@given(runs())
def test_days_balances_and_spells_agree(case):
    flows, opening, opening_date, start, end = case
    period = run(
        opening_balance=opening, opening_date=opening_date, flows=flows, start=start, end=end
    )
    assert len(period.days) == (end - start).days + 1
    assert period.money_in == sum((day.money_in for day in period.days), Decimal(0))
    assert period.money_out == sum((day.money_out for day in period.days), Decimal(0))
    listed = [f for day in period.days for f in day.flows]
    assert sorted(listed, key=id) == sorted((f for f in flows if start <= f.on <= end), key=id)

    previous = period.start_balance
    for day in period.days:
        assert day.money_in == sum((f.amount for f in day.flows if f.amount > 0), Decimal(0))
        assert day.money_out == -sum((f.amount for f in day.flows if f.amount < 0), Decimal(0))
        if day.on < opening_date:
            assert day.balance is None
            assert not day.short
        else:
            before = opening if day.on == opening_date else previous
            assert day.balance == before + day.money_in - day.money_out
            assert day.short == (day.balance < 0)
        previous = day.balance

    short_days = [day.on for day in period.days if day.short]
    in_spells = [
        spell.start + timedelta(days=i) for spell in period.spells for i in range(spell.days)
    ]
    assert in_spells == short_days
    for earlier, later in pairwise(period.spells):
        assert (later.start - earlier.end).days > 1  # Spells never touch.
    with_balance = [day.balance for day in period.days if day.balance is not None]
    assert period.lowest == (min(with_balance) if with_balance else None)
    assert period.first_short == (short_days[0] if short_days else None)
    for spell in period.spells:
        incomes = [d.on for d in period.days if d.money_in > 0 and d.on > spell.start]
        assert spell.next_income == (incomes[0] if incomes else None)

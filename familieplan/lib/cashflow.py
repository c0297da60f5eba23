"""Money in and out day by day, and the days money runs out.

:func:`run` lays a family's flows (payments in, bills out) over every calendar day of a period
and keeps a running balance from a stated balance:

* ``opening_balance`` is what the family has at the start of ``opening_date``, before that
  day's flows. Flows before ``opening_date`` are already in it: they are listed on their days
  but never move the balance. Days before ``opening_date`` have no balance (``None``) and are
  never short.
* When ``opening_date`` is before the period's ``start``, the flows from ``opening_date`` to
  the day before ``start`` carry the balance forward to ``start``. Flows after ``end`` are
  ignored.
* A day's balance is at the end of the day: the day before's plus the day's money in, less
  its money out. A day is short when that balance is below zero. A day lists money in first,
  then money out, each in the order given; the order within a day never makes it short.
* A spell is a run of consecutive short days. Its ``next_income`` is the first day after the
  spell's first day with money in, within the period, whether or not it is enough (None when
  none comes before the period ends).
* The period's ``money_in`` and ``money_out`` are the totals of the flows listed on its days
  (the sums of the days' totals, flows before ``opening_date`` included). ``start_balance`` is
  the balance at the start of ``start`` (None when ``opening_date`` is after ``start``), so
  with ``opening_date`` on or before ``start``: closing = start_balance + money_in − money_out.
* ``lowest`` is the lowest end-of-day balance, ``lowest_on`` the first day it is reached.

All arithmetic is exact in Decimal: a step that would round raises ``decimal.Inexact``.
"""

import decimal
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from familieplan.lib.rhythm import Schedule, occurrences

__all__ = ["Day", "Flow", "Period", "ShortSpell", "run", "schedule_flows"]

_ZERO = Decimal(0)
_ONE_DAY = timedelta(days=1)
# Money sums stay exact: wide precision, and rounding of any kind is an error.
_EXACT = decimal.Context(
    prec=60, traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow]
)


def _date(name: str, value: Any) -> date:
    """A calendar date; a datetime is refused (it would compare wrongly with dates)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{name} must be a date, not {type(value).__name__}")
    return value


def _decimal(name: str, value: Any) -> Decimal:
    """Accept Decimal or int (never float) and require a finite value."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal (or int), not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{name} must be finite")
    return value


@dataclass(frozen=True)
class Flow:
    """Money in (positive ``amount``) or out (negative) on one day; zero is refused.

    ``key`` is the caller's id for the income source or expense, passed through untouched.
    """

    on: date
    amount: Decimal
    label: str
    key: str = ""

    def __post_init__(self) -> None:
        _date("on", self.on)
        amount = _decimal("amount", self.amount)
        if amount == 0:
            raise ValueError("a flow's amount must not be zero")
        object.__setattr__(self, "amount", amount)
        if not isinstance(self.label, str):
            raise TypeError("label must be a str")
        if not isinstance(self.key, str):
            raise TypeError("key must be a str")

    @property
    def is_in(self) -> bool:
        """Whether this is money in."""
        return self.amount > 0


@dataclass(frozen=True)
class Day:
    """One calendar day of a period.

    ``flows``: money in first, then money out, each in the order given. ``money_out`` is a
    positive number. ``balance`` is at the end of the day, None before the opening date;
    ``short`` when it is below zero.
    """

    on: date
    flows: tuple[Flow, ...]
    money_in: Decimal
    money_out: Decimal
    balance: Decimal | None
    short: bool


@dataclass(frozen=True)
class ShortSpell:
    """Consecutive days ending below zero.

    ``end`` is the last such day within the period; ``next_income`` the first day after
    ``start`` with money in, within the period (None if none).
    """

    start: date
    end: date
    lowest: Decimal
    next_income: date | None

    @property
    def days(self) -> int:
        """How many days the spell lasts (within the period)."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Period:
    """A run of :func:`run`: every calendar day from ``start`` to ``end`` with its balance."""

    start: date
    end: date
    opening_date: date
    opening_balance: Decimal
    days: tuple[Day, ...]
    money_in: Decimal
    money_out: Decimal
    closing_balance: Decimal | None
    lowest: Decimal | None
    lowest_on: date | None
    spells: tuple[ShortSpell, ...]
    # The balance at the start of ``start``; None when the opening date is after ``start``.
    start_balance: Decimal | None = None

    @property
    def first_short(self) -> date | None:
        """The first day of the period ending below zero, None if money never runs out."""
        return self.spells[0].start if self.spells else None


def _ordered(flows: list[Flow]) -> tuple[Flow, ...]:
    """Money in first, then money out, each in the given order."""
    return tuple(f for f in flows if f.amount > 0) + tuple(f for f in flows if f.amount < 0)


def _spells(days: tuple[Day, ...]) -> tuple[ShortSpell, ...]:
    """Runs of consecutive short days, each with its lowest balance and next income."""
    income_days = [day.on for day in days if day.money_in > 0]
    spells: list[ShortSpell] = []
    run_start: int | None = None
    for index, day in enumerate((*days, None)):
        if day is not None and day.short:
            if run_start is None:
                run_start = index
            continue
        if run_start is None:
            continue
        spell_days = days[run_start:index]
        begin = spell_days[0].on
        balances = [d.balance for d in spell_days if d.balance is not None]
        spells.append(
            ShortSpell(
                start=begin,
                end=spell_days[-1].on,
                lowest=min(balances),
                next_income=next((on for on in income_days if on > begin), None),
            )
        )
        run_start = None
    return tuple(spells)


def run(
    *,
    opening_balance: Decimal,
    opening_date: date,
    flows: Iterable[Flow],
    start: date,
    end: date,
) -> Period:
    """Every day from ``start`` to ``end`` with its flows, totals and end-of-day balance.

    Raises ValueError when ``end`` is before ``start``; TypeError for a flow that is not a
    :class:`Flow`.
    """
    opening_balance = _decimal("opening_balance", opening_balance)
    _date("opening_date", opening_date)
    _date("start", start)
    _date("end", end)
    if end < start:
        raise ValueError("end must not be before start")

    by_day: defaultdict[date, list[Flow]] = defaultdict(list)
    carried = opening_balance
    with decimal.localcontext(_EXACT):
        for flow in flows:
            if not isinstance(flow, Flow):
                raise TypeError(f"flows must hold Flow objects, not {type(flow).__name__}")
            if start <= flow.on <= end:
                by_day[flow.on].append(flow)
            elif opening_date <= flow.on < start:
                carried += flow.amount  # Carries the balance forward to start.

        balance: Decimal | None = carried if opening_date <= start else None
        start_balance = balance
        days: list[Day] = []
        total_in = total_out = _ZERO
        on = start
        while True:
            listed = _ordered(by_day.get(on, []))
            money_in = sum((f.amount for f in listed if f.amount > 0), _ZERO)
            money_out = sum((-f.amount for f in listed if f.amount < 0), _ZERO)
            total_in += money_in
            total_out += money_out
            if on == opening_date:
                balance = opening_balance
            if balance is not None:
                balance = balance + money_in - money_out
            days.append(
                Day(
                    on=on,
                    flows=listed,
                    money_in=money_in,
                    money_out=money_out,
                    balance=balance,
                    short=balance is not None and balance < 0,
                )
            )
            if on == end:
                break
            on += _ONE_DAY

    frozen_days = tuple(days)
    lowest: Decimal | None = None
    lowest_on: date | None = None
    for day in frozen_days:
        if day.balance is not None and (lowest is None or day.balance < lowest):
            lowest, lowest_on = day.balance, day.on
    return Period(
        start=start,
        end=end,
        opening_date=opening_date,
        opening_balance=opening_balance,
        days=frozen_days,
        money_in=total_in,
        money_out=total_out,
        closing_balance=frozen_days[-1].balance,
        lowest=lowest,
        lowest_on=lowest_on,
        spells=_spells(frozen_days),
        start_balance=start_balance,
    )


def schedule_flows(
    *,
    schedule: Schedule,
    amount: Decimal,
    label: str,
    key: str = "",
    start: date,
    end: date,
) -> list[Flow]:
    """One flow of ``amount`` (positive in, negative out) per date of ``schedule`` in the range.

    An ``IRREGULAR`` schedule has no dates and gives no flows.
    """
    return [
        Flow(on=on, amount=amount, label=label, key=key) for on in occurrences(schedule, start, end)
    ]

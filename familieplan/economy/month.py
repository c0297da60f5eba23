"""The month at a glance: money in and out day by day, the running balance from the balance
the family stated, and the days money has run out before the next payment.

The balance runs from the latest stated balance (`Balance`); with none, from 0 kr at the
start of the month, and the page says so. A balance stated after the month leaves the month's
days without a balance.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from familieplan.economy.reading import Economy, flows
from familieplan.lib.cashflow import Day, Period, run


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    period: Period
    #: Weeks from Monday, each seven days or None outside the month (the desktop grid).
    weeks: list[list[Day | None]]
    stated: bool  # False: no balance stated, counted from 0 kr
    previous: date
    following: date

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def busy_days(self) -> list[Day]:
        """The days with money in or out, or short (the list on a phone)."""
        return [d for d in self.period.days if d.flows or d.short]


def parse_month(value: str | None, today: date) -> date:
    """'2026-12' → 1 December 2026; anything else → this month."""
    if value and len(value) == 7 and value[4] == "-":
        year, month = value[:4], value[5:]
        if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12 and 1900 < int(year) < 2200:
            return date(int(year), int(month), 1)
    return today.replace(day=1)


def parse_year(value: str | None, today: date) -> int:
    """'2026' → 2026 (2000–2100); anything else → this year."""
    digits = bool(value) and value.isascii() and value.isdigit() and len(value) == 4
    return int(value) if digits and 2000 <= int(value) <= 2100 else today.year


def month(economy: Economy, first: date) -> Month:
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    balance = economy.balance
    if balance is not None:
        opening_date, opening = balance.on, balance.amount
    else:
        opening_date, opening = first, Decimal(0)
    start = min(opening_date, first)
    period = run(
        opening_balance=opening,
        opening_date=opening_date,
        flows=flows(economy, start, last),
        start=first,
        end=last,
    )
    by_day = {d.on: d for d in period.days}
    weeks: list[list[Day | None]] = []
    for week in calendar.Calendar().monthdatescalendar(first.year, first.month):
        weeks.append([by_day.get(day) for day in week])
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return Month(
        first.year,
        first.month,
        period,
        weeks,
        stated=balance is not None,
        previous=previous,
        following=following,
    )

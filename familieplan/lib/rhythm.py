"""When a payment or a bill falls: payment rhythms as dates (REFERENCE.md §3).

Incomes and expenses come monthly, every 14 days, yearly or once, which is why a family's
month is unpredictable. A :class:`Schedule` is one rhythm with its day or anchor date and an
optional validity; :func:`occurrences` lists its dates in a range.

* ``MONTHLY``: on ``day_of_month`` (1–31) of every month; a day past the month's end falls on
  the month's last day (the 31st falls on 30 April and on 28 or 29 February).
* ``EVERY_14_DAYS``: on the anchor and every 14th day after it, never before the anchor.
* ``YEARLY``: on the anchor's month and day in the anchor's year and every year after it,
  never before the anchor (as for 14 days: the anchor is the first date); 29 February falls
  on 28 February in common years.
* ``ONCE``: on the anchor only.
* ``IRREGULAR``: no dates; the amount is an expected amount per month.
* Validity: only dates from ``valid_from`` to ``valid_to`` (both inclusive, either open) count.

Each rhythm takes exactly the fields it uses and refuses the others (a day of the month on a
non-monthly schedule, an anchor on a monthly or irregular one), so stored data has one reading.

Totals: for a dated rhythm :func:`yearly_total` is the amount times its dates in the calendar
year. For ``IRREGULAR`` it is the amount times the calendar months of the year that overlap
the validity (a month counts whole when any day of it is valid). :func:`monthly_average` is
the yearly total divided by 12, unrounded (exact where the division is, otherwise to 28
significant digits); the caller rounds.
"""

import calendar
import decimal
import enum
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from decimal import Decimal
from itertools import takewhile
from typing import Any

__all__ = [
    "Rhythm",
    "Schedule",
    "count_in_year",
    "month_day",
    "monthly_average",
    "next_on_or_after",
    "occurrences",
    "per_month",
    "valid_months",
    "yearly_total",
]

_STEP = timedelta(days=14)
_MONTHS = 12
# Division by 12 is not always finite (1/3): 28 significant digits, as Decimal's default,
# but fixed here so the caller's context does not change the result.
_DIVIDE = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)


class Rhythm(enum.StrEnum):
    """How often a payment or bill falls. The value is what gets stored."""

    MONTHLY = "monthly"
    EVERY_14_DAYS = "every_14_days"
    YEARLY = "yearly"
    ONCE = "once"
    IRREGULAR = "irregular"

    @property
    def uses_day_of_month(self) -> bool:
        """Whether a schedule of this rhythm takes (and needs) ``day_of_month``."""
        return self is Rhythm.MONTHLY

    @property
    def uses_anchor(self) -> bool:
        """Whether a schedule of this rhythm takes (and needs) ``anchor``."""
        return self in (Rhythm.EVERY_14_DAYS, Rhythm.YEARLY, Rhythm.ONCE)


_NAMES = {
    Rhythm.MONTHLY: "a monthly",
    Rhythm.EVERY_14_DAYS: "an every-14-days",
    Rhythm.YEARLY: "a yearly",
    Rhythm.ONCE: "a one-off",
    Rhythm.IRREGULAR: "an irregular",
}


def _date(name: str, value: Any) -> date:
    """A calendar date; a datetime is refused (it would compare wrongly with dates)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{name} must be a date, not {type(value).__name__}")
    return value


def _optional_date(name: str, value: Any) -> date | None:
    return None if value is None else _date(name, value)


def _amount(value: Any) -> Decimal:
    """Accept Decimal or int (never float) and require a finite value."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"amount must be a Decimal (or int), not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError("amount must be finite")
    return value


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("year must be an int")
    if not MINYEAR <= value <= MAXYEAR:
        raise ValueError(f"year must be between {MINYEAR} and {MAXYEAR}")
    return value


@dataclass(frozen=True)
class Schedule:
    """One rhythm with the day or anchor it needs and an optional validity.

    ``day_of_month`` (1–31) for ``MONTHLY`` only; ``anchor`` for ``EVERY_14_DAYS``, ``YEARLY``
    and ``ONCE`` only; ``valid_from`` and ``valid_to`` are inclusive. The rhythm may be given
    as its stored string.
    """

    rhythm: Rhythm
    day_of_month: int | None = None
    anchor: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    def __post_init__(self) -> None:
        try:
            rhythm = Rhythm(self.rhythm)
        except ValueError:
            choices = ", ".join(r.value for r in Rhythm)
            raise ValueError(f"rhythm must be one of: {choices}") from None
        object.__setattr__(self, "rhythm", rhythm)
        name = _NAMES[rhythm]

        day = self.day_of_month
        if rhythm.uses_day_of_month:
            if day is None:
                raise ValueError(f"{name} schedule needs a day of the month")
            if isinstance(day, bool) or not isinstance(day, int):
                raise TypeError("day_of_month must be an int")
            if not 1 <= day <= 31:
                raise ValueError("the day of the month must be between 1 and 31")
        elif day is not None:
            raise ValueError(f"{name} schedule takes no day of the month")

        if rhythm.uses_anchor:
            if self.anchor is None:
                raise ValueError(f"{name} schedule needs an anchor date")
            _date("anchor", self.anchor)
        elif self.anchor is not None:
            raise ValueError(f"{name} schedule takes no anchor date")

        valid_from = _optional_date("valid_from", self.valid_from)
        valid_to = _optional_date("valid_to", self.valid_to)
        if valid_from is not None and valid_to is not None and valid_to < valid_from:
            raise ValueError("valid_to must not be before valid_from")

    def is_valid_on(self, day: date) -> bool:
        """Whether ``day`` lies within the validity (either end open when None)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def month_day(year: int, month: int, day: int) -> date:
    """``day`` of the month, or the month's last day when the month is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _dates_from(schedule: Schedule, lo: date) -> Iterator[date]:
    """The schedule's dates on or after ``lo`` in order, ignoring validity; ends at year 9999."""
    rhythm = schedule.rhythm
    if rhythm is Rhythm.MONTHLY:
        assert schedule.day_of_month is not None
        day, year, month = schedule.day_of_month, lo.year, lo.month
        while True:
            on = month_day(year, month, day)
            if on >= lo:  # Only the first month can fall before lo.
                yield on
            if month == _MONTHS:
                if year == MAXYEAR:
                    return
                year, month = year + 1, 1
            else:
                month += 1
    elif rhythm is Rhythm.EVERY_14_DAYS:
        assert schedule.anchor is not None
        anchor = schedule.anchor
        lo = max(lo, anchor)
        # Jump to the first date on or after lo: anchor + 14 × ceil((lo − anchor) / 14).
        days = -(-(lo - anchor).days // 14) * 14
        if days > (date.max - anchor).days:
            return
        on = anchor + timedelta(days=days)
        while True:
            yield on
            if on > date.max - _STEP:
                return
            on += _STEP
    elif rhythm is Rhythm.YEARLY:
        assert schedule.anchor is not None
        anchor = schedule.anchor
        lo = max(lo, anchor)
        for year in range(lo.year, MAXYEAR + 1):
            on = month_day(year, anchor.month, anchor.day)
            if on >= lo:  # Only lo's own year can fall before lo.
                yield on
    elif rhythm is Rhythm.ONCE:
        assert schedule.anchor is not None
        if schedule.anchor >= lo:
            yield schedule.anchor
    # IRREGULAR: no dates.


def occurrences(schedule: Schedule, start: date, end: date) -> list[date]:
    """The schedule's dates from ``start`` to ``end`` (inclusive) within its validity, sorted.

    ``IRREGULAR`` has none. Raises ValueError when ``end`` is before ``start``.
    """
    _date("start", start)
    _date("end", end)
    if end < start:
        raise ValueError("end must not be before start")
    lo = start if schedule.valid_from is None else max(start, schedule.valid_from)
    hi = end if schedule.valid_to is None else min(end, schedule.valid_to)
    if hi < lo:
        return []
    return list(takewhile(lambda on: on <= hi, _dates_from(schedule, lo)))


def next_on_or_after(schedule: Schedule, day: date) -> date | None:
    """The schedule's first date on or after ``day`` within its validity.

    None when there is none: ``IRREGULAR``, past ``valid_to``, a one-off already past, or
    past year 9999.
    """
    _date("day", day)
    lo = day if schedule.valid_from is None else max(day, schedule.valid_from)
    on = next(_dates_from(schedule, lo), None)
    if on is None or (schedule.valid_to is not None and on > schedule.valid_to):
        return None
    return on


def count_in_year(schedule: Schedule, year: int) -> int:
    """How many of the schedule's dates fall in the calendar year (``IRREGULAR``: 0)."""
    _year(year)
    return len(occurrences(schedule, date(year, 1, 1), date(year, 12, 31)))


def valid_months(schedule: Schedule, year: int) -> int:
    """How many calendar months of ``year`` overlap the schedule's validity (0–12)."""
    _year(year)
    count = 0
    for month in range(1, _MONTHS + 1):
        first = date(year, month, 1)
        last = month_day(year, month, 31)
        if (schedule.valid_from is None or schedule.valid_from <= last) and (
            schedule.valid_to is None or first <= schedule.valid_to
        ):
            count += 1
    return count


def yearly_total(schedule: Schedule, amount: Decimal, year: int) -> Decimal:
    """``amount`` times the schedule's dates in the calendar year.

    For ``IRREGULAR``, ``amount`` is the expected amount per month: it counts once for each
    calendar month of the year that overlaps the validity.
    """
    amount = _amount(amount)
    if schedule.rhythm is Rhythm.IRREGULAR:
        return amount * valid_months(schedule, year)
    return amount * count_in_year(schedule, year)


def monthly_average(schedule: Schedule, amount: Decimal, year: int) -> Decimal:
    """:func:`yearly_total` divided by 12, unrounded (the caller rounds)."""
    return per_month(yearly_total(schedule, amount, year))


def per_month(yearly: Decimal) -> Decimal:
    """A year's total as the average month (the same division as :func:`monthly_average`,
    for a caller that has the total already)."""
    return _DIVIDE.divide(yearly, _MONTHS)

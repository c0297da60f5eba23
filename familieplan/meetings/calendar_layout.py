"""The calendar page laid out for its templates: a week (Monday to Sunday, hours in rows), a
month (weeks in rows) and an agenda by day. Pure: dates, the current moment and the entries
go in, rows come out, formatted once; no database.

Times are local (Europe/Oslo). A slot — an hour of the week, a day of the month or the
agenda — offers a new meeting only while it lies ahead (`new_url` empty otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

WEEK, MONTH, LIST = "week", "month", "list"
VIEWS = (WEEK, MONTH, LIST)
#: The hours a week always shows (a meeting earlier or later adds its hour).
WORKING_HOURS = (8, 16)
#: A new meeting on a day of the month or the agenda starts at this hour (or the next full
#: hour today, when that is later).
DAY_SLOT_HOUR = 9
LAST_SLOT_HOUR = 21


@dataclass(frozen=True)
class Entry:
    """One meeting as the staff calendar prints it."""

    start: datetime
    end: datetime
    title: str
    family: str
    url: str
    cancelled: bool = False
    coordinator: str = ""

    @property
    def time(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class Cell:
    """One hour of one day in the week grid."""

    day: date
    hour: int
    entries: tuple[Entry, ...]
    new_url: str = ""
    today: bool = False

    @property
    def busy(self) -> bool:
        """A meeting that is not cancelled takes the hour (no new meeting offered there)."""
        return any(not entry.cancelled for entry in self.entries)


@dataclass(frozen=True)
class HourRow:
    hour: int
    cells: tuple[Cell, ...]

    @property
    def label(self) -> str:
        return f"{self.hour:02d}:00"


@dataclass(frozen=True)
class Day:
    day: date
    entries: tuple[Entry, ...]
    new_url: str = ""
    today: bool = False
    #: In the month view: whether the day belongs to the month shown (or the weeks around it).
    in_month: bool = True


@dataclass(frozen=True)
class Layout:
    view: str
    first: date  # the first day shown
    end: date  # the day after the last day shown
    previous: date
    next: date
    days: tuple[Day, ...] = ()
    hours: tuple[HourRow, ...] = ()
    weeks: tuple[tuple[Day, ...], ...] = field(default_factory=tuple)

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def week_number(self) -> int:
        return self.first.isocalendar().week


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def bounds(view: str, day: date) -> tuple[date, date]:
    """The first day shown and the day after the last: the week of `day`, or the whole weeks
    that cover its month."""
    if view == MONTH:
        first_of_month = day.replace(day=1)
        after = _add_months(first_of_month, 1)
        return monday_of(first_of_month), monday_of(after - timedelta(days=1)) + timedelta(days=7)
    monday = monday_of(day)
    return monday, monday + timedelta(days=7)


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _slot(start: datetime, now: datetime, new_url: Callable[[datetime], str]) -> str:
    return new_url(start) if start > now else ""


def day_slot(day: date, now: datetime) -> datetime | None:
    """Where a new meeting on `day` starts: 09:00, or today the next full hour when 09:00 has
    passed (none after 21:00 or on a past day)."""
    start = timezone.make_aware(datetime.combine(day, time(DAY_SLOT_HOUR)))
    if start > now:
        return start
    local = timezone.localtime(now)
    if day != local.date() or local.hour >= LAST_SLOT_HOUR:
        return None
    return timezone.make_aware(datetime.combine(day, time(local.hour + 1)))


def _by_day(entries: Iterable[Entry]) -> dict[date, list[Entry]]:
    days: dict[date, list[Entry]] = {}
    for entry in entries:
        days.setdefault(entry.start.date(), []).append(entry)
    return days


def _days(
    first: date,
    end: date,
    entries: dict[date, list[Entry]],
    *,
    today: date,
    now: datetime,
    new_url: Callable[[datetime], str],
    month: int | None = None,
) -> list[Day]:
    days = []
    day = first
    while day < end:
        start = day_slot(day, now)
        days.append(
            Day(
                day=day,
                entries=tuple(entries.get(day, ())),
                new_url=new_url(start) if start is not None else "",
                today=day == today,
                in_month=month is None or day.month == month,
            )
        )
        day += timedelta(days=1)
    return days


def layout(
    view: str,
    day: date,
    entries: list[Entry],
    *,
    now: datetime,
    new_url: Callable[[datetime], str],
) -> Layout:
    """The view of the period around `day` with `entries` (local times, in time order)."""
    today = timezone.localtime(now).date()
    first, end = bounds(view, day)
    by_day = _by_day(entries)
    if view == MONTH:
        previous, following = _add_months(day.replace(day=1), -1), _add_months(day, 1)
        days = _days(first, end, by_day, today=today, now=now, new_url=new_url, month=day.month)
        weeks = tuple(tuple(days[i : i + 7]) for i in range(0, len(days), 7))
        return Layout(view, first, end, previous, following, days=tuple(days), weeks=weeks)
    previous, following = first - timedelta(days=7), first + timedelta(days=7)
    days = _days(first, end, by_day, today=today, now=now, new_url=new_url)
    if view == LIST:
        return Layout(view, first, end, previous, following, days=tuple(days))
    return Layout(
        view,
        first,
        end,
        previous,
        following,
        days=tuple(days),
        hours=_hours(days, now=now, new_url=new_url),
    )


def _hours(days: list[Day], *, now: datetime, new_url) -> tuple[HourRow, ...]:
    starts = [entry.start.hour for d in days for entry in d.entries]
    low, high = min([WORKING_HOURS[0], *starts]), max([WORKING_HOURS[1], *starts])
    rows = []
    for hour in range(low, high + 1):
        cells = []
        for d in days:
            start = timezone.make_aware(datetime.combine(d.day, time(hour)))
            # The hour the clocks skip in spring (02:00 on the last Sunday of March) is no
            # slot: it would be the 03:00 slot again.
            real = timezone.localtime(start.astimezone(UTC)).hour == hour  # via UTC: normalised
            cells.append(
                Cell(
                    day=d.day,
                    hour=hour,
                    entries=tuple(e for e in d.entries if e.start.hour == hour),
                    new_url=_slot(start, now, new_url) if real else "",
                    today=d.today,
                )
            )
        rows.append(HourRow(hour, tuple(cells)))
    return tuple(rows)

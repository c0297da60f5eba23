"""Times for people and for machines (pure; no Django).

Everything a person reads is local time in Norway (Europe/Oslo, with its summer time), written
the way the reader's language writes dates: numeric day-first dates (month names are not
translated for every family language) and the 24-hour clock. What a machine reads (the JSON
copy, calendar files) is ISO 8601 in local time *with* the UTC offset, so it is both exact and
readable. A naive datetime is refused: guessing its zone is how 10:00 becomes 09:00.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

#: English month names, short (the only language here whose dates carry a month name).
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _dotted(day: date) -> str:
    return f"{day.day:02}.{day.month:02}.{day.year}"


def _slashed(day: date) -> str:
    return f"{day.day:02}/{day.month:02}/{day.year}"


def _english(day: date) -> str:
    return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


#: Per language: how a date is written, how a time of day is written, and what stands between
#: them. Bokmål and nynorsk write the time with a full stop (Språkrådet: «kl. 10.00»).
FORMATS = {
    "nb": (_dotted, "{h:02}.{m:02}", " "),
    "nn": (_dotted, "{h:02}.{m:02}", " "),
    "en": (_english, "{h:02}:{m:02}", ", "),
    "ar": (_slashed, "{h:02}:{m:02}", " "),
    "so": (_slashed, "{h:02}:{m:02}", " "),
    "pl": (_dotted, "{h:02}:{m:02}", " "),
    "uk": (_dotted, "{h:02}:{m:02}", " "),
    "ti": (_slashed, "{h:02}:{m:02}", " "),
}
DEFAULT_LANGUAGE = "nb"


def _format(language: str | None):
    code = (language or DEFAULT_LANGUAGE).split("-")[0].lower()
    return FORMATS.get(code, FORMATS[DEFAULT_LANGUAGE])


def local(value: datetime) -> datetime:
    """`value` in Norwegian local time; a naive datetime is an error, not a guess."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("A datetime for a person must be timezone-aware.")
    return value.astimezone(OSLO)


def iso_local(value: datetime | None) -> str | None:
    """ISO 8601 in local time with the offset: `2026-12-09T10:00:00+01:00` (None for None)."""
    return None if value is None else local(value).isoformat(timespec="seconds")


def _day(value: date | datetime) -> date:
    return local(value).date() if isinstance(value, datetime) else value


def person_date(value: date | datetime | None, language: str | None) -> str:
    """The (local) date as the reader's language writes it; "" for None."""
    if value is None:
        return ""
    return _format(language)[0](_day(value))


def person_time(value: datetime | None, language: str | None) -> str:
    """The local time of day as the reader's language writes it; "" for None."""
    if value is None:
        return ""
    moment = local(value)
    return _format(language)[1].format(h=moment.hour, m=moment.minute)


def person_datetime(value: datetime | None, language: str | None) -> str:
    """Local date and time: `09.12.2026 10.00` (nb), `9 Dec 2026, 10:00` (en)."""
    if value is None:
        return ""
    return f"{person_date(value, language)}{_format(language)[2]}{person_time(value, language)}"


def person_span(start: datetime, end: datetime, language: str | None) -> str:
    """A meeting's time: `09.12.2026 10.00–11.30`, or both dates when it ends another day."""
    if local(start).date() == local(end).date():
        return f"{person_datetime(start, language)}–{person_time(end, language)}"
    return f"{person_datetime(start, language)}–{person_datetime(end, language)}"


def spreadsheet_local(value: datetime) -> datetime:
    """Local time without a zone, as a spreadsheet cell holds a real date and time."""
    return local(value).replace(tzinfo=None)

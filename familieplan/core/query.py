"""Reading values from a query string (filters, paging cursors, dates), the one way every
view does it: whatever a link or a person typed, the answer is a value of the right type
within its bounds, or the default — never an exception.

A date or a moment from a query string is read in the programme's time zone (Europe/Oslo):
`?before=2026-11-01` means midnight in Norway, not a naive datetime the database and the
timeline cannot compare with their aware ones.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

#: Longer values are not dates or numbers (and are not parsed).
MAX_LENGTH = 64
#: Moments outside these years are no cursor or filter anyone means (and year 1 in Oslo is
#: year 0 in UTC, which Python cannot hold).
YEARS = range(1900, 3000)


def _text(request, name: str) -> str:
    value = request.GET.get(name, "")
    return value.strip() if isinstance(value, str) and len(value) <= MAX_LENGTH else ""


def query_int(request, name: str, *, default: int, minimum: int, maximum: int) -> int:
    """An integer from `minimum` to `maximum` (clamped); `default` when it is not one."""
    text = _text(request, name)
    if not (text.isascii() and text.lstrip("-").isdigit()):
        return default
    return max(minimum, min(maximum, int(text)))


def query_date(request, name: str) -> date | None:
    """A date written as YYYY-MM-DD; None when it is missing or not a date."""
    try:
        day = date.fromisoformat(_text(request, name))
    except ValueError:
        return None
    return day if day.year in YEARS else None


def query_moment(request, name: str) -> datetime | None:
    """An aware datetime from an ISO 8601 value (with or without time and offset): a date
    alone is its midnight, a moment without offset is local time. None when it is not one."""
    text = _text(request, name)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) == 10:  # a date alone
        moment = datetime.combine(moment.date(), time.min)
    if moment.year not in YEARS:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment

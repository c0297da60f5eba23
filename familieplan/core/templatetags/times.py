"""Template filters for times a person reads (`lib/times.py`): local time in Norway, in the
format of the language the page is in. They take a datetime, a date, or the ISO 8601 text a
JSON copy holds (`2026-12-09T10:00:00+01:00`), so a printed copy and its data agree.

    {% load times %}{{ meeting.starts_at|person_datetime }}  {{ measure.due_on|person_date }}
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils.translation import get_language

from familieplan.lib import times

register = template.Library()


def _value(value):
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, date) else None


@register.filter
def person_date(value) -> str:
    return times.person_date(_value(value), get_language())


@register.filter
def person_datetime(value) -> str:
    value = _value(value)
    if isinstance(value, datetime):
        return times.person_datetime(value, get_language())
    return times.person_date(value, get_language())


@register.filter
def iso_local(value) -> str:
    """For `<time datetime="…">`: ISO 8601 with the offset."""
    value = _value(value)
    return (times.iso_local(value) or "") if isinstance(value, datetime) else ""

"""Calendar files (RFC 5545, iTIP) for meeting invitations, changes and cancellations.

Pure: builds text from a `CalendarEvent`, touches no database. A meeting keeps one `uid` for
its whole life; every change or cancellation is sent with a higher `sequence`, so calendar
programs update (or remove) the entry they already have instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

PRODID = "-//Familieplan//Familieplan//NB"
TIME_ZONE = ZoneInfo("Europe/Oslo")


@dataclass(frozen=True, kw_only=True)
class CalendarEvent:
    """One meeting as a calendar program sees it. Datetimes must be timezone-aware."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    stamp: datetime
    summary: str
    organizer_name: str
    organizer_email: str
    #: (name, email) pairs; an attendee without an email is left out of the file.
    attendees: tuple[tuple[str, str], ...] = ()
    location: str = ""
    url: str = ""
    description: str = ""
    cancelled: bool = False

    def __post_init__(self) -> None:
        if not self.uid:
            raise ValueError("A calendar event needs a uid.")
        if self.sequence < 0:
            raise ValueError("The sequence cannot be negative.")
        for name in ("start", "end", "stamp"):
            value = getattr(self, name)
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"{name} must be timezone-aware.")
        if self.end <= self.start:
            raise ValueError("The end must be after the start.")


def _one_line(text: str) -> str:
    """Names go into parameters: no line breaks, no runs of whitespace."""
    return " ".join(text.split())


def _address(email: str, *, name: str, **params) -> vCalAddress:
    return vCalAddress.new(email.strip(), cn=_one_line(name) or None, **params)


def _vevent(event: CalendarEvent) -> Event:
    """The event's identity and time (every calendar file and the feed): UID, SEQUENCE,
    DTSTAMP in UTC, start and end in Europe/Oslo, and the summary."""
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", event.stamp.astimezone(UTC))
    vevent.add("dtstart", event.start.astimezone(TIME_ZONE))
    vevent.add("dtend", event.end.astimezone(TIME_ZONE))
    vevent.add("summary", event.summary)
    return vevent


def calendar_file(event: CalendarEvent) -> str:
    """The VCALENDAR text (METHOD REQUEST, or CANCEL for a cancelled meeting) with one VEVENT
    in Europe/Oslo time and the VTIMEZONE it needs."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if event.cancelled else "REQUEST")

    vevent = _vevent(event)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    if event.description:
        vevent.add("description", event.description)
    if event.organizer_email:
        vevent.add("organizer", _address(event.organizer_email, name=event.organizer_name))
    for name, email in event.attendees:
        if email and email.strip():
            vevent.add(
                "attendee",
                _address(email, name=name, role="REQ-PARTICIPANT", rsvp=False),
            )
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    calendar.add_component(vevent)

    # The VTIMEZONE covers the years of the meeting (a short component, not 1970–2038).
    local_start = event.start.astimezone(TIME_ZONE)
    local_end = event.end.astimezone(TIME_ZONE)
    calendar.add_missing_timezones(
        first_date=date(local_start.year, 1, 1), last_date=date(local_end.year + 1, 1, 1)
    )
    return calendar.to_ical().decode("utf-8")


@dataclass(frozen=True, kw_only=True)
class FeedEvent:
    """One meeting in a subscribed calendar: times, identity and a link, nothing else."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    stamp: datetime
    summary: str
    url: str
    cancelled: bool = False

    def __post_init__(self) -> None:
        if not self.uid:
            raise ValueError("A calendar event needs a uid.")
        for name in ("start", "end", "stamp"):
            value = getattr(self, name)
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"{name} must be timezone-aware.")


#: What a calendar program is asked to wait before fetching the feed again (RFC 7986).
FEED_REFRESH = timedelta(hours=1)


def feed_file(events: Iterable[FeedEvent], *, name: str, first: date, last: date) -> str:
    """A subscribed calendar (no METHOD: published, not an invitation): one VEVENT per
    meeting with only DTSTART, DTEND, DTSTAMP, UID, SEQUENCE, STATUS, SUMMARY and URL, in
    Europe/Oslo time with the VTIMEZONE for the years from `first` to `last`."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")  # Outlook's older name for the same
    for event in events:
        vevent = _vevent(event)
        vevent.add("url", event.url)
        vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        calendar.add_component(vevent)
    calendar.add_missing_timezones(
        first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1)
    )
    return calendar.to_ical().decode("utf-8")

"""Calendar files for meeting invitations: parsed back with icalendar, as a calendar would."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from familieplan.meetings.calendar import CalendarEvent, calendar_file

OSLO = ZoneInfo("Europe/Oslo")


def meeting(**overrides) -> CalendarEvent:
    values = {
        "uid": "meeting-2f1c@familieplan",
        "sequence": 0,
        "start": datetime(2026, 12, 3, 9, 0, tzinfo=UTC),  # 10:00 in Oslo (winter time)
        "end": datetime(2026, 12, 3, 10, 30, tzinfo=UTC),
        "stamp": datetime(2026, 11, 23, 12, 0, tzinfo=UTC),
        "summary": "Samarbeidsmøte om Familiens plan – Ærlig, Øyvind og Åse",
        "location": "Familiesenteret, Storgata 1",
        "url": "https://familieplan.example.no/meetings/2f1c/",
        "description": "Vi går gjennom målene sammen.",
        "organizer_name": "Kari Koordinator",
        "organizer_email": "kari@kommune.no",
        "attendees": (
            ("Åse Ødegård", "ase@example.no"),
            ("Per Partner", "per@nav.no"),
            ("Lille Bror", ""),
        ),
    }
    values.update(overrides)
    return CalendarEvent(**values)


def parse(text: str):
    calendar = Calendar.from_ical(text)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_an_invitation_is_a_request_with_one_event():
    calendar, event = parse(calendar_file(meeting()))

    assert calendar["PRODID"] == "-//Familieplan//Familieplan//NB"
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "REQUEST"
    assert event["UID"] == "meeting-2f1c@familieplan"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert str(event["LOCATION"]) == "Familiesenteret, Storgata 1"
    assert str(event["URL"]) == "https://familieplan.example.no/meetings/2f1c/"
    assert str(event["DESCRIPTION"]) == "Vi går gjennom målene sammen."


def test_times_are_in_oslo_with_a_timezone_component():
    text = calendar_file(meeting())
    calendar, event = parse(text)

    assert "DTSTART;TZID=Europe/Oslo:20261203T100000" in text
    assert "DTEND;TZID=Europe/Oslo:20261203T113000" in text
    [timezone] = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Oslo"
    assert event.start == datetime(2026, 12, 3, 10, 0, tzinfo=OSLO)
    assert event.end - event.start == timedelta(minutes=90)
    # The VTIMEZONE itself gives the right offset, summer and winter.
    oslo = timezone.to_tz()
    assert datetime(2026, 12, 3, 9, tzinfo=UTC).astimezone(oslo).utcoffset() == timedelta(hours=1)
    assert datetime(2026, 6, 3, 9, tzinfo=UTC).astimezone(oslo).utcoffset() == timedelta(hours=2)


def test_organizer_and_attendees_with_an_email():
    _calendar, event = parse(calendar_file(meeting()))

    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:kari@kommune.no"
    assert organizer.params["CN"] == "Kari Koordinator"
    attendees = event["ATTENDEE"]
    assert [str(a) for a in attendees] == ["mailto:ase@example.no", "mailto:per@nav.no"]
    assert [a.params["CN"] for a in attendees] == ["Åse Ødegård", "Per Partner"]
    for attendee in attendees:
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
        assert attendee.params["RSVP"] == "FALSE"


def test_norwegian_letters_round_trip():
    text = calendar_file(meeting(summary="Møte: ærlig talt, øving og små skritt – ÆØÅ"))
    _calendar, event = parse(text)
    assert str(event["SUMMARY"]) == "Møte: ærlig talt, øving og små skritt – ÆØÅ"


def test_a_change_keeps_the_uid_with_a_higher_sequence():
    first = meeting()
    moved = replace(
        first, sequence=1, start=first.start + timedelta(days=1), end=first.end + timedelta(days=1)
    )
    _calendar, before = parse(calendar_file(first))
    _calendar, after = parse(calendar_file(moved))
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.start == datetime(2026, 12, 4, 10, 0, tzinfo=OSLO)


def test_a_cancellation_is_a_cancel_with_the_same_uid_and_a_higher_sequence():
    calendar, event = parse(calendar_file(meeting(sequence=2, cancelled=True)))

    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["UID"] == "meeting-2f1c@familieplan"
    assert event["SEQUENCE"] == 2


def test_a_summer_meeting_across_the_year_end_has_its_timezone():
    text = calendar_file(
        meeting(
            start=datetime(2027, 6, 30, 22, 0, tzinfo=UTC),
            end=datetime(2027, 6, 30, 23, 0, tzinfo=UTC),
        )
    )
    _calendar, event = parse(text)
    assert "DTSTART;TZID=Europe/Oslo:20270701T000000" in text
    assert event.start.utcoffset() == timedelta(hours=2)


def test_names_stay_on_one_line_and_optional_fields_are_left_out():
    text = calendar_file(
        meeting(
            organizer_name="Kari\nKoordinator",
            location="",
            url="",
            description="",
            attendees=(),
        )
    )
    _calendar, event = parse(text)
    assert event["ORGANIZER"].params["CN"] == "Kari Koordinator"
    for name in ("LOCATION", "URL", "DESCRIPTION", "ATTENDEE"):
        assert name not in event


@pytest.mark.parametrize(
    "overrides",
    [
        {"start": datetime(2026, 12, 3, 9, 0)},
        {"stamp": datetime(2026, 11, 23, 12, 0)},
        {"end": datetime(2026, 12, 3, 8, 0, tzinfo=UTC)},
        {"uid": ""},
        {"sequence": -1},
    ],
)
def test_an_impossible_event_is_refused(overrides):
    with pytest.raises(ValueError):
        meeting(**overrides)


def test_the_function_is_pure_and_deterministic():
    assert calendar_file(meeting()) == calendar_file(meeting())

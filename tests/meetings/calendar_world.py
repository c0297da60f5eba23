"""Hand-built meetings for the calendar and the feed: the coordinator's own family, a family
they co-coordinate, a colleague's family (one meeting the coordinator takes part in, one not),
a family of another unit and one of another municipality."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from familieplan.meetings.calendar_layout import monday_of
from familieplan.meetings.models import Meeting, Participant
from tests.factories import make_family


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def make_meeting(family, *, day: date, hour: int, by, **fields) -> Meeting:
    values = {
        "kind": Meeting.Kind.COOPERATION,
        "place": "Storgata 1, møterom Fjell",
        "agenda": "Hemmelig saksliste",
        "video_link": "https://video.example.no/rom-1234",
    }
    values.update(fields)
    return Meeting.objects.create(
        municipality=family.municipality,
        family=family,
        starts_at=at(day, hour),
        ends_at=at(day, hour + 1),
        created_by=by,
        **values,
    )


def take_part(meeting: Meeting, user) -> Participant:
    return Participant.objects.create(
        municipality=meeting.municipality, meeting=meeting, kind="staff", user=user
    )


@dataclass
class CalendarWorld:
    world: object
    #: Monday of next week: every hour of that week lies ahead.
    monday: date
    own: Meeting  # Familien Hansen (the coordinator's), Tuesday 10:00
    co: Meeting  # Familien Dahl (co-coordinated), Wednesday 13:00
    taking_part: Meeting  # Familien Ali (the colleague's), the coordinator invited, Thursday 9
    colleagues: Meeting  # Familien Ali, without the coordinator, Thursday 14:00
    other_unit: Meeting  # Familien Berg (unit A2), Tuesday 11:00
    other_municipality: Meeting  # Familien Olsen (municipality B), Tuesday 10:00
    cancelled: Meeting  # Familien Hansen, Friday 12:00, cancelled
    dahl: object


def build(world) -> CalendarWorld:
    coordinator, colleague = world.coordinator, world.colleague
    monday = monday_of(timezone.localdate()) + timedelta(days=7)
    dahl = make_family(
        unit=world.unit_a, name="Familien Dahl", coordinator=colleague, co_coordinator=coordinator
    )
    taking_part = make_meeting(
        world.family_a_colleague,
        day=monday + timedelta(days=3),
        hour=9,
        by=colleague,
        kind=Meeting.Kind.HOME_VISIT,
    )
    take_part(taking_part, coordinator)
    return CalendarWorld(
        world=world,
        monday=monday,
        own=make_meeting(world.family_a, day=monday + timedelta(days=1), hour=10, by=coordinator),
        co=make_meeting(
            dahl,
            day=monday + timedelta(days=2),
            hour=13,
            by=colleague,
            kind=Meeting.Kind.EVALUATION,
        ),
        taking_part=taking_part,
        colleagues=make_meeting(
            world.family_a_colleague,
            day=monday + timedelta(days=3),
            hour=14,
            by=colleague,
            kind=Meeting.Kind.FAMILY_CONVERSATION,
        ),
        other_unit=make_meeting(
            world.family_a_other_unit,
            day=monday + timedelta(days=1),
            hour=11,
            by=world.team_lead,
        ),
        other_municipality=make_meeting(
            world.family_b, day=monday + timedelta(days=1), hour=10, by=world.coordinator_b
        ),
        cancelled=make_meeting(
            world.family_a,
            day=monday + timedelta(days=4),
            hour=12,
            by=coordinator,
            status=Meeting.Status.CANCELLED,
            cancelled_reason="Syk",
        ),
        dahl=dahl,
    )


def detail_url(meeting: Meeting) -> str:
    return f"/meetings/{meeting.family_id}/{meeting.pk}/"

"""Meetings: scheduling with consent-gated invitations, changes and cancellations with one
calendar UID, minutes released by the coordinator, decisions that become measures."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from familieplan.meetings import services
from familieplan.meetings.models import Meeting
from familieplan.meetings.services import Invitee
from familieplan.outbox.models import OutgoingEmail
from familieplan.plans.models import Measure
from tests.factories import make_consent


def at(days: int, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@pytest.fixture
def school_consent(shared):
    return make_consent(
        family=shared.family,
        partner=shared.school,
        subject=shared.mother,
        topics=("plan", "meetings"),
        recorded_by=shared.world.coordinator,
    )


def invitees(shared):
    return [
        Invitee(member=shared.mother, email="mona@example.no"),
        Invitee(partner=shared.school, email="skole@example.no"),
        Invitee(user=shared.world.coordinator, email="koordinator@example.no"),
        Invitee(name="Tolk Ali"),
    ]


def schedule(shared, *, days=3, held=False, kind=Meeting.Kind.COOPERATION, people=None):
    return services.meeting_schedule(
        family=shared.family,
        by=shared.world.coordinator,
        kind=kind,
        starts_at=at(days),
        ends_at=at(days, 11),
        invitees=invitees(shared) if people is None else people,
        held=held,
        place="Familiesenteret",
        agenda="Skolestart",
    )


def calendars(meeting) -> list[Calendar]:
    emails = OutgoingEmail.objects.for_reference(f"meeting:{meeting.pk}").order_by("created_at")
    return [Calendar.from_ical(e.attachment_content) for e in emails if e.attachment_content]


def test_scheduling_invites_everyone_with_an_address(shared, school_consent):
    meeting = schedule(shared)
    cals = calendars(meeting)
    assert len(cals) == 3  # the interpreter has no address
    event = cals[0].walk("VEVENT")[0]
    assert str(cals[0]["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 0
    assert str(event["UID"]) == f"{meeting.calendar_uid}@familieplan"
    assert shared.family.name not in str(event["SUMMARY"])  # nothing sensitive in a calendar
    emails = OutgoingEmail.objects.for_reference(f"meeting:{meeting.pk}")
    assert all(shared.family.name not in e.subject + e.body for e in emails)


def test_a_service_without_consent_to_meetings_cannot_be_invited(shared):
    with pytest.raises(ValidationError, match="har ikke gyldig samtykke"):
        schedule(shared)
    assert not Meeting.objects.exists() and not OutgoingEmail.objects.exists()


def test_changes_and_cancellation_keep_the_uid_and_raise_the_sequence(shared, school_consent):
    meeting = schedule(shared)
    meeting = services.meeting_update(
        meeting=meeting,
        by=shared.world.coordinator,
        expected_sequence=0,
        starts_at=at(4),
        ends_at=at(4, 11),
        invitees=[i for i in invitees(shared) if i.member is None],  # the mother is dropped
        place="NAV Demo",
    )
    services.meeting_cancel(meeting=meeting, by=shared.world.coordinator, reason="Sykdom")
    cals = calendars(meeting)
    uids = {str(c.walk("VEVENT")[0]["UID"]) for c in cals}
    assert uids == {f"{meeting.calendar_uid}@familieplan"}
    methods = [(str(c["METHOD"]), int(c.walk("VEVENT")[0]["SEQUENCE"])) for c in cals]
    assert methods[:3] == [("REQUEST", 0)] * 3
    assert ("CANCEL", 1) in methods  # the mother, removed by the change
    assert methods.count(("REQUEST", 1)) == 2 and methods.count(("CANCEL", 2)) == 2


def test_a_stale_change_is_refused(shared, school_consent):
    meeting = schedule(shared)
    kwargs = {
        "by": shared.world.coordinator,
        "starts_at": at(5),
        "ends_at": at(5, 11),
        "invitees": [],
    }
    services.meeting_update(meeting=meeting, expected_sequence=0, place="A", **kwargs)
    with pytest.raises(ValidationError, match="Noen andre har endret møtet"):
        services.meeting_update(meeting=meeting, expected_sequence=0, place="B", **kwargs)


@pytest.mark.parametrize(
    "days,held,message",
    [(-1, False, "Tidspunktet har passert"), (2, True, "kan ikke ligge fram i tid")],
    ids=["past-as-planned", "future-as-held"],
)
def test_time_rules(shared, days, held, message):
    with pytest.raises(ValidationError, match=message):
        schedule(shared, days=days, held=held, people=[])
    assert not Meeting.objects.exists()


def test_minutes_are_written_after_the_meeting_and_released_once(shared):
    future = schedule(shared, people=[])
    with pytest.raises(ValidationError, match="har ikke vært ennå"):
        services.minutes_record(
            meeting=future,
            by=shared.world.coordinator,
            expected_sequence=0,
            minutes="x",
            attended=set(),
        )
    held = schedule(shared, days=-2, held=True, people=[Invitee(member=shared.mother)])
    with pytest.raises(ValidationError, match="Skriv referatet før"):
        services.minutes_release(meeting=held, by=shared.world.coordinator)
    participant = held.participants.get()
    held = services.minutes_record(
        meeting=held,
        by=shared.world.coordinator,
        expected_sequence=held.sequence,
        minutes="Vi ble enige.",
        attended={participant.pk},
    )
    assert held.participants.get().attended is True
    services.minutes_release(meeting=held, by=shared.world.coordinator)
    with pytest.raises(ValidationError, match="kan ikke endres"):
        services.minutes_record(
            meeting=held,
            by=shared.world.coordinator,
            expected_sequence=held.sequence,
            minutes="Endret",
            attended=set(),
        )


def test_an_evaluation_meeting_records_the_childs_own_experience(shared):
    meeting = schedule(shared, days=-1, held=True, kind=Meeting.Kind.EVALUATION, people=[])
    with pytest.raises(ValidationError, match="barnets egen opplevelse"):
        services.minutes_record(
            meeting=meeting,
            by=shared.world.coordinator,
            expected_sequence=0,
            minutes="Gjennomgang",
            attended=set(),
        )
    meeting = services.minutes_record(
        meeting=meeting,
        by=shared.world.coordinator,
        expected_sequence=0,
        minutes="Gjennomgang",
        attended=set(),
        child_experience="«Jeg liker den nye klassen.»",
        child_experience_of=shared.child,
    )
    assert meeting.child_experience_of == shared.child


def test_a_decision_becomes_a_measure_in_one_step(shared, client):
    meeting = schedule(shared, days=-1, held=True, people=[])
    services.minutes_record(
        meeting=meeting,
        by=shared.world.coordinator,
        expected_sequence=0,
        minutes="Referat",
        attended=set(),
    )
    decision = services.decision_add(
        meeting=meeting, by=shared.world.coordinator, text="Søke leksehjelp"
    )
    client.force_login(shared.world.coordinator)
    url = f"/meetings/{shared.family.pk}/{meeting.pk}/decisions/{decision.pk}/measure/"
    response = client.post(
        url,
        {
            "goal": str(shared.family_goal.pk),
            "what": "Søke leksehjelp",
            "responsible_kind": "coordinator",
            "responsible_user": str(shared.world.coordinator.pk),
            "due_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(what="Søke leksehjelp")
    assert measure.meeting_decision.meeting == meeting
    plan = client.get(f"/plans/{shared.family.pk}/").content.decode()
    assert "Besluttet i møte" in plan
    again = client.post(
        url,
        {
            "goal": str(shared.family_goal.pk),
            "what": "x",
            "responsible_kind": "coordinator",
            "responsible_user": str(shared.world.coordinator.pk),
            "due_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
        },
    )
    assert "allerede et tiltak" in again.content.decode()
    assert Measure.objects.filter(what="x").count() == 0


def test_the_partner_reads_minutes_only_after_release(shared, school_consent, client):
    meeting = schedule(shared, days=-1, held=True, people=[Invitee(partner=shared.school)])
    services.minutes_record(
        meeting=meeting,
        by=shared.world.coordinator,
        expected_sequence=0,
        minutes="Hemmelig til det er godkjent",
        attended=set(),
    )
    client.force_login(shared.world.partner)
    url = f"/partner/{shared.family.pk}/meetings/{meeting.pk}/"
    assert "Hemmelig" not in client.get(url).content.decode()
    services.minutes_release(meeting=meeting, by=shared.world.coordinator)
    assert "Hemmelig til det er godkjent" in client.get(url).content.decode()


def test_the_partner_sees_only_meetings_it_takes_part_in(shared, school_consent, client):
    other = schedule(shared, days=2, people=[Invitee(member=shared.mother)])
    client.force_login(shared.world.partner)
    assert client.get(f"/partner/{shared.family.pk}/meetings/{other.pk}/").status_code == 404


def test_meetings_topic_is_needed_to_see_the_meeting(shared, client):
    consent = make_consent(
        family=shared.family,
        partner=shared.school,
        subject=shared.mother,
        topics=("meetings",),
        recorded_by=shared.world.coordinator,
    )
    meeting = schedule(shared, days=2, people=[Invitee(partner=shared.school)])
    consent.topics = ["plan"]
    consent.save()
    client.force_login(shared.world.partner)
    assert client.get(f"/partner/{shared.family.pk}/meetings/{meeting.pk}/").status_code == 404


def test_the_calendar_download_is_an_rfc5545_file(shared, client):
    meeting = schedule(shared, people=[])
    client.force_login(shared.world.coordinator)
    response = client.get(f"/meetings/{shared.family.pk}/{meeting.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == meeting.starts_at


def test_the_meeting_form_refuses_a_past_planned_meeting(shared, client):
    client.force_login(shared.world.coordinator)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        f"/meetings/{shared.family.pk}/new/",
        {
            "kind": "cooperation",
            "day": yesterday.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "place": "Familiesenteret",
            "include_coordinator": "on",
        },
    )
    assert "Tidspunktet har passert" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_invitations_reach_a_real_smtp_server(shared, school_consent, smtp_server, run_worker):
    meeting = schedule(shared)
    run_worker()
    assert len(smtp_server.messages) == 3
    message = smtp_server.messages[0]
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    assert str(event["UID"]) == f"{meeting.calendar_uid}@familieplan"
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db(transaction=True)
def test_a_bounced_invitation_is_visible_on_the_meeting_and_can_be_sent_again(
    shared, school_consent, smtp_server, run_worker, client
):
    smtp_server.refuse_rcpt = "550 5.1.1 No such user"
    meeting = schedule(shared)
    run_worker()
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"failed"}
    client.force_login(shared.world.coordinator)
    page = client.get(f"/meetings/{shared.family.pk}/{meeting.pk}/").content.decode()
    assert "Feilet" in page and "550" in page and "Send på nytt" in page
    smtp_server.refuse_rcpt = None
    email = OutgoingEmail.objects.filter(to="skole@example.no").get()
    retry = f"/meetings/{shared.family.pk}/{meeting.pk}/emails/{email.pk}/retry/"
    assert client.post(retry).status_code == 302
    run_worker()
    email.refresh_from_db()
    assert email.status == "sent" and len(smtp_server.messages) == 1


def test_someone_added_by_a_change_gets_an_invitation_not_an_update(shared, school_consent):
    meeting = schedule(shared, people=[Invitee(member=shared.mother, email="mona@example.no")])
    services.meeting_update(
        meeting=meeting,
        by=shared.world.coordinator,
        expected_sequence=0,
        starts_at=at(3),
        ends_at=at(3, 11),
        invitees=[
            Invitee(member=shared.mother, email="mona@example.no"),
            Invitee(partner=shared.school, email="skole@example.no"),
        ],
        place="Familiesenteret",
    )
    school = OutgoingEmail.objects.get(to="skole@example.no")
    assert school.subject.startswith("Invitasjon") and "SEQUENCE:1" in school.attachment_content
    mother = OutgoingEmail.objects.filter(to="mona@example.no").order_by("created_at")
    assert [e.subject.split(":")[0] for e in mother] == ["Invitasjon", "Endret"]

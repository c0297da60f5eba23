"""The meeting pages through HTTP: change, cancel, minutes, release and decisions, with the
access rules of the family (a colleague reads, only the coordinator changes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from familieplan.meetings import services
from familieplan.meetings.models import Meeting
from familieplan.meetings.services import Invitee
from familieplan.outbox.models import OutgoingEmail
from tests.factories import make_consent
from tests.meetings.test_meetings import at


@pytest.fixture
def coordinator(client, shared):
    make_consent(
        family=shared.family,
        partner=shared.school,
        subject=shared.mother,
        topics=("plan", "meetings"),
        recorded_by=shared.world.coordinator,
    )
    client.force_login(shared.world.coordinator)
    return client


def planned(shared):
    return services.meeting_schedule(
        family=shared.family,
        by=shared.world.coordinator,
        kind="cooperation",
        starts_at=at(5),
        ends_at=at(5, 11),
        place="Skolen",
        invitees=[Invitee(partner=shared.school, email="skole@example.no")],
    )


def url(shared, meeting, suffix=""):
    return f"/meetings/{shared.family.pk}/{meeting.pk}/{suffix}"


def form(shared, meeting, **overrides):
    day = timezone.localtime(meeting.starts_at).date()
    data = {
        "sequence": meeting.sequence,
        "kind": "cooperation",
        "day": day.isoformat(),
        "start_time": "10:00",
        "end_time": "11:30",
        "place": "Skolen, rom 2",
        "partners": [str(shared.school.pk)],
        "include_coordinator": "on",
    }
    data.update(overrides)
    return data


def test_the_list_and_the_detail_page(coordinator, shared):
    meeting = planned(shared)
    assert "Samarbeidsmøte" in coordinator.get(f"/meetings/{shared.family.pk}/").content.decode()
    page = coordinator.get(url(shared, meeting)).content.decode()
    assert "Lunde skole" in page and "I kø" in page and "Endre møtet" in page


def test_a_change_sends_updates_and_a_stale_form_is_refused(coordinator, shared):
    meeting = planned(shared)
    assert coordinator.post(url(shared, meeting, "edit/"), form(shared, meeting)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Skolen, rom 2" and meeting.sequence == 1
    assert OutgoingEmail.objects.filter(topic="meeting_update").exists()
    stale = coordinator.post(url(shared, meeting, "edit/"), form(shared, meeting, sequence=0))
    assert "Noen andre har endret møtet" in stale.content.decode()


def test_cancelling_needs_a_reason_and_tells_everyone(coordinator, shared):
    meeting = planned(shared)
    seen = {"sequence": meeting.sequence}
    empty = coordinator.post(url(shared, meeting, "cancel/"), {"reason": "", **seen})
    assert empty.status_code == 200
    cancelled = coordinator.post(url(shared, meeting, "cancel/"), {"reason": "Sykdom", **seen})
    assert cancelled.status_code == 302
    assert Meeting.objects.get().status == "cancelled"
    assert OutgoingEmail.objects.filter(topic="meeting_cancellation").count() == 1
    assert coordinator.get(url(shared, meeting, "edit/")).status_code == 302  # not editable


def test_minutes_decisions_and_release_through_the_pages(coordinator, shared):
    meeting = services.meeting_schedule(
        family=shared.family,
        by=shared.world.coordinator,
        kind="cooperation",
        starts_at=at(-1),
        ends_at=at(-1, 11),
        held=True,
        place="Skolen",
        invitees=[Invitee(partner=shared.school, email="skole@example.no")],
    )
    participant = meeting.participants.get()
    response = coordinator.post(
        url(shared, meeting, "minutes/"),
        {
            "minutes": "Vi ble enige om leksehjelp.",
            "attended": [str(participant.pk)],
            "sequence": meeting.sequence,
            "next_meeting_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    coordinator.post(url(shared, meeting, "decisions/new/"), {"text": "Søke leksehjelp"})
    assert meeting.decisions.get().text == "Søke leksehjelp"
    assert coordinator.post(url(shared, meeting, "minutes/release/")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_released and meeting.participants.get().attended is True
    assert OutgoingEmail.objects.filter(topic="meeting_minutes").count() == 1
    again = coordinator.post(url(shared, meeting, "minutes/release/"), follow=True)
    assert "allerede sendt ut" in again.content.decode()


def test_a_colleague_reads_the_meeting_but_cannot_change_it(client, shared):
    meeting = services.meeting_schedule(
        family=shared.family,
        by=shared.world.coordinator,
        kind="home_visit",
        starts_at=at(2),
        ends_at=at(2, 11),
        place="Hjemme",
        invitees=[],
    )
    client.force_login(shared.world.colleague)
    assert client.get(url(shared, meeting)).status_code == 200
    assert client.get(url(shared, meeting, "edit/")).status_code == 403
    assert client.post(url(shared, meeting, "cancel/"), {"reason": "x"}).status_code == 403
    client.force_login(shared.world.coordinator_b)
    assert client.get(url(shared, meeting)).status_code == 404

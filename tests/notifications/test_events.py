"""A notification for each event, made where it happens (the family's pages, the partner's
pages, the consent pages, the meeting pages, the real outbox worker, the hand-over call): to
the family's coordinator and co-coordinator, never to the one who acted nor to a colleague."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from familieplan.meetings import services as meetings
from familieplan.meetings.services import Invitee
from familieplan.notifications.models import Notification
from familieplan.notifications.services import notify
from familieplan.outbox.models import OutgoingEmail
from familieplan.partners import services as consent_services
from tests.factories import make_consent, make_user

K = Notification.Kind


def told(kind: str) -> set:
    """Who got a notification of `kind`."""
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def test_a_familys_proposal_reaches_both_coordinators_with_a_generic_email(
    client,
    team,
    portal,
):
    client.force_login(portal.mother_user)
    response = client.post(
        "/family/plan/propose/",
        {"kind": "new_goal", "about": str(team.shared.child.pk), "text": "Ella vil svømme."},
    )
    assert response.status_code == 302
    assert told(K.FAMILY_PROPOSAL) == {"koordinator", "medkoordinator"}  # not the colleague
    notification = Notification.objects.get(recipient=team.coordinator)
    assert notification.url == f"/families/{team.family.pk}/#proposals-heading"
    assert notification.municipality_id == team.family.municipality_id
    assert notification.read_at is None
    # Email as before, by default, for the family's proposals: the kind and a link, no content.
    emails = OutgoingEmail.objects.filter(topic="notification")
    assert {e.to for e in emails} == {"koordinator@kommune.example", "med@kommune.example"}
    for email in emails:
        assert "svømme" not in email.body and "Ella" not in email.body
        assert team.family.name not in email.body + email.subject
        assert f"/families/{team.family.pk}/" in email.body


def test_a_familys_comment_on_a_goal_and_on_a_measure(client, team, portal):
    client.force_login(portal.mother_user)
    shared = team.shared
    client.post(f"/family/plan/goals/{shared.family_goal.pk}/comment/", {"text": "Bra mål!"})
    client.post(f"/family/plan/measures/{shared.child_measure.pk}/comment/", {"text": "Takk!"})
    rows = Notification.objects.filter(kind=K.FAMILY_COMMENT, recipient=team.coordinator)
    assert rows.count() == 2
    assert {r.url for r in rows} == {
        f"/families/{team.family.pk}/#proposals-heading",
        f"/plans/{team.family.pk}/#measure-{shared.child_measure.pk}",
    }


def test_a_partner_updates_a_measure_and_comments(client, team):
    shared = team.shared
    make_consent(
        family=shared.family,
        partner=shared.school,
        subject=shared.mother,
        topics=("plan", "meetings"),
        recorded_by=team.coordinator,
    )
    client.force_login(shared.world.partner)
    base = f"/partner/{shared.family.pk}/measures/{shared.family_measure.pk}/"
    move = {"to": "in_progress", "version": 1}
    assert client.post(base + "status/", move).status_code == 302
    assert told(K.PARTNER_MEASURE) == {"koordinator", "medkoordinator"}
    client.post(base + "status/", move)  # the same form sent twice: no second notification
    assert Notification.objects.filter(kind=K.PARTNER_MEASURE).count() == 2
    assert client.post(base + "comment/", {"text": "Ella kommer hver tirsdag."}).status_code == 302
    assert told(K.PARTNER_COMMENT) == {"koordinator", "medkoordinator"}
    url = Notification.objects.filter(kind=K.PARTNER_COMMENT).first().url
    assert url == f"/plans/{shared.family.pk}/#measure-{shared.family_measure.pk}"
    # No email for these unless chosen (none was sent before notifications).
    assert not OutgoingEmail.objects.filter(topic="notification").exists()


def test_a_refused_status_change_notifies_nobody(client, team):
    shared = team.shared
    make_consent(
        family=shared.family,
        partner=shared.school,
        subject=shared.mother,
        topics=("plan",),
        recorded_by=team.coordinator,
    )
    client.force_login(shared.world.partner)
    url = f"/partner/{shared.family.pk}/measures/{shared.family_measure.pk}/status/"
    client.post(url, {"to": "cancelled", "reason": "Nei", "version": 1})
    assert not Notification.objects.exists()


def test_a_withdrawal_recorded_by_the_coordinator_tells_the_co_coordinator(client, team):
    shared = team.shared
    consent = make_consent(
        family=shared.family,
        partner=shared.school,
        subject=shared.mother,
        topics=("plan",),
        recorded_by=team.coordinator,
    )
    client.force_login(team.coordinator)
    url = f"/partners/families/{shared.family.pk}/consents/{consent.pk}/withdraw/"
    assert client.post(url, {"method": "oral", "note": "Ringte."}).status_code == 302
    assert told(K.CONSENT_WITHDRAWN) == {"medkoordinator"}  # not the one who recorded it
    assert Notification.objects.get().url == f"/partners/families/{shared.family.pk}/consents/"


def test_a_withdrawal_on_the_familys_own_pages_tells_both(client, team, portal):
    client.force_login(portal.mother_user)
    client.post(f"/family/consents/{portal.consents['mother'].pk}/withdraw/")
    assert told(K.CONSENT_WITHDRAWN) == {"koordinator", "medkoordinator"}
    assert OutgoingEmail.objects.filter(topic="notification").count() == 2


def test_released_minutes_tell_the_other_coordinator(client, team):
    shared = team.shared
    meeting = meetings.meeting_schedule(
        family=shared.family,
        by=team.coordinator,
        kind="cooperation",
        starts_at=_at(-1, 10),
        ends_at=_at(-1, 11),
        held=True,
        invitees=[Invitee(member=shared.mother, email="mona@example.no")],
    )
    meeting = meetings.minutes_record(
        meeting=meeting,
        by=team.coordinator,
        expected_sequence=meeting.sequence,
        minutes="Referat.",
        attended=set(),
    )
    client.force_login(team.coordinator)
    path = f"/meetings/{shared.family.pk}/{meeting.pk}/"
    assert client.post(path + "minutes/release/").status_code == 302
    assert told(K.MINUTES_RELEASED) == {"medkoordinator"}
    assert Notification.objects.get().url == path
    # The participants' minutes email stays as it was; no notification email by default.
    assert OutgoingEmail.objects.filter(topic="meeting_minutes").count() == 1
    assert not OutgoingEmail.objects.filter(topic="notification").exists()


@pytest.mark.django_db(transaction=True)
def test_an_invitation_refused_for_good_tells_the_coordinators(
    team,
    smtp_server,
    run_worker,
):
    shared = team.shared
    smtp_server.refuse_rcpt = "550 5.1.1 No such user here"
    meeting = meetings.meeting_schedule(
        family=shared.family,
        by=team.coordinator,
        kind="cooperation",
        starts_at=_at(3, 10),
        ends_at=_at(3, 11),
        place="Skolen",
        invitees=[Invitee(member=shared.mother, email="finnes-ikke@example.no")],
    )
    email = OutgoingEmail.objects.get(topic="meeting_invitation")
    assert email.about_family_id == shared.family.pk

    run_worker()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert told(K.EMAIL_BOUNCED) == {"koordinator", "medkoordinator"}
    rows = Notification.objects.filter(kind=K.EMAIL_BOUNCED)
    assert {r.url for r in rows} == {f"/meetings/{shared.family.pk}/{meeting.pk}/"}


@pytest.mark.django_db(transaction=True)
def test_a_retried_email_that_still_goes_out_tells_nobody(
    team,
    smtp_server,
    run_worker,
):
    meetings.meeting_schedule(
        family=team.family,
        by=team.coordinator,
        kind="cooperation",
        starts_at=_at(3, 10),
        ends_at=_at(3, 11),
        invitees=[Invitee(member=team.shared.mother, email="mona@example.no")],
    )
    smtp_server.refuse_rcpt = "450 4.2.0 Greylisted"
    run_worker()
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.RETRYING
    assert not Notification.objects.exists()


def test_the_hand_over_tells_the_new_coordinator_only(team):
    world = team.shared.world
    newcomer = make_user(username="ny", role="coordinator", unit=world.unit_a)
    rows = notify(
        family=team.family,
        kind=Notification.Kind.HANDOVER,
        url=f"/families/{team.family.pk}/",
        recipients=[newcomer],
        actor=team.lead,
    )
    assert [r.recipient for r in rows] == [newcomer]
    assert told(K.HANDOVER) == {"ny"}
    # Led by the lead to themselves: nobody is told of their own action.
    assert (
        notify(
            family=team.family,
            kind=K.HANDOVER,
            url=f"/families/{team.family.pk}/",
            recipients=[team.lead],
            actor=team.lead,
        )
        == []
    )


def test_an_unknown_kind_or_a_path_elsewhere_is_refused_and_nothing_is_saved(team):
    for url in ("https://example.com/", "//example.com/x", "families/x", "/\\example.com"):
        with pytest.raises(ValueError):
            notify(family=team.family, kind=K.HANDOVER, url=url)
    with pytest.raises(ValueError):
        notify(family=team.family, kind="gossip", url="/families/")
    assert not Notification.objects.exists()


def test_a_notification_rolls_back_with_the_callers_work(team):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(family=team.family, kind=K.FAMILY_PROPOSAL, url="/families/")
        raise RuntimeError("the caller's work failed")
    assert not Notification.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_a_staff_recorded_withdrawal_through_the_service_names_its_actor(team):
    shared = team.shared
    consent = make_consent(
        family=shared.family,
        partner=shared.school,
        subject=shared.mother,
        topics=("plan",),
        recorded_by=team.coordinator,
    )
    consent_services.consent_withdraw(consent=consent, by=team.co, method="oral")
    assert told(K.CONSENT_WITHDRAWN) == {"koordinator"}

"""Notices to the family ("the family's own side", item 7): a generic email and SMS when a
measure is assigned to a member, an SMS when a meeting is set and when its minutes are released
(the email side of those is the invitation and minutes email). Only to the member concerned, in
their language, through the real services and the real outbox."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from familieplan.core.roles import Role
from familieplan.meetings import services as meeting_services
from familieplan.meetings.models import Meeting
from familieplan.meetings.services import Invitee
from familieplan.outbox.models import OutgoingEmail, OutgoingSMS
from familieplan.plans import services as plan_services
from familieplan.plans.models import Measure
from tests.factories import make_consent, make_member, make_user

pytestmark = pytest.mark.django_db

MOTHER_MOBILE, YOUTH_MOBILE = "+4791234567", "+4741234567"
MEASURE_TEXT = "Søke om bostøtte hos NAV og møte BUP om Olas skolevegring"


def family_link() -> str:
    return settings.FAMILIEPLAN_BASE_URL + "/family/"


@pytest.fixture
def family(shared):
    """The shared family; the mother and the youth can be reached, the youth logs in in English."""
    shared.mother.email, shared.mother.phone = "mona@example.no", "912 34 567"
    shared.mother.save()
    youth_login = make_user(
        username="ola", role=Role.FAMILY_MEMBER, municipality=shared.world.muni_a
    )
    youth_login.language = "en"
    youth_login.save()
    shared.youth.email, shared.youth.phone = "ola@example.no", "+47 412 34 567"
    shared.youth.user = youth_login
    shared.youth.save()
    return shared


def sensitive(shared) -> list[str]:
    """What a notice must never carry."""
    return [
        shared.family.name,
        "Hansen",
        shared.mother.first_name,
        shared.youth.first_name,
        shared.child.first_name,
        shared.school.name,
        shared.clinic.name,
        "Barna trives",
        "Lese bedre",
        "Fullføre",
        MEASURE_TEXT,
        "NAV",
        "BUP",
        "Skole",
        "skole",
        "Samarbeidsmøte",
        "ansvarsgruppe",
        "Oppstart",
        "skolefravær",
    ]


def assert_generic(shared, *texts: str) -> None:
    for text in texts:
        for word in sensitive(shared):
            assert word not in text, (word, text)


def assign(shared, goal, *, member=None, kind="member", **extra) -> Measure:
    responsible = {"responsible_member": member} if kind == "member" else extra.pop("responsible")
    return plan_services.measure_add(
        goal=goal,
        by=shared.world.coordinator,
        what=MEASURE_TEXT,
        responsible_kind=kind,
        due_on=timezone.localdate() + timedelta(days=30),
        **responsible,
        **extra,
    )


def update(shared, measure: Measure, **responsible) -> Measure:
    measure.refresh_from_db()
    kind = "member" if "responsible_member" in responsible else "service"
    return plan_services.measure_update(
        measure=measure,
        by=shared.world.coordinator,
        expected_version=measure.version,
        what=measure.what + " (endret)",
        due_on=measure.due_on,
        responsible_kind=kind,
        **responsible,
    )


def notices(topic: str):
    return (
        OutgoingEmail.objects.filter(topic=topic).order_by("created_at"),
        OutgoingSMS.objects.filter(topic=topic).order_by("created_at"),
    )


# A measure assigned


def test_a_measure_assigned_to_a_parent_queues_a_generic_email_and_sms(family):
    measure = assign(family, family.family_goal, member=family.mother)

    emails, texts = notices("measure_assigned")
    [email], [sms] = emails, texts
    assert email.to == "mona@example.no" and email.to_name == ""
    assert email.subject == "Ny oppgave i Familieplan"
    assert email.body == (
        "Hei!\n\nDu har fått en ny oppgave i Familieplan.\n\n"
        f"Logg inn i Familieplan for å se mer: {family_link()}\n\n"
        "Denne e-posten er sendt automatisk og kan ikke besvares."
    )
    assert sms.to == MOTHER_MOBILE
    assert sms.body == (
        f"Du har fått en ny oppgave i Familieplan. Logg inn for å se mer: {family_link()}"
    )
    for message in (email, sms):
        assert message.reference == f"measure:{measure.pk}"
        assert message.municipality_id == family.family.municipality_id
    assert_generic(family, email.subject, email.body, sms.body)


def test_a_youths_measure_goes_to_the_youth_only_in_their_language(family):
    assign(family, family.youth_goal, member=family.youth)

    [email], [sms] = notices("measure_assigned")
    assert email.to == "ola@example.no" and sms.to == YOUTH_MOBILE
    assert email.subject == "New task in Familieplan"
    assert "You have a new task in Familieplan." in email.body
    assert sms.body == f"You have a new task in Familieplan. Log in to see more: {family_link()}"
    assert not OutgoingEmail.objects.filter(to="mona@example.no").exists()
    assert not OutgoingSMS.objects.filter(to=MOTHER_MOBILE).exists()
    assert_generic(family, email.subject, email.body, sms.body)


@pytest.mark.parametrize("remembered", ["", "nb"])
def test_without_a_remembered_language_the_notice_is_in_bokmal(family, remembered):
    login = make_user(username="mona", role=Role.FAMILY_MEMBER, municipality=family.world.muni_a)
    login.language = remembered
    login.save()
    family.mother.user = login
    family.mother.save()

    assign(family, family.family_goal, member=family.mother)

    [email], [sms] = notices("measure_assigned")
    assert email.subject == "Ny oppgave i Familieplan"
    assert sms.body.startswith("Du har fått en ny oppgave i Familieplan.")


def test_a_change_notifies_only_a_member_who_becomes_responsible(family):
    measure = family.family_measure  # the school is responsible
    update(family, measure, responsible_member=family.mother)
    emails, texts = notices("measure_assigned")
    assert [e.to for e in emails] == ["mona@example.no"]
    assert [s.to for s in texts] == [MOTHER_MOBILE]

    update(family, measure, responsible_member=family.mother)  # other text, same person
    assert [len(q) for q in notices("measure_assigned")] == [1, 1]

    update(family, measure, responsible_member=family.youth)
    emails, texts = notices("measure_assigned")
    assert [e.to for e in emails] == ["mona@example.no", "ola@example.no"]
    assert [s.to for s in texts] == [MOTHER_MOBILE, YOUTH_MOBILE]
    assert all(e.reference == f"measure:{measure.pk}" for e in emails)


def test_nothing_when_the_responsible_party_is_not_a_family_member(family):
    assign(
        family,
        family.family_goal,
        kind="service",
        responsible={"responsible_partner": family.school},
    )
    assign(
        family,
        family.family_goal,
        kind="coordinator",
        responsible={"responsible_user": family.world.coordinator},
    )
    measure = assign(family, family.family_goal, member=family.mother)
    update(family, measure, responsible_partner=family.school)

    assert [len(q) for q in notices("measure_assigned")] == [1, 1]  # the mother's, once


def test_nothing_when_the_member_has_neither_email_nor_phone(family):
    measure = assign(family, family.child_goal, member=family.child)

    assert Measure.objects.filter(pk=measure.pk).exists()
    assert not OutgoingEmail.objects.exists() and not OutgoingSMS.objects.exists()


def test_an_unusable_number_is_skipped_and_the_change_is_saved(family):
    landline = make_member(family=family.family, first_name="Per", phone="22 33 44 55")
    with_email = make_member(
        family=family.family, first_name="Kari", phone="ring jobben", email="kari@example.no"
    )

    first = assign(family, family.family_goal, member=landline)
    second = assign(family, family.family_goal, member=with_email)

    assert Measure.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    emails, texts = notices("measure_assigned")
    assert [e.to for e in emails] == ["kari@example.no"] and not texts


def test_a_notice_is_rolled_back_with_the_change(family):
    with pytest.raises(RuntimeError), transaction.atomic():
        assign(family, family.family_goal, member=family.mother)
        raise RuntimeError("something later in the same request failed")

    assert not OutgoingEmail.objects.exists() and not OutgoingSMS.objects.exists()


def test_a_decision_that_becomes_the_members_measure_notifies_them(family):
    meeting = schedule(family, people=[Invitee(user=family.world.coordinator)], held=True)
    decision = meeting_services.decision_add(
        meeting=meeting, by=family.world.coordinator, text=MEASURE_TEXT
    )
    meeting_services.decision_to_measure(
        decision=decision,
        by=family.world.coordinator,
        goal=family.youth_goal,
        due_on=timezone.localdate() + timedelta(days=10),
        responsible_kind="member",
        responsible_member=family.youth,
    )

    emails, texts = notices("measure_assigned")
    assert [e.to for e in emails] == ["ola@example.no"] and [s.to for s in texts] == [YOUTH_MOBILE]


# Meetings


def at(days: int, hour: int = 10) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def schedule(shared, *, people, held=False) -> Meeting:
    days = -2 if held else 3
    return meeting_services.meeting_schedule(
        family=shared.family,
        by=shared.world.coordinator,
        kind=Meeting.Kind.COOPERATION,
        title="Oppstart",
        starts_at=at(days),
        ends_at=at(days, 11),
        invitees=people,
        held=held,
        place="BUP, Storgata 1",
        agenda="Bekymring for skolefravær",
    )


@pytest.fixture
def school_consent(family):
    return make_consent(
        family=family.family,
        partner=family.school,
        subject=family.mother,
        topics=("plan", "meetings"),
        recorded_by=family.world.coordinator,
    )


def everyone(shared) -> list[Invitee]:
    return [
        Invitee(member=shared.mother, email=shared.mother.email),
        Invitee(partner=shared.school, email="skole@example.no"),
        Invitee(user=shared.world.coordinator, email="koordinator@example.no"),
    ]


def test_a_meeting_set_sends_a_generic_sms_to_the_invited_members(family, school_consent):
    meeting = schedule(family, people=everyone(family))

    [sms] = OutgoingSMS.objects.all()
    assert sms.to == MOTHER_MOBILE and sms.topic == "meeting_invitation"
    assert sms.reference == f"meeting:{meeting.pk}"
    assert sms.body == (
        f"Du er invitert til et møte i Familieplan. Logg inn for å se mer: {family_link()}"
    )
    assert_generic(family, sms.body)
    # The email side is the invitation, to the member's own address.
    assert OutgoingEmail.objects.filter(to="mona@example.no", topic="meeting_invitation").exists()


def test_a_meeting_recorded_as_held_sends_no_sms(family):
    schedule(family, people=[Invitee(member=family.mother, email=family.mother.email)], held=True)
    assert not OutgoingSMS.objects.exists()


def test_a_member_added_by_a_change_gets_the_sms_in_their_language(family, school_consent):
    meeting = schedule(family, people=everyone(family))
    meeting_services.meeting_update(
        meeting=meeting,
        by=family.world.coordinator,
        expected_sequence=0,
        starts_at=at(4),
        ends_at=at(4, 11),
        invitees=[*everyone(family), Invitee(member=family.youth, email=family.youth.email)],
        place="Familiesenteret",
    )

    texts = OutgoingSMS.objects.order_by("created_at")
    assert [s.to for s in texts] == [MOTHER_MOBILE, YOUTH_MOBILE]  # no second SMS to the mother
    assert texts[1].body == (
        f"You are invited to a meeting in Familieplan. Log in to see more: {family_link()}"
    )


def test_a_member_without_a_mobile_number_gets_the_invitation_email_only(family):
    family.mother.phone = ""
    family.mother.save()
    schedule(family, people=[Invitee(member=family.mother, email=family.mother.email)])

    assert OutgoingEmail.objects.filter(to="mona@example.no").count() == 1
    assert not OutgoingSMS.objects.exists()


def test_released_minutes_send_a_generic_sms_to_the_members_who_took_part(family, school_consent):
    meeting = schedule(family, people=everyone(family), held=True)
    meeting = meeting_services.minutes_record(
        meeting=meeting,
        by=family.world.coordinator,
        expected_sequence=meeting.sequence,
        minutes="Ola har hatt mye fravær; BUP kobles inn.",
        attended={p.pk for p in meeting.participants.all()},
    )
    assert not OutgoingSMS.objects.exists()

    meeting_services.minutes_release(meeting=meeting, by=family.world.coordinator)

    [sms] = OutgoingSMS.objects.all()  # the youth did not take part
    assert sms.to == MOTHER_MOBILE and sms.topic == "meeting_minutes"
    assert sms.body == (
        f"Referatet fra et møte i Familieplan er klart. Logg inn for å se mer: {family_link()}"
    )
    assert_generic(family, sms.body)
    assert "fravær" not in sms.body
    assert OutgoingEmail.objects.filter(to="mona@example.no", topic="meeting_minutes").exists()


def test_a_very_long_address_leaves_the_link_out_of_the_sms(family, settings):
    settings.FAMILIEPLAN_BASE_URL = "https://" + "familieplan." * 12 + "kommune.no"
    assign(family, family.family_goal, member=family.mother)

    [sms] = OutgoingSMS.objects.all()
    assert (
        sms.body == "Du har fått en ny oppgave i Familieplan. Logg inn i Familieplan for å se mer."
    )
    [email] = OutgoingEmail.objects.all()
    assert settings.FAMILIEPLAN_BASE_URL + "/family/" in email.body


# All the way out


@pytest.mark.django_db(transaction=True)
def test_the_notices_go_out_through_the_worker(family, smtp_server, run_worker, caplog):
    assign(family, family.youth_goal, member=family.youth)

    run_worker()

    [message] = smtp_server.messages
    assert smtp_server.recipients == [["ola@example.no"]]
    assert message["Subject"].strip() == "New task in Familieplan"
    body = message.get_body(("plain",)).get_content()
    assert "You have a new task in Familieplan." in body and family_link() in body
    assert_generic(family, body)
    [sms] = OutgoingSMS.objects.all()
    assert sms.status == OutgoingSMS.Status.SENT and sms.provider_id.startswith("log-")
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}

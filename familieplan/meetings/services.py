"""Workflows for meetings. Each runs in one transaction: the meeting, its participants and the
emails in the outbox are saved together or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familieplan.core.concurrency import StaleEdit
from familieplan.families.models import Family, Member
from familieplan.meetings import family_notices, invitations
from familieplan.meetings.models import Decision, Meeting, Participant
from familieplan.notifications.models import Notification
from familieplan.notifications.services import notify
from familieplan.partners.models import Partner, Topic
from familieplan.partners.scope import partners_with_topic
from familieplan.plans import services as plan_services
from familieplan.plans.models import Goal, Measure

MAX_LENGTH = timedelta(hours=12)


@dataclass(frozen=True)
class Invitee:
    """Who to invite: exactly one of member, partner, user or name; the address to use."""

    member: Member | None = None
    partner: Partner | None = None
    user: object | None = None
    name: str = ""
    email: str = ""

    @property
    def kind(self) -> str:
        if self.member is not None:
            return Participant.Kind.MEMBER
        if self.partner is not None:
            return Participant.Kind.PARTNER
        if self.user is not None:
            return Participant.Kind.STAFF
        return Participant.Kind.OTHER

    @property
    def key(self) -> tuple:
        party = self.member or self.partner or self.user
        return (self.kind, party.pk if party is not None else self.name.strip().lower())


def _check_times(starts_at: datetime, ends_at: datetime, *, held: bool) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Møtet må slutte etter at det starter.")})
    if ends_at - starts_at > MAX_LENGTH:
        raise ValidationError({"ends_at": _("Et møte kan vare høyst 12 timer.")})
    now = timezone.now()
    if not held and starts_at < now:
        raise ValidationError(
            {
                "starts_at": _(
                    "Tidspunktet har passert. Et møte tilbake i tid kan ikke settes opp som "
                    "planlagt – kryss av for at møtet allerede er holdt."
                )
            },
            code="past",
        )
    if held and starts_at > now:
        raise ValidationError(
            {"starts_at": _("Et møte som er holdt, kan ikke ligge fram i tid.")}, code="future"
        )


def _check_invitees(family: Family, invitees: list[Invitee]) -> None:
    """Family members of this family; services only with a valid consent covering meetings
    (inviting a service tells it about the family)."""
    with_consent = partners_with_topic(family, Topic.MEETINGS)
    for invitee in invitees:
        if invitee.member is not None and invitee.member.family_id != family.pk:
            raise ValidationError(_("Personen hører ikke til denne familien."))
        if invitee.partner is not None and invitee.partner.pk not in with_consent:
            raise ValidationError(
                _(
                    "%(partner)s har ikke gyldig samtykke til å delta i møter om familien. "
                    "Registrer samtykke først."
                )
                % {"partner": invitee.partner.name},
                code="no_consent",
            )
        if invitee.kind == Participant.Kind.OTHER and not invitee.name.strip():
            raise ValidationError(_("Skriv navnet på deltakeren."))


def _save_participants(meeting: Meeting, invitees: list[Invitee]) -> list[Participant]:
    seen, rows = set(), []
    for invitee in invitees:
        if invitee.key in seen:
            continue
        seen.add(invitee.key)
        rows.append(
            Participant(
                municipality_id=meeting.municipality_id,
                meeting=meeting,
                kind=invitee.kind,
                member=invitee.member,
                partner=invitee.partner,
                user=invitee.user,
                name=invitee.name.strip(),
                email=invitee.email.strip(),
            )
        )
    return Participant.objects.bulk_create(rows)


def _with_names(participants):
    """Participants with what their names are read from (one query, not one per person)."""
    return participants.select_related("member", "partner", "user")


def _touch(family: Family) -> None:
    Family.objects.filter(pk=family.pk).touch()


@transaction.atomic
def meeting_schedule(
    *,
    family: Family,
    by,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    invitees: list[Invitee],
    held: bool = False,
    title: str = "",
    place: str = "",
    video_link: str = "",
    agenda: str = "",
) -> Meeting:
    """A new meeting. A planned one sends invitations; one already held is only recorded."""
    _check_times(starts_at, ends_at, held=held)
    _check_invitees(family, invitees)
    meeting = Meeting.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        video_link=video_link.strip(),
        agenda=agenda.strip(),
        status=Meeting.Status.HELD if held else Meeting.Status.PLANNED,
        created_by=by,
    )
    participants = _save_participants(meeting, invitees)
    if not held:
        invitations.send_calendar(meeting, participants, topic=invitations.INVITE)
        family_notices.meeting_set(meeting, participants)
    _touch(family)
    return meeting


def _lock(meeting: Meeting, expected_sequence: int | None = None) -> Meeting:
    """The meeting, locked; its `sequence` is its version (core/concurrency.py)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if expected_sequence is not None and locked.sequence != expected_sequence:
        raise StaleEdit(
            locked,
            _(
                "Noen andre har endret møtet mens du skrev. Det du skrev, står fortsatt i "
                "skjemaet. Se hva som er lagret nå, og lagre igjen hvis endringen din "
                "fortsatt skal gjelde."
            ),
            field="sequence",
        )
    return locked


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by,
    expected_sequence: int,
    starts_at: datetime,
    ends_at: datetime,
    invitees: list[Invitee],
    title: str = "",
    place: str = "",
    video_link: str = "",
    agenda: str = "",
    kind: str | None = None,
) -> Meeting:
    """Change a planned meeting; everyone gets an update with the same calendar UID, and
    people no longer invited get a cancellation."""
    meeting = _lock(meeting, expected_sequence)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Bare planlagte møter kan endres."), code="not_planned")
    _check_times(starts_at, ends_at, held=False)
    _check_invitees(meeting.family, invitees)
    old = {_participant_key(p): p for p in meeting.participants.all()}
    wanted = {invitee.key: invitee for invitee in invitees}
    removed = [p for key, p in old.items() if key not in wanted]
    meeting.kind = kind or meeting.kind
    meeting.title, meeting.place = title.strip(), place.strip()
    meeting.video_link, meeting.agenda = video_link.strip(), agenda.strip()
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.sequence += 1
    meeting.save()
    for key, participant in old.items():
        new_email = wanted[key].email.strip() if key in wanted else ""
        if new_email and participant.email != new_email:  # an empty one keeps the old address
            participant.email = new_email
            participant.save(update_fields=["email"])
    Participant.objects.filter(pk__in=[p.pk for p in removed]).delete()
    added = _save_participants(meeting, [i for key, i in wanted.items() if key not in old])
    kept = _with_names(meeting.participants).exclude(pk__in=[p.pk for p in added])
    invitations.send_calendar(meeting, removed, topic=invitations.CANCEL)
    invitations.send_calendar(meeting, kept, topic=invitations.UPDATE)
    invitations.send_calendar(meeting, added, topic=invitations.INVITE)
    family_notices.meeting_set(meeting, added)
    return meeting


def _participant_key(participant: Participant) -> tuple:
    party = participant.member_id or participant.partner_id or participant.user_id
    return (participant.kind, party if party is not None else participant.name.lower())


@transaction.atomic
def meeting_cancel(
    *, meeting: Meeting, by, reason: str, expected_sequence: int | None = None
) -> Meeting:
    """Cancel a planned meeting (from the version the canceller saw, when given)."""
    meeting = _lock(meeting, expected_sequence)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Bare planlagte møter kan avlyses."), code="not_planned")
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv kort hvorfor møtet er avlyst.")})
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_reason = reason.strip()
    meeting.sequence += 1
    meeting.save()
    invitations.send_calendar(meeting, _with_names(meeting.participants), topic=invitations.CANCEL)
    return meeting


@transaction.atomic
def minutes_record(
    *,
    meeting: Meeting,
    by,
    expected_sequence: int,
    minutes: str,
    attended: set,
    child_experience: str = "",
    child_experience_of: Member | None = None,
    next_meeting_on: date | None = None,
) -> Meeting:
    """Write the minutes of a meeting that has taken place (until they are released)."""
    meeting = _lock(meeting, expected_sequence)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Møtet er avlyst."), code="cancelled")
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("Møtet har ikke vært ennå. Referatet skrives etter møtet."), code="future"
        )
    if meeting.minutes_released:
        raise ValidationError(
            _(
                "Referatet er sendt ut og kan ikke endres. Skriv eventuelle tillegg i "
                "referatet fra neste møte."
            ),
            code="released",
        )
    if not minutes.strip():
        raise ValidationError({"minutes": _("Skriv referatet.")})
    if meeting.kind == Meeting.Kind.EVALUATION and not child_experience.strip():
        raise ValidationError(
            {
                "child_experience": _(
                    "Et evalueringsmøte skal få fram barnets egen opplevelse. Skriv den, eller "
                    "skriv hvorfor den mangler."
                )
            }
        )
    if child_experience_of is not None and child_experience_of.family_id != meeting.family_id:
        raise ValidationError({"child_experience_of": _("Personen hører ikke til denne familien.")})
    if next_meeting_on is not None and next_meeting_on <= timezone.localdate():
        raise ValidationError({"next_meeting_on": _("Neste møte må være fram i tid.")})
    meeting.status = Meeting.Status.HELD
    meeting.minutes = minutes.strip()
    meeting.child_experience = child_experience.strip()
    meeting.child_experience_of = child_experience_of
    meeting.next_meeting_on = next_meeting_on
    meeting.sequence += 1
    meeting.save()
    for participant in meeting.participants.all():
        participant.attended = participant.pk in attended
        participant.save(update_fields=["attended"])
    _touch(meeting.family)
    return meeting


@transaction.atomic
def minutes_release(*, meeting: Meeting, by) -> Meeting:
    """From now on participants may read the minutes; they are told by email, the family's
    coordinators (but the one who released them) by a notification."""
    meeting = _lock(meeting)
    if meeting.status != Meeting.Status.HELD or not meeting.minutes:
        raise ValidationError(_("Skriv referatet før det sendes ut."), code="no_minutes")
    if meeting.minutes_released:
        raise ValidationError(_("Referatet er allerede sendt ut."), code="released")
    meeting.minutes_released_at = timezone.now()
    meeting.minutes_released_by = by
    meeting.save(update_fields=["minutes_released_at", "minutes_released_by"])
    invitations.send_minutes_notice(meeting)
    family_notices.minutes_released(meeting)
    notify(
        family=meeting.family,
        kind=Notification.Kind.MINUTES_RELEASED,
        url=reverse("meetings:detail", args=[meeting.family_id, meeting.pk]),
        actor=by,
    )
    return meeting


@transaction.atomic
def decision_add(*, meeting: Meeting, by, text: str) -> Decision:
    meeting = _lock(meeting)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Beslutninger skrives når møtet er holdt."), code="not_held")
    if meeting.minutes_released:
        raise ValidationError(_("Referatet er sendt ut og kan ikke endres."), code="released")
    if not text.strip():
        raise ValidationError({"text": _("Skriv beslutningen.")})
    return Decision.objects.create(
        municipality_id=meeting.municipality_id, meeting=meeting, text=text.strip(), created_by=by
    )


@transaction.atomic
def decision_to_measure(
    *,
    decision: Decision,
    by,
    goal: Goal,
    due_on: date,
    responsible_kind: str,
    responsible_user=None,
    responsible_member=None,
    responsible_partner=None,
    what: str = "",
    family_part: str = "",
) -> Measure:
    """The decision becomes a measure in the family's current plan, linked back to it."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.measure_id is not None:
        raise ValidationError(_("Beslutningen er allerede et tiltak i planen."), code="done")
    if goal.plan.family_id != decision.meeting.family_id or not goal.plan.is_current:
        raise ValidationError({"goal": _("Målet hører ikke til familiens gjeldende plan.")})
    measure = plan_services.measure_add(
        goal=goal,
        by=by,
        what=(what or decision.text).strip(),
        responsible_kind=responsible_kind,
        responsible_user=responsible_user,
        responsible_member=responsible_member,
        responsible_partner=responsible_partner,
        due_on=due_on,
        family_part=family_part,
    )
    decision.measure = measure
    decision.save(update_fields=["measure"])
    return measure

"""Workflows for the follow-up record: record a contact, write and correct notes, record time,
and sum the time spent per family, month and person.

Every write runs in one transaction; bad input raises a ValidationError (with the field as
key where there is one) and saves nothing. Access to the family is the caller's job (views go
through `families.access.access_family`); these functions only need the author's role.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DateField, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from familieplan.core.roles import Role
from familieplan.families.models import Family, Member, ProgrammeSettings
from familieplan.journal import rules
from familieplan.journal.models import MAX_MINUTES, MIN_MINUTES, Contact, Note, TimeEntry
from familieplan.partners.models import Partner
from familieplan.partners.scope import scope_for
from familieplan.partners.topics import topic_values
from familieplan.plans.models import Goal, Measure

#: How far in the future a contact may lie, for clocks that are a little off.
CLOCK_SKEW = timedelta(minutes=5)


def _ids(objects: Iterable) -> set:
    return {o.pk for o in objects}


def _check_minutes(minutes: int, errors: dict, *, too_long: str) -> None:
    if minutes is None or minutes < MIN_MINUTES:
        errors["minutes"] = _("Varigheten må være minst 1 minutt.")
    elif minutes > MAX_MINUTES:
        errors["minutes"] = too_long


def author_role_for(user, family: Family) -> str:
    """The role `user` writes in for `family`: coordinator when they coordinate it, team lead
    when they lead its unit or municipality, coordinator when they work in its unit. Anyone
    else has no part in the family's record (PermissionDenied)."""
    if family.is_coordinated_by(user):
        return Role.COORDINATOR
    memberships = [
        m for m in user.active_memberships if m.municipality_id == family.municipality_id
    ]
    if any(m.role == Role.TEAM_LEAD and m.unit_id in (None, family.unit_id) for m in memberships):
        return Role.TEAM_LEAD
    if any(m.role == Role.COORDINATOR and m.unit_id == family.unit_id for m in memberships):
        return Role.COORDINATOR
    raise PermissionDenied("No staff role for this family.")


@transaction.atomic
def contact_record(
    *,
    family: Family,
    by,
    at: datetime,
    kind: str,
    minutes: int,
    summary: str,
    members: Iterable[Member] = (),
    partners: Iterable[Partner] = (),
    goals: Iterable[Goal] = (),
    measures: Iterable[Measure] = (),
) -> Contact:
    """Record a contact that has taken place, and move the family's last activity forward."""
    members, partners, goals, measures = (list(x) for x in (members, partners, goals, measures))
    summary = (summary or "").strip()
    errors: dict[str, str] = {}
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at is None:
        errors["at"] = _("Oppgi når kontakten var.")
    elif at > timezone.now() + CLOCK_SKEW:
        errors["at"] = _("En kontakt kan ikke være fram i tid.")
    if kind not in Contact.Kind.values:
        errors["kind"] = _("Velg hva slags kontakt det var.")
    _check_minutes(minutes, errors, too_long=_("En kontakt kan ikke vare mer enn 24 timer."))
    if not summary:
        errors["summary"] = _("Skriv et kort sammendrag av kontakten.")
    if any(m.family_id != family.pk for m in members):
        errors["members"] = _("Alle som deltok, må høre til denne familien.")
    partner_ids = _ids(partners)
    if partner_ids and Partner.objects.available_in(family.municipality_id).filter(
        pk__in=partner_ids
    ).count() != len(partner_ids):
        errors["partners"] = _("Tjenesten finnes ikke i denne kommunen.")
    elif kind == Contact.Kind.SERVICE_MEETING and not partner_ids:
        errors["partners"] = _("Velg hvilken tjeneste møtet var med.")
    goal_ids, measure_ids = _ids(goals), _ids(measures)
    if goal_ids and Goal.objects.filter(pk__in=goal_ids, plan__family=family).count() != len(
        goal_ids
    ):
        errors["goals"] = _("Målet hører ikke til familiens plan.")
    if measure_ids and Measure.objects.filter(
        pk__in=measure_ids, goal__plan__family=family
    ).count() != len(measure_ids):
        errors["measures"] = _("Tiltaket hører ikke til familiens plan.")
    if errors:
        raise ValidationError(errors)

    contact = Contact.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        at=at,
        kind=kind,
        minutes=minutes,
        summary=summary,
        recorded_by=by,
    )
    # A new contact has no links yet: add only what there is (no empty queries).
    for related, objects in (
        (contact.members, members),
        (contact.partners, partners),
        (contact.goals, goals),
        (contact.measures, measures),
    ):
        if objects:
            related.add(*objects)
    # One statement, so two contacts recorded at once cannot move it backwards.
    for field in ("last_activity_at", "last_contact_at"):
        Family.objects.filter(pk=family.pk).filter(
            Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": at})
        ).update(**{field: at})
        if getattr(family, field) is None or getattr(family, field) < at:
            setattr(family, field, at)
    return contact


def _check_note(
    *, family: Family, text: str, level: str, about: Member | None, errors: dict
) -> None:
    if not text:
        errors["text"] = _("Notatet kan ikke være tomt.")
    if level not in Note.Level.values:
        errors["level"] = _("Velg hvem som kan lese notatet.")
    if about is not None and about.family_id != family.pk:
        errors["about"] = _("Personen hører ikke til denne familien.")


@transaction.atomic
def note_write(
    *,
    family: Family,
    by,
    text: str,
    level: str,
    about: Member | None = None,
    contact: Contact | None = None,
    shared_with_partner: Partner | None = None,
    shared_topic: str = "",
) -> Note:
    """A new journal note about the family (or one person in it), perhaps from a contact.

    An ordinary note may be shared with one partner service under a consent topic; the
    service reads it while a consent about the person (or an adult, for a family-wide note)
    covers that topic (partners/scope.py).
    """
    text = (text or "").strip()
    errors: dict[str, str] = {}
    _check_note(family=family, text=text, level=level, about=about, errors=errors)
    if contact is not None and contact.family_id != family.pk:
        errors["contact"] = _("Kontakten hører til en annen familie.")
    if shared_with_partner is not None:
        scope = scope_for(family, {shared_with_partner.pk})
        if level != Note.Level.ORDINARY:
            errors["shared_with_partner"] = _("Bare vanlige notater kan deles med en tjeneste.")
        elif shared_topic not in topic_values():
            errors["shared_topic"] = _("Velg hvilket samtykketema notatet hører til.")
        elif not scope.allows(shared_topic, about.pk if about else None):
            errors["shared_with_partner"] = _(
                "Tjenesten har ikke gyldig samtykke til dette temaet for denne personen."
            )
    elif shared_topic:
        shared_topic = ""
    if errors:
        raise ValidationError(errors)
    return Note.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        about=about,
        level=level,
        text=text,
        author=by,
        author_role=author_role_for(by, family),
        contact=contact,
        shared_with_partner=shared_with_partner,
        shared_topic=shared_topic,
    )


@transaction.atomic
def note_correct(*, note: Note, by, text: str, reason: str, level: str | None = None) -> Note:
    """Correct `note` with a new note; the old text stays as history.

    The correction keeps the family, the person and the contact. Its level may be raised,
    never lowered. Only someone who may read the note corrects it, and a restricted note only
    someone writing in the same role (else its readers would lose the correction). A note is
    corrected once; to correct again, correct the correction.
    """
    note = (
        Note.objects.select_for_update(of=("self",))
        .select_related("family", "about")
        .get(pk=note.pk)
    )
    family = note.family
    if not note_readable_by(note=note, user=by):
        raise PermissionDenied("May not read the note it corrects.")
    role = author_role_for(by, family)
    level = level or note.level
    text, reason = (text or "").strip(), (reason or "").strip()
    errors: dict[str, str] = {}
    _check_note(family=family, text=text, level=level, about=None, errors=errors)
    if "level" not in errors and rules.is_lowered(old=note.level, new=level):
        errors["level"] = _("En rettelse kan ikke ha lavere skjerming enn notatet den retter.")
    if not reason:
        errors["reason"] = _("Skriv hvorfor notatet rettes.")
    if errors:
        raise ValidationError(errors)
    if note.corrections.exists():
        raise ValidationError(
            _("Notatet er allerede rettet. Rett den nyeste versjonen."), code="corrected"
        )
    if level == Note.Level.RESTRICTED and role != note.author_role:
        raise ValidationError(
            _("Et begrenset notat kan bare rettes av noen med samme rolle som den som skrev det."),
            code="role",
        )
    return Note.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        about=note.about,
        level=level,
        text=text,
        author=by,
        author_role=role,
        contact=note.contact,
        corrects=note,
        correction_reason=reason,
    )


def youth_age_in(municipality_id: int) -> int:
    """The programme's youth consent age (its default while nothing is configured)."""
    configured = (
        ProgrammeSettings.objects.filter(municipality_id=municipality_id)
        .values_list("youth_consent_age", flat=True)
        .first()
    )
    if configured is not None:
        return configured
    return ProgrammeSettings._meta.get_field("youth_consent_age").default


def reader_for(user, family: Family, *, today: date | None = None) -> rules.Reader:
    """The facts about `user` that `rules.can_read_note` needs for this family."""
    today = today or timezone.localdate()
    has_case_access = Family.objects.visible_to(user).filter(pk=family.pk).exists()
    is_team_lead = any(
        m.role == Role.TEAM_LEAD
        and m.municipality_id == family.municipality_id
        and m.unit_id in (None, family.unit_id)
        for m in user.active_memberships
    )
    member = Member.objects.filter(family=family, user=user).first()
    if member is not None and not member.in_household_on(today):
        member = None
    return rules.Reader(
        user_id=user.pk,
        has_case_access=has_case_access,
        is_team_lead=has_case_access and is_team_lead,
        coordinates_family=family.is_coordinated_by(user),
        member_id=member.pk if member else None,
        is_guardian=member is not None
        and member.role in (Member.Role.PARENT, Member.Role.GUARDIAN),
    )


def note_facts(
    note: Note, *, today: date | None = None, youth_age: int | None = None
) -> rules.NoteFacts:
    """The facts about `note` that `rules.can_read_note` needs (pass `youth_age` from
    `youth_age_in` when checking many notes of one municipality: one query instead of many)."""
    today = today or timezone.localdate()
    about = note.about
    if about is not None and youth_age is None:
        youth_age = youth_age_in(note.municipality_id)
    return rules.NoteFacts(
        level=note.level,
        author_id=note.author_id,
        author_role=note.author_role,
        about_member_id=note.about_id,
        about_is_young_child=about is not None and about.age_on(today) < youth_age,
    )


def note_readable_by(*, note: Note, user) -> bool:
    """May `user` read `note` today (rules.can_read_note with the facts from the database)?"""
    if not user.is_authenticated:
        return False
    return rules.can_read_note(note=note_facts(note), reader=reader_for(user, note.family))


@transaction.atomic
def time_record(
    *, family: Family, by, on: date, kind: str, minutes: int, note: str = ""
) -> TimeEntry:
    """Time `by` spent on the family on a day without a contact (travel, preparation …)."""
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if on is None:
        errors["on"] = _("Oppgi datoen.")
    elif on > timezone.localdate():
        errors["on"] = _("Datoen kan ikke være fram i tid.")
    if kind not in TimeEntry.Kind.values:
        errors["kind"] = _("Velg hva tiden gikk til.")
    _check_minutes(minutes, errors, too_long=_("Du kan ikke føre mer enn 24 timer på én dag."))
    if len(note) > TimeEntry._meta.get_field("note").max_length:
        errors["note"] = _("Merknaden kan ha høyst 500 tegn.")
    if errors:
        raise ValidationError(errors)
    return TimeEntry.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        user=by,
        on=on,
        kind=kind,
        minutes=minutes,
        note=note,
    )


@dataclass(frozen=True)
class TimeRow:
    """Minutes one person spent on one family in one month."""

    family_id: uuid.UUID
    month: date  # the first day of the month
    user_id: int
    contact_minutes: int
    other_minutes: int

    @property
    def total(self) -> int:
        return self.contact_minutes + self.other_minutes


def time_spent(*, families_qs, start: date, end: date) -> list[TimeRow]:
    """Minutes per family, month and person from `start` to `end` (both days included):
    contacts count for who recorded them, time entries for whom they are. Months and days
    are in the current time zone (Europe/Oslo), so a contact at 23:30 on the last day of a
    month counts in that month. Two queries, whatever the number of families."""
    tz = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.combine(start, time.min), tz)
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    month = TruncMonth("at", output_field=DateField(), tzinfo=tz)
    contacts = (
        Contact.objects.filter(family__in=families_qs.values("pk"), at__gte=since, at__lt=until)
        .annotate(month=month)
        .values_list("family_id", "month", "recorded_by_id")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    entries = (
        TimeEntry.objects.filter(family__in=families_qs.values("pk"), on__gte=start, on__lte=end)
        .annotate(month=TruncMonth("on"))
        .values_list("family_id", "month", "user_id")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    sums: dict[tuple, list[int]] = {}
    for family_id, first_day, user_id, minutes in contacts:
        sums.setdefault((family_id, first_day, user_id), [0, 0])[0] += minutes
    for family_id, first_day, user_id, minutes in entries:
        sums.setdefault((family_id, first_day, user_id), [0, 0])[1] += minutes
    return [
        TimeRow(family_id, first_day, user_id, contact, other)
        for (family_id, first_day, user_id), (contact, other) in sorted(
            sums.items(), key=lambda item: (str(item[0][0]), item[0][1], item[0][2])
        )
    ]

"""Workflows for the follow-up record: record a contact, write and correct notes, record time,
and sum the time spent per family, month and person.

Every write runs in one transaction; bad input raises a ValidationError (with the field as
key where there is one) and saves nothing. Access to the family is the caller's job (views go
through `families.access.access_family`); these functions only need the author's role.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from familieplan.families.models import Family, Member
from familieplan.journal import rules
from familieplan.journal.models import MAX_MINUTES, MIN_MINUTES, Contact, Note, TimeEntry
from familieplan.journal.queries import (
    author_role_for,
    note_readable_by,
)
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


#: A contact's summary made from a quick note: its first line, at most this long.
SUMMARY_LENGTH = 200


def summary_of(text: str) -> str:
    """The first line of `text`, cut at a word before `SUMMARY_LENGTH` characters (…)."""
    first = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    if len(first) <= SUMMARY_LENGTH:
        return first
    cut = first[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] or first[: SUMMARY_LENGTH - 1]
    return cut.rstrip(" ,.;:") + "…"


def quick_note_moment(on: date) -> datetime:
    """When a quick note's contact was: now for today; midday for an earlier day (the quick
    note asks for the day only)."""
    now = timezone.localtime()
    if on == now.date():
        return now
    return timezone.make_aware(datetime.combine(on, time(12, 0)), timezone.get_current_timezone())


@transaction.atomic
def quick_note_record(
    *,
    family: Family,
    by,
    day: date,
    kind: str,
    minutes: int,
    text: str,
    members: Iterable[Member] = (),
) -> Contact:
    """The quick note in one step: the contact (with the minutes spent, which the time
    overview counts as contact time), and its note at the ordinary level. Either both are
    saved or nothing is; every error comes at once, by field (`day`, `kind`, `minutes`,
    `members`, `text`). The contact's summary is the note's first line."""
    text = (text or "").strip()
    errors: dict[str, list] = {}
    if not text:
        errors["text"] = [_("Skriv notatet.")]
    if day is None:
        errors["day"] = [_("Oppgi datoen.")]
    elif day > timezone.localdate():
        errors["day"] = [_("Datoen kan ikke være fram i tid.")]
    # The contact's own checks too, so that every error comes at once; when there is any,
    # the ValidationError rolls the whole transaction back (nothing half-saved).
    try:
        contact = contact_record(
            family=family,
            by=by,
            at=timezone.now() if "day" in errors else quick_note_moment(day),
            kind=kind,
            minutes=minutes,
            summary=summary_of(text) or "–",
            members=members,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault({"at": "day"}.get(field, field), messages)
    if errors:
        raise ValidationError(errors)
    note_write(family=family, by=by, text=text, level=Note.Level.ORDINARY, contact=contact)
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

"""Reads of the follow-up record: the facts the note rule needs (who reads, what the note is),
whether a person may read a note, and the time spent per family, month and person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import DateField, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from familieplan.core.roles import Role
from familieplan.families.models import Family, Member, ProgrammeSettings
from familieplan.journal import rules
from familieplan.journal.models import Contact, Note, TimeEntry


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

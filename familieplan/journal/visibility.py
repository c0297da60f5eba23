"""Which notes and contacts a user sees, as querysets (pages, the timeline, search).

The same rule as `journal.rules.can_read_note`, written as a database filter so that lists and
search never load what the user may not read; `tests/journal/test_visibility.py` checks that
the two agree for every persona and level.

- Staff (coordinators, team leads) see the notes of families visible to them (decision 0003):
  ordinary and internal ones, and restricted ones they wrote, of families they lead, or — when
  written by a coordinator — of families they coordinate. Contacts follow the family.
- Partner users see only ordinary notes shared with their service, while a valid consent
  covers the note's topic for the person it is about (partners/scope.py); no contacts.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from familieplan.core.roles import Role
from familieplan.families.models import Family
from familieplan.journal import rules
from familieplan.journal.models import Contact, Note
from familieplan.partners.scope import PartnerScope


def _led(user) -> Q:
    """Families whose unit or municipality the user leads as team lead."""
    units = {m.unit_id for m in user.active_memberships if m.role == Role.TEAM_LEAD and m.unit_id}
    municipalities = {
        m.municipality_id
        for m in user.active_memberships
        if m.role == Role.TEAM_LEAD and m.unit_id is None
    }
    return Q(family__unit_id__in=units) | Q(family__municipality_id__in=municipalities)


def restricted_readable(user) -> Q:
    return Q(level=rules.RESTRICTED) & (
        Q(author=user)
        | _led(user)
        | Q(author_role=Role.COORDINATOR)
        & (Q(family__coordinator=user) | Q(family__co_coordinator=user))
    )


def staff_note_filter(user) -> Q:
    """The level part of the rule for staff (case access is the family filter)."""
    return Q(level__in=[rules.ORDINARY, rules.INTERNAL]) | restricted_readable(user)


def notes_for_staff(user, families: QuerySet[Family] | None = None) -> QuerySet[Note]:
    """Notes the user may read as staff, in `families` (default: all families visible)."""
    visible = Family.objects.visible_to(user)
    if families is not None:
        visible = visible.filter(pk__in=families.values("pk"))
    return Note.objects.filter(family__in=visible).filter(staff_note_filter(user))


def contacts_for_staff(user, families: QuerySet[Family] | None = None) -> QuerySet[Contact]:
    visible = Family.objects.visible_to(user)
    if families is not None:
        visible = visible.filter(pk__in=families.values("pk"))
    return Contact.objects.filter(family__in=visible)


def notes_for_partner(family: Family, scope: PartnerScope) -> list[Note]:
    """Ordinary notes shared with the partner's service, within today's consent scope."""
    shared = (
        Note.objects.current()
        .filter(
            family=family,
            level=rules.ORDINARY,
            shared_with_partner_id__in=scope.partner_ids,
        )
        .select_related("about")
        .order_by("-created_at")
    )
    return [n for n in shared if scope.allows(n.shared_topic, n.about_id)]

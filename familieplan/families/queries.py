"""Reads that forms and views ask before a change: whether an identity number is taken in the
municipality, who may coordinate a family, and whom a team lead leads."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from familieplan.accounts.models import Membership, User
from familieplan.core.roles import Role
from familieplan.families.models import (
    Family,
    Member,
)


def national_id_taken(*, municipality_id: int, number: str, exclude_pk=None) -> bool:
    taken = Member.objects.filter(municipality_id=municipality_id, national_id=number)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return bool(number) and taken.exists()


def eligible_coordinators(family: Family):
    """Staff who may coordinate this family: coordinators in the family's unit."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__active=True,
            memberships__role=Role.COORDINATOR,
            memberships__unit_id=family.unit_id,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


@dataclass(frozen=True)
class LeadScope:
    """What a team lead leads: their units, and whole municipalities where they lead without a
    unit (the same rule as `Family.objects.visible_to` for team leads)."""

    unit_ids: frozenset[int]
    municipality_ids: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.unit_ids or self.municipality_ids)

    def q(self, unit: str = "unit_id", municipality: str = "municipality_id") -> Q:
        """The scope as a filter on the fields named (a family's, a membership's)."""
        return Q(**{f"{unit}__in": self.unit_ids}) | Q(
            **{f"{municipality}__in": self.municipality_ids}
        )


def lead_scope(user) -> LeadScope:
    memberships = [m for m in user.active_memberships if m.role == Role.TEAM_LEAD]
    return LeadScope(
        unit_ids=frozenset(m.unit_id for m in memberships if m.unit_id is not None),
        municipality_ids=frozenset(m.municipality_id for m in memberships if m.unit_id is None),
    )


def led_families(user):
    """The families of the teams this user leads (none for someone who leads no team)."""
    scope = lead_scope(user)
    if not scope:
        return Family.objects.none()
    return Family.objects.visible_to(user).filter(scope.q())


def team_memberships(user):
    """The active coordinator memberships in the teams this user leads (with user and unit)."""
    scope = lead_scope(user)
    if not scope:
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            scope.q(), role=Role.COORDINATOR, active=True, user__is_active=True
        )
        .select_related("user", "unit")
        .order_by("user__first_name", "user__last_name", "user_id", "unit__name")
    )


def team_coordinators(user):
    """The coordinators a team lead may filter the caseload by and hand families over to or
    from: coordinators in the teams they lead, and anyone who still coordinates one of the
    teams' families (someone who has left the unit, until their families are handed over)."""
    scope = lead_scope(user)
    if not scope:
        return User.objects.none()
    members = Membership.objects.filter(
        scope.q(), role=Role.COORDINATOR, active=True, user__is_active=True
    ).values("user_id")
    coordinating = led_families(user).filter(coordinator__isnull=False).values("coordinator_id")
    return (
        User.objects.filter(Q(pk__in=members) | Q(pk__in=coordinating))
        .order_by("first_name", "last_name", "pk")
        .distinct()
    )

"""Access helpers for family data. Views use these, never `Family.objects.get()`."""

from __future__ import annotations

from django.http import HttpRequest

from familieplan.core.access import Subject, fetch_protected
from familieplan.core.roles import Role
from familieplan.families.models import Family


def can_write_family(user, family: Family) -> bool:
    """The family's coordinators, team leads of its unit or municipality, and — while no
    coordinator is assigned (intake) — any coordinator of its unit may change it."""
    if family.is_coordinated_by(user):
        return True
    if family.coordinator_id is None and family.unit_id in user.unit_ids(Role.COORDINATOR):
        return True
    return any(
        m.role == Role.TEAM_LEAD
        and m.municipality_id == family.municipality_id
        and m.unit_id in (None, family.unit_id)
        for m in user.active_memberships
    )


def family_subject(family: Family) -> Subject:
    return Subject(municipality_id=family.municipality_id, family_id=family.pk)


def access_family(
    request: HttpRequest, family_id, *, write: bool = False, action: str | None = None
) -> Family:
    """The family `family_id` for this user, or 404 (may not know it) / 403 (read-only)."""
    return fetch_protected(
        request,
        visible=Family.objects.visible_to(request.user).select_related(
            "unit", "coordinator", "co_coordinator"
        ),
        pk=family_id,
        write=write,
        can_write=can_write_family,
        subject_of=family_subject,
        action=action,
    )


def units_for_new_families(user):
    """Units where the user may register a referral: their coordinator/team-lead units."""
    from django.db.models import Q

    from familieplan.core.models import Unit

    lead_municipalities = {
        m.municipality_id
        for m in user.active_memberships
        if m.role == Role.TEAM_LEAD and m.unit_id is None
    }
    return Unit.objects.filter(
        Q(pk__in=user.unit_ids(Role.COORDINATOR, Role.TEAM_LEAD))
        | Q(municipality_id__in=lead_municipalities)
    ).order_by("name")

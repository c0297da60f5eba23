"""Access helpers for family data. Views use these, never `Family.objects.get()`."""

from __future__ import annotations

from django.http import HttpRequest

from familieplan.core.access import Subject, fetch_protected
from familieplan.core.roles import Role
from familieplan.families.models import Family


def can_write_family(user, family: Family) -> bool:
    """The family's coordinators, and team leads of its unit, may change it."""
    return family.is_coordinated_by(user) or family.unit_id in user.unit_ids(Role.TEAM_LEAD)


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

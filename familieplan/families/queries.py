"""Reads that forms and views ask before a change: whether an identity number is taken in the
municipality, and who may coordinate a family."""

from __future__ import annotations

from familieplan.accounts.models import User
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

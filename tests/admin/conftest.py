"""Administrators of two municipalities, an account that works in both, and case data whose
names must never reach the admin."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from familieplan.accounts.models import Membership
from familieplan.core.roles import Role
from tests.factories import make_consent, make_member, make_partner, make_user

CASE_NAMES = ("Amina", "Warsame", "Familien Hansen", "Familien Ali", "Familien Berg")


@dataclass
class Admins:
    world: object
    admin_b: object  # the administrator of Fjordvik (municipality B)
    traveller: object  # a partner user with memberships in both municipalities
    family_user: object  # the family member's login, linked to Amina in Familien Hansen
    member: object
    partner: object  # a service with a consent about Amina


@pytest.fixture
def admins(world) -> Admins:
    admin_b = make_user(
        username="admin-b", role=Role.ADMINISTRATOR, municipality=world.muni_b, is_staff=True
    )
    traveller = make_user(username="reiser", role=Role.PARTNER, municipality=world.muni_a)
    Membership.objects.create(user=traveller, municipality=world.muni_b, role=Role.PARTNER)
    member = make_member(family=world.family_a, first_name="Amina", user=world.family_member)
    member.last_name = "Warsame"
    member.save(update_fields=["last_name"])
    partner = make_partner(
        municipality=world.muni_a, name="Barneverntjenesten Demo", kind="child_welfare"
    )
    make_consent(
        family=world.family_a, partner=partner, subject=member, recorded_by=world.coordinator
    )
    return Admins(
        world=world,
        admin_b=admin_b,
        traveller=traveller,
        family_user=world.family_member,
        member=member,
        partner=partner,
    )

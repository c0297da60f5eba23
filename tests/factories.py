"""Plain keyword-only factories: each test states what it depends on."""

from __future__ import annotations

from datetime import date
from itertools import count

from django.contrib.auth.hashers import make_password

from familieplan.accounts.models import Membership, User
from familieplan.core.models import Municipality, Unit
from familieplan.core.roles import Role
from familieplan.families.models import Family, Member
from familieplan.partners.models import Consent, Partner, PartnerStaff

_seq = count(1)
# Hash once: argon2 is slow by design, and tests create many users.
_PASSWORD = "correct horse battery"
_PASSWORD_HASH = make_password(_PASSWORD)
TEST_PASSWORD = _PASSWORD


def make_municipality(*, number: str | None = None, name: str | None = None) -> Municipality:
    n = next(_seq)
    return Municipality.objects.create(
        number=number or f"{9000 + n % 1000:04d}",
        name=name or f"Testkommune {n}",
        county="Testfylke",
    )


def make_unit(*, municipality: Municipality, name: str | None = None, kind=Unit.Kind.TEAM) -> Unit:
    return Unit.objects.create(
        municipality=municipality, name=name or f"Enhet {next(_seq)}", kind=kind
    )


def make_user(
    *,
    username: str | None = None,
    role: str | None = None,
    municipality: Municipality | None = None,
    unit: Unit | None = None,
    is_staff: bool = False,
    email: str = "",
) -> User:
    user = User.objects.create(
        username=username or f"user{next(_seq)}",
        password=_PASSWORD_HASH,
        is_staff=is_staff,
        email=email,
        first_name="Test",
        last_name="Bruker",
    )
    if role:
        municipality = municipality or (unit.municipality if unit else None)
        Membership.objects.create(user=user, municipality=municipality, unit=unit, role=role)
    return user


def make_family(
    *,
    unit: Unit,
    name: str = "Familien Test",
    coordinator: User | None = None,
    co_coordinator: User | None = None,
) -> Family:
    family = Family.objects.create(
        municipality=unit.municipality,
        unit=unit,
        name=name,
        coordinator=coordinator,
        co_coordinator=co_coordinator,
    )
    family.refresh_search_names()
    return family


def make_member(
    *,
    family: Family,
    role: str = Member.Role.PARENT,
    first_name: str = "Test",
    birth_date: date = date(1985, 5, 17),
    **extra,
) -> Member:
    member = Member.objects.create(
        municipality=family.municipality,
        family=family,
        role=role,
        first_name=first_name,
        last_name=family.name.removeprefix("Familien "),
        birth_date=birth_date,
        **extra,
    )
    family.refresh_search_names()
    return member


def make_partner(
    *,
    municipality: Municipality | None,
    name: str = "NAV Demo",
    kind: str = Partner.Kind.NAV_STATE,
    staff: User | None = None,
    **extra,
) -> Partner:
    """A partner service (municipality None: national); `staff` logs in for it."""
    partner = Partner.objects.create(municipality=municipality, name=name, kind=kind, **extra)
    if staff is not None:
        PartnerStaff.objects.create(user=staff, partner=partner)
    return partner


def make_consent(
    *,
    family: Family,
    partner: Partner,
    subject: Member,
    given_by: Member | None = None,
    topics: tuple[str, ...] = ("plan", "meetings"),
    valid_from: date | None = None,
    valid_until: date | None = None,
    recorded_by: User,
    decision: str = Consent.Decision.GIVEN,
) -> Consent:
    """A consent row as stored (the rules are tested through partners.services)."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    return Consent.objects.create(
        municipality=family.municipality,
        family=family,
        partner=partner,
        subject=subject,
        given_by=given_by or subject,
        decision=decision,
        topics=list(topics),
        purpose="Samarbeid om planen.",
        method=Consent.Method.WRITTEN,
        given_on=valid_from or today,
        valid_from=valid_from or today,
        valid_until=valid_until or today + timedelta(days=365),
        recorded_by=recorded_by,
    )


__all__ = [
    "TEST_PASSWORD",
    "Role",
    "make_consent",
    "make_family",
    "make_member",
    "make_municipality",
    "make_partner",
    "make_unit",
    "make_user",
]

"""The staff the benchmarks log in as, picked from the generated data.

Import only after `django.setup()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from familieplan.accounts.models import Membership, User
from familieplan.core.models import Municipality, Unit
from familieplan.core.roles import Role
from familieplan.families.models import Family, Member


@dataclass(frozen=True)
class Persona:
    label: str
    user: User
    visible: int  # families the user may see (scope "all")
    surname: str  # the commonest member surname in the persona's default list, to search for


def pick_personas() -> list[Persona]:
    """A coordinator with a typical caseload in the biggest unit, that unit's team lead, and
    a municipality-wide team lead (membership without a unit) in the biggest municipality."""
    unit = Unit.objects.annotate(n=Count("families")).order_by("-n", "pk").first()
    if unit is None:
        raise SystemExit("No units: generate data first (python -m benchmarks.generate).")
    coordinators = list(
        User.objects.filter(memberships__unit=unit, memberships__role=Role.COORDINATOR)
        .annotate(caseload=Count("coordinated_families"))
        .order_by("caseload", "pk")
    )
    if not coordinators:
        raise SystemExit(f"Unit {unit} has no coordinators.")
    coordinator = coordinators[len(coordinators) // 2]
    lead = (
        User.objects.filter(
            memberships__unit=unit, memberships__role=Role.TEAM_LEAD, memberships__active=True
        )
        .order_by("pk")
        .first()
    )
    if lead is None:
        raise SystemExit(f"Unit {unit} has no team lead.")
    return [
        _persona(f"coordinator ({coordinator.caseload} own families)", coordinator),
        _persona("team lead of the biggest unit", lead),
        _persona("team lead, whole municipality", _municipality_lead(unit.municipality)),
    ]


def _municipality_lead(municipality: Municipality) -> User:
    """The municipality's unit-less team lead; created if the data has none."""
    membership = (
        Membership.objects.filter(
            municipality=municipality, unit=None, role=Role.TEAM_LEAD, active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership:
        return membership.user
    user = User(username=f"bench-leder-{municipality.number}")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, municipality=municipality, role=Role.TEAM_LEAD)
    return user


def _persona(label: str, user: User) -> Persona:
    visible = Family.objects.visible_to(user)
    # The default list, as the view chooses it: team leads see all, coordinators their own.
    default = visible if Role.TEAM_LEAD in user.role_codes() else visible.coordinated_by(user)
    surname = (
        Member.objects.filter(family__in=default)
        .values_list("last_name", flat=True)
        .annotate(n=Count("pk"))
        .order_by("-n", "last_name")
        .first()
    )
    return Persona(label=label, user=user, visible=visible.count(), surname=surname or "")

"""Personas from DESIGN.md §4, built per test with the factories."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from familieplan.core.roles import Role
from tests.factories import make_family, make_municipality, make_unit, make_user


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in bokmål: a language left active by an earlier test on the same
    worker (a page visited in Arabic, a notice sent in English) must not leak into messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def reference_data(request):
    """The reference data migrations seed (the verified 2022 median), for every test that uses
    the database. A transactional test's flush removes it for whatever runs next on the same
    worker (pytest-xdist sends whole files in any order), so each test makes sure it is there.
    """
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    from decimal import Decimal

    from familieplan.families.models import ReferenceMedian

    ReferenceMedian.objects.get_or_create(
        year=2022,
        scale="eu",
        defaults={
            "amount": Decimal("445600"),
            "verified": True,
            "source": "SSB (seeded by families/migrations/0002)",
        },
    )


@dataclass
class World:
    """Two municipalities, the staff personas and one family per coordinator."""

    muni_a: object
    muni_b: object
    unit_a: object
    unit_a2: object
    unit_b: object
    coordinator: object
    colleague: object
    coordinator_b: object
    team_lead: object
    partner: object
    family_member: object
    researcher: object
    administrator: object
    privacy_officer: object
    privacy_officer_b: object
    family_a: object
    family_a_colleague: object
    family_a_other_unit: object
    family_b: object

    def users(self) -> dict[str, object]:
        return {
            "coordinator": self.coordinator,
            "coordinator_b": self.coordinator_b,
            "colleague": self.colleague,
            "team_lead": self.team_lead,
            "partner": self.partner,
            "family_member": self.family_member,
            "researcher": self.researcher,
            "administrator": self.administrator,
            "privacy_officer": self.privacy_officer,
        }


@pytest.fixture
def world(db) -> World:
    muni_a = make_municipality(number="9901", name="Demo kommune")
    muni_b = make_municipality(number="9902", name="Fjordvik kommune")
    unit_a = make_unit(municipality=muni_a, name="Familiesenteret")
    unit_a2 = make_unit(municipality=muni_a, name="NAV Demo")
    unit_b = make_unit(municipality=muni_b, name="Familieteamet")
    coordinator = make_user(username="koordinator", role=Role.COORDINATOR, unit=unit_a)
    colleague = make_user(username="koordinator2", role=Role.COORDINATOR, unit=unit_a)
    coordinator_b = make_user(username="koordinator-b", role=Role.COORDINATOR, unit=unit_b)
    team_lead = make_user(username="leder", role=Role.TEAM_LEAD, unit=unit_a)
    return World(
        muni_a=muni_a,
        muni_b=muni_b,
        unit_a=unit_a,
        unit_a2=unit_a2,
        unit_b=unit_b,
        coordinator=coordinator,
        colleague=colleague,
        coordinator_b=coordinator_b,
        team_lead=team_lead,
        partner=make_user(username="partner", role=Role.PARTNER, municipality=muni_a),
        family_member=make_user(username="forelder", role=Role.FAMILY_MEMBER, municipality=muni_a),
        researcher=make_user(username="forsker", role=Role.RESEARCHER, municipality=muni_a),
        administrator=make_user(
            username="admin", role=Role.ADMINISTRATOR, municipality=muni_a, is_staff=True
        ),
        privacy_officer=make_user(
            username="personvern", role=Role.PRIVACY_OFFICER, municipality=muni_a
        ),
        privacy_officer_b=make_user(
            username="personvern-b", role=Role.PRIVACY_OFFICER, municipality=muni_b
        ),
        family_a=make_family(unit=unit_a, name="Familien Hansen", coordinator=coordinator),
        family_a_colleague=make_family(unit=unit_a, name="Familien Ali", coordinator=colleague),
        family_a_other_unit=make_family(unit=unit_a2, name="Familien Berg"),
        family_b=make_family(unit=unit_b, name="Familien Olsen", coordinator=coordinator_b),
    )

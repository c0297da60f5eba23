"""A family with a plan, a school that its staff logs in for, and a clinic without consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from familieplan.core.roles import Role
from familieplan.families.models import Domain, Enrolment, ProgrammeSettings
from familieplan.plans import services as plan_services
from tests.factories import make_member, make_partner, make_user


@dataclass
class Shared:
    world: object
    family: object
    mother: object
    child: object
    youth: object
    school: object
    clinic: object
    clinic_user: object
    family_goal: object
    child_goal: object
    youth_goal: object
    family_measure: object
    child_measure: object
    youth_measure: object


@pytest.fixture
def shared(world) -> Shared:
    family = world.family_a
    ProgrammeSettings.for_municipality(world.muni_a)
    today = timezone.localdate()
    Enrolment.objects.create(
        municipality=world.muni_a,
        family=family,
        status="active",
        started_on=today - timedelta(days=100),
        planned_end=today + timedelta(days=1500),
    )
    mother = make_member(family=family, first_name="Mona", birth_date=date(1985, 5, 17))
    child = make_member(
        family=family,
        role="child",
        first_name="Ella",
        birth_date=today.replace(year=today.year - 9) - timedelta(days=3),
    )
    youth = make_member(
        family=family,
        role="youth",
        first_name="Ola",
        birth_date=today.replace(year=today.year - 16) - timedelta(days=3),
    )
    school = make_partner(
        municipality=world.muni_a, name="Lunde skole", kind="school", staff=world.partner
    )
    clinic_user = make_user(username="partner2", role=Role.PARTNER, municipality=world.muni_a)
    clinic = make_partner(
        municipality=world.muni_a, name="Helsestasjonen", kind="health_clinic", staff=clinic_user
    )
    plan = plan_services.plan_create(
        family=family,
        by=world.coordinator,
        period_start=today - timedelta(days=90),
        period_end=today + timedelta(days=1000),
    )
    school_domain = Domain.objects.get(municipality=world.muni_a, code="school")
    goals, measures = [], []
    for member, words in ((None, "Barna trives"), (child, "Lese bedre"), (youth, "Fullføre")):
        goal = plan_services.goal_add(
            plan=plan, by=world.coordinator, domain=school_domain, member=member, own_words=words
        )
        goals.append(goal)
        measures.append(
            plan_services.measure_add(
                goal=goal,
                by=world.coordinator,
                what=f"Skolen: {words}",
                responsible_kind="service",
                responsible_partner=school,
                due_on=today + timedelta(days=30),
            )
        )
    return Shared(
        world, family, mother, child, youth, school, clinic, clinic_user, *goals, *measures
    )

"""The partner tests' family (mother, child of 9, youth of 16), enrolled 100 days ago, with its
mapping schedule in step: the intake mapping is due on the start date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from familieplan.families.models import Enrolment, Family
from familieplan.mapping import services
from familieplan.mapping.models import Instrument
from tests.factories import make_family, make_member
from tests.partners.conftest import shared  # noqa: F401


@pytest.fixture
def enrolled(shared):  # noqa: F811
    family = shared.family
    family.stage = Family.Stage.ACTIVE
    family.save(update_fields=["stage"])
    services.refresh_schedule(family)
    family.refresh_from_db()
    return shared


def instrument(key: str) -> Instrument:
    return Instrument.objects.filter(key=key).order_by("-version").first()


WHO5 = {"q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 3}


def who5_families(world, n, *, unit=None):
    """`n` families of the coordinator, each with an intake and a year-1 WHO-5 (40 → 80)."""
    levels = (dict.fromkeys(WHO5, 2), dict.fromkeys(WHO5, 4))
    for i in range(n):
        mapped_family(world, f"Familien Tall{i}", {"who5": levels}, unit=unit)


def mapped_family(world, name, answers, *, unit=None, adults=1, started_days_ago=400):
    """A family of the coordinator enrolled `started_days_ago` days ago, with an intake and a
    year-1 mapping completed through the services. `answers` maps an instrument key to a
    pair (intake, year 1) of answers, or of one list of answers per adult."""
    today = timezone.localdate()
    family = make_family(unit=unit or world.unit_a, name=name, coordinator=world.coordinator)
    family.stage = Family.Stage.ACTIVE
    family.save(update_fields=["stage"])
    started = today - timedelta(days=started_days_ago)
    Enrolment.objects.create(
        municipality=family.municipality,
        family=family,
        status="active",
        started_on=started,
        planned_end=started + timedelta(days=1800),
    )
    people = [make_member(family=family, first_name=f"Voksen{i}") for i in range(adults)]
    held = (("intake", 0, started), ("yearly", 1, today - timedelta(days=30)))
    for index, (occasion, number, held_on) in enumerate(held):
        assessment = services.assessment_start(
            family=family, by=world.coordinator, occasion=occasion, number=number, held_on=held_on
        )
        for key, pair in answers.items():
            given = pair[index] if isinstance(pair[index], list) else [pair[index]] * adults
            for adult, adult_answers in zip(people, given, strict=True):
                services.response_save(
                    assessment=assessment,
                    instrument=instrument(key),
                    member=adult,
                    answered_by="self",
                    answers=adult_answers,
                    final=True,
                    by=world.coordinator,
                )
        services.assessment_complete(assessment=assessment, by=world.coordinator)
    return family

"""The partner tests' family (mother, child of 9, youth of 16), enrolled 100 days ago, with its
mapping schedule in step: the intake mapping is due on the start date."""

from __future__ import annotations

import pytest

from familieplan.families.models import Family
from familieplan.mapping import services
from familieplan.mapping.models import Instrument
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

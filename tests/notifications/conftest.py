"""The partner tests' family (tests/partners) with a co-coordinator, email addresses for both
coordinators, the family's logins (tests/portal), and the real SMTP server and worker."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from familieplan.core.roles import Role
from familieplan.families import services as family_services
from tests.factories import make_user
from tests.outbox.conftest import run_worker, smtp_server  # noqa: F401
from tests.partners.conftest import shared  # noqa: F401
from tests.portal.conftest import portal  # noqa: F401


@dataclass
class Team:
    shared: object
    coordinator: object
    co: object
    colleague: object
    lead: object

    @property
    def family(self):
        return self.shared.family


@pytest.fixture
def team(shared):  # noqa: F811
    world = shared.world
    co = make_user(
        username="medkoordinator",
        role=Role.COORDINATOR,
        unit=world.unit_a,
        email="med@kommune.example",
    )
    world.coordinator.email = "koordinator@kommune.example"
    world.coordinator.save(update_fields=["email"])
    world.colleague.email = "kollega@kommune.example"
    world.colleague.save(update_fields=["email"])
    family_services.family_assign_coordinator(
        family=shared.family, coordinator=co, kind="co", by=world.team_lead, on=timezone.localdate()
    )
    shared.family.refresh_from_db()
    return Team(shared, world.coordinator, co, world.colleague, world.team_lead)

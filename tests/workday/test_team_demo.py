"""The demo team lead's team page has something to show: four coordinators with families,
hand-overs with their reasons in the families' history."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from familieplan.accounts.models import User
from familieplan.families.models import CoordinatorAssignment
from familieplan.workday.team_demo import REASONS


@pytest.mark.django_db
def test_the_demo_team_has_several_coordinators_with_families(client):
    call_command("load_demo", families=24)
    client.force_login(User.objects.get(username="leder"))
    overview = client.get("/day/team/").context["overview"]
    busy = [row for row in overview.rows if row.coordinator_id and row.total]
    assert len(busy) >= 4
    assert all(row.in_team for row in busy)
    assert sum(cell.n for cell in overview.totals.stages) >= 12
    assert any(row.needs for row in busy)
    assert CoordinatorAssignment.objects.filter(note__in=REASONS, ended_on=None).exists()

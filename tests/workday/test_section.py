"""Who gets "I dag", what the page costs, and what it writes to the access log."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from familieplan.core.models import AccessLog
from familieplan.families.models import Family
from tests.factories import make_family
from tests.workday.helpers import blocks, client_for, things


@pytest.mark.parametrize(
    "persona", ["partner", "family_member", "researcher", "administrator", "privacy_officer"]
)
def test_no_day_for_anyone_but_coordinators_and_team_leads(world, wednesday, persona):
    client = client_for(getattr(world, persona))
    response = client.get("/")
    if persona == "family_member":  # their start page is the family's own
        assert response.status_code == 302 and response["Location"] == "/family/"
        return
    assert response.status_code == 200
    assert "today-heading" not in response.content.decode()
    assert blocks(client) == {}


@pytest.mark.parametrize("persona", ["coordinator", "team_lead"])
def test_coordinators_and_team_leads_get_the_day(world, wednesday, persona):
    page = client_for(getattr(world, persona)).get("/").content.decode()
    assert '<h2 id="today-heading"' in page
    assert page.index("today-heading") < page.index("roles-heading")


def _queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def _families(world, n: int) -> None:
    for i in range(n):
        family = make_family(
            unit=world.unit_a, name=f"Familien Nr{i:03}", coordinator=world.coordinator
        )
        things(family, world.coordinator)
    for i in range(n * 3):  # and families with nothing to show
        make_family(unit=world.unit_a, name=f"Familien Tom{i:03}", coordinator=world.coordinator)


def test_the_query_count_does_not_grow_with_the_families(world, wednesday):
    coordinator, lead = client_for(world.coordinator), client_for(world.team_lead)
    _families(world, 1)
    few = len(_queries(coordinator)), len(_queries(lead))
    _families(world, 6)
    many = len(_queries(coordinator)), len(_queries(lead))
    assert few == many
    # And the blocks really are full: 8 lines of the 14 measures.
    got = blocks(coordinator)["measures"]
    assert len(got["lines"]) == 8 and got["total"] == 14


def test_the_families_shown_are_logged_in_one_insert(world, wednesday):
    mine = things(world.family_a, world.coordinator)
    things(world.family_a_colleague, world.colleague)
    client = client_for(world.coordinator)
    inserts = [sql for sql in _queries(client) if sql.startswith('INSERT INTO "core_accesslog"')]
    assert len(inserts) == 1
    logged = AccessLog.objects.filter(object_type="workday.today")
    assert list(logged.values_list("family_id", "municipality_id", "action", "user")) == [
        (mine.family.pk, world.muni_a.pk, AccessLog.Action.READ, world.coordinator.pk)
    ]
    client_for(world.team_lead).get("/")
    assert set(logged.filter(user=world.team_lead).values_list("family_id", flat=True)) == {
        world.family_a.pk,
        world.family_a_colleague.pk,
    }


def test_nothing_shown_nothing_logged(world, wednesday):
    Family.objects.update(stage=Family.Stage.REFERRED)
    client_for(world.coordinator).get("/")
    assert not AccessLog.objects.filter(object_type="workday.today").exists()

"""The caseload overview: scope, counters in one query, filters, sorting, paging, search."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familieplan.core.roles import Role
from familieplan.families import caseload
from familieplan.families.models import Family
from tests.factories import make_family, make_member, make_user


def names(response) -> list[str]:
    return re.findall(r'href="/families/[0-9a-f-]{36}/">([^<]+)</a>', response.content.decode())


def counter(response, key) -> int:
    match = re.search(
        rf'needs={key}"[^>]*><span class="counter__n">(\d+)</span>', response.content.decode()
    )
    return int(match.group(1))


@pytest.fixture
def stages(world):
    now = timezone.now()
    today = timezone.localdate()
    families = {
        "stale": make_family(
            unit=world.unit_a, name="Familien A-stale", coordinator=world.coordinator
        ),
        "fresh": make_family(
            unit=world.unit_a, name="Familien B-fresh", coordinator=world.coordinator
        ),
        "ending": make_family(
            unit=world.unit_a, name="Familien C-ending", coordinator=world.coordinator
        ),
        "referred": make_family(unit=world.unit_a, name="Familien D-referred"),
    }
    Family.objects.filter(pk=families["stale"].pk).update(
        # Activity (a plan change) 10 days ago, but the last contact 45 days ago.
        stage="active",
        last_activity_at=now - timedelta(days=10),
        last_contact_at=now - timedelta(days=45),
    )
    Family.objects.filter(pk=families["fresh"].pk).update(
        stage="active", last_activity_at=now - timedelta(days=2), last_contact_at=now
    )
    Family.objects.filter(pk=families["ending"].pk).update(
        stage="paused",
        last_activity_at=now,
        last_contact_at=now,
        planned_end=today + timedelta(days=30),
    )
    Family.objects.filter(pk=families["referred"].pk).update(stage="referred")
    return families


def test_coordinator_sees_own_families_by_default(client, world, stages):
    client.force_login(world.coordinator)
    response = client.get("/families/")
    assert names(response) == [
        "Familien A-stale",
        "Familien B-fresh",
        "Familien C-ending",
        "Familien Hansen",
    ]
    everyone = names(client.get("/families/", {"scope": "all"}))
    assert "Familien D-referred" in everyone and "Familien Ali" in everyone
    assert "Familien Olsen" not in everyone and "Familien Berg" not in everyone


def test_counters(client, world, stages):
    client.force_login(world.team_lead)
    response = client.get("/families/")
    assert counter(response, "no_contact") == 1
    assert counter(response, "ending_soon") == 1
    assert counter(response, "decision_pending") == 3  # Hansen, Ali (world) + D-referred
    assert names(client.get("/families/", {"needs": "no_contact"})) == ["Familien A-stale"]
    assert names(client.get("/families/", {"needs": "ending_soon"})) == ["Familien C-ending"]


def test_counters_are_one_query(world, stages):
    ctx = caseload.CaseloadContext(
        today=timezone.localdate(), now=timezone.now(), no_contact_days=30
    )
    with CaptureQueriesContext(connection) as queries:
        counts = caseload.count_needs(Family.objects.all(), ctx)
    assert len(queries) == 1
    assert {"no_contact", "decision_pending", "ending_soon"} <= set(counts)


def test_a_registered_counter_joins_the_same_query(world, stages):
    from django.db.models import Q

    from familieplan.core import extensions

    counter = caseload.Counter("paused_test", "Pause", lambda c: Q(stage="paused"))
    extensions.register(extensions.Extension(app="paused_test", counters=(counter,)))
    try:
        ctx = caseload.CaseloadContext(
            today=timezone.localdate(), now=timezone.now(), no_contact_days=30
        )
        with CaptureQueriesContext(connection) as queries:
            counts = caseload.count_needs(Family.objects.all(), ctx)
        assert len(queries) == 1 and counts["paused_test"] == 1
    finally:
        extensions.unregister("paused_test")


def test_filter_sort_and_search(client, world, stages):
    client.force_login(world.team_lead)
    assert names(client.get("/families/", {"stage": "paused"})) == ["Familien C-ending"]
    by_activity = names(client.get("/families/", {"sort": "-last_activity", "stage": "active"}))
    assert by_activity == ["Familien B-fresh", "Familien A-stale"]
    assert names(client.get("/families/", {"sort": "-name"}))[0] == "Familien Hansen"
    make_member(family=stages["fresh"], first_name="Zainab")
    assert names(client.get("/families/", {"q": "zain"})) == ["Familien B-fresh"]
    assert names(client.get("/families/", {"q": "referred"})) == ["Familien D-referred"]


def test_unknown_parameters_are_ignored_safely(client, world, stages):
    client.force_login(world.team_lead)
    response = client.get(
        "/families/", {"sort": "password", "stage": "x", "needs": "y", "page": "999"}
    )
    assert response.status_code == 200


def test_paging_keeps_filters(client, world):
    for i in range(30):
        make_family(unit=world.unit_a, name=f"Familien P{i:02d}")
    client.force_login(world.team_lead)
    first = client.get("/families/", {"q": "Familien P"})
    assert len(names(first)) == 25
    assert "q=Familien+P&amp;page=2" in first.content.decode()
    assert len(names(client.get("/families/", {"q": "Familien P", "page": 2}))) == 5


def test_team_lead_without_unit_sees_the_whole_municipality(client, world):
    lead = make_user(username="leder-kommune", role=Role.TEAM_LEAD, municipality=world.muni_a)
    client.force_login(lead)
    listed = names(client.get("/families/"))
    assert "Familien Berg" in listed and "Familien Hansen" in listed
    assert "Familien Olsen" not in listed


def test_query_count_does_not_grow_with_families(client, world):
    client.force_login(world.team_lead)
    client.get("/families/")
    with CaptureQueriesContext(connection) as small:
        client.get("/families/", {"sort": "planned_end"})
    for i in range(40):
        make_family(unit=world.unit_a, name=f"Familien Q{i:02d}", coordinator=world.coordinator)
    with CaptureQueriesContext(connection) as large:
        client.get("/families/", {"sort": "planned_end"})
    assert len(large) == len(small)

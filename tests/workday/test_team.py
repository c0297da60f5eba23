"""The team lead's view: families per coordinator (active, waiting, paused) and the caseload's
counters per coordinator, against hand-built data with a colleague in another unit and a
coordinator in another municipality who must not appear; the lead's scope (unit or whole
municipality); every number a link to the caseload that lists exactly those families."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familieplan.accounts.models import Membership
from familieplan.core.roles import Role
from familieplan.families.models import Family
from tests.factories import make_family, make_user


def family(unit, name, coordinator=None, *, stage="active", contact_days=None, ending=None):
    made = make_family(unit=unit, name=name, coordinator=coordinator)
    now = timezone.now()
    Family.objects.filter(pk=made.pk).update(
        stage=stage,
        last_contact_at=now - timedelta(days=contact_days) if contact_days is not None else None,
        planned_end=timezone.localdate() + timedelta(days=ending) if ending else None,
    )
    return made


@pytest.fixture
def team(world):
    """Unit A: the coordinator (2 active, 1 waiting, 1 paused ending soon; Hansen referred),
    the colleague (1 active; Ali referred), a family without a coordinator, and someone who
    left the unit with one family still theirs. Unit A2 (NAV Demo): its own coordinator.
    Municipality B: its coordinator and family (never seen from A)."""
    a, c = world.unit_a, world.coordinator
    family(a, "Familien A1", c, contact_days=45)
    family(a, "Familien A2", c, contact_days=1)
    family(a, "Familien A3", c, stage="waiting")
    family(a, "Familien A4", c, stage="paused", contact_days=2, ending=30)
    family(a, "Familien C1", world.colleague, contact_days=3)
    family(a, "Familien U1", stage="waiting")
    gone = make_user(username="sluttet", role=Role.COORDINATOR, unit=a)
    gone.first_name, gone.last_name = "Siv", "Sluttet"
    gone.save()
    family(a, "Familien G1", gone, contact_days=60)
    Membership.objects.filter(user=gone).update(active=False)
    nav = make_user(username="nav-koord", role=Role.COORDINATOR, unit=world.unit_a2)
    nav.first_name, nav.last_name = "Nina", "Nav"
    nav.save()
    family(world.unit_a2, "Familien N1", nav, contact_days=90)
    family(world.unit_b, "Familien B1", world.coordinator_b, contact_days=90)
    return {"gone": gone, "nav": nav}


def rows(response) -> dict[object, object]:
    """The team page's rows by coordinator id (None: the families without one)."""
    return {row.coordinator_id: row for row in response.context["overview"].rows}


def stages(row) -> tuple[int, int, int]:
    return tuple(cell.n for cell in row.stages)


def needs(row) -> dict[str, int]:
    return {need.key: need.n for need in row.needs}


def test_counts_per_coordinator_of_the_unit(client, world, team):
    client.force_login(world.team_lead)
    response = client.get("/day/team/")
    assert response.status_code == 200
    by_id = rows(response)
    coordinator = by_id[world.coordinator.pk]
    assert stages(coordinator) == (2, 1, 1)  # A1 A2 active, A3 waiting, A4 paused
    assert needs(coordinator) == {
        "no_contact": 1,  # A1: open and 45 days without contact (A3 waits: not open)
        "decision_pending": 1,  # Familien Hansen, referred
        "ending_soon": 1,  # A4
    }
    colleague = by_id[world.colleague.pk]
    assert stages(colleague) == (1, 0, 0)
    assert needs(colleague) == {"decision_pending": 1}  # Familien Ali, referred
    assert coordinator.units == "Familiesenteret"


def test_the_unit_leads_team_has_neither_another_unit_nor_another_municipality(client, world, team):
    client.force_login(world.team_lead)
    body = client.get("/day/team/").content.decode()
    assert "Nina Nav" not in body
    assert world.coordinator_b.username not in body
    overview = client.get("/day/team/").context["overview"]
    ids = {row.coordinator_id for row in overview.rows}
    assert team["nav"].pk not in ids and world.coordinator_b.pk not in ids
    # Totals: unit A's families only (A1, A2, C1 active; A3, U1 waiting; A4 paused; G1 active).
    assert tuple(cell.n for cell in overview.totals.stages) == (4, 2, 1)


def test_someone_who_left_still_shows_with_their_families_and_the_unowned_too(client, world, team):
    client.force_login(world.team_lead)
    response = client.get("/day/team/")
    by_id = rows(response)
    gone = by_id[team["gone"].pk]
    assert not gone.in_team and stages(gone) == (1, 0, 0) and needs(gone)["no_contact"] == 1
    assert "Ikke lenger koordinator i teamet" in response.content.decode()
    unowned = by_id[None]
    assert unowned.coordinator_id is None and stages(unowned) == (0, 1, 0)
    assert unowned.handover_url == ""


def test_a_whole_municipality_lead_sees_every_unit_but_not_another_municipality(
    client, world, team
):
    lead = make_user(username="kommuneleder", role=Role.TEAM_LEAD, municipality=world.muni_a)
    client.force_login(lead)
    overview = client.get("/day/team/").context["overview"]
    nav = next(row for row in overview.rows if row.coordinator_id == team["nav"].pk)
    assert nav.units == "NAV Demo" and stages(nav) == (1, 0, 0)
    assert world.coordinator_b.pk not in {row.coordinator_id for row in overview.rows}
    assert tuple(cell.n for cell in overview.totals.stages) == (5, 2, 1)


def test_a_coordinator_without_families_is_listed_with_zeros(client, world, team):
    quiet = make_user(username="ny-koord", role=Role.COORDINATOR, unit=world.unit_a)
    client.force_login(world.team_lead)
    overview = client.get("/day/team/").context["overview"]
    row = next(row for row in overview.rows if row.coordinator_id == quiet.pk)
    assert stages(row) == (0, 0, 0) and row.needs == []
    assert all(cell.url == "" for cell in row.stages)  # a 0 links nowhere


def test_every_number_links_to_the_caseload_with_exactly_those_families(client, world, team):
    client.force_login(world.team_lead)
    overview = client.get("/day/team/").context["overview"]
    checked = 0
    for row in overview.rows:
        for cell in row.stages:
            if cell.url:
                listed = client.get(cell.url).context["page"].paginator.count
                assert listed == cell.n, (row.name, cell.heading, cell.url)
                checked += 1
        for need in row.needs:
            listed = client.get(need.url).context["page"].paginator.count
            assert listed == need.n, (row.name, need.key, need.url)
            checked += 1
    assert checked >= 8
    body = client.get("/day/team/").content.decode()
    assert unescape(overview.rows[0].stages[0].url) in unescape(body)


def test_the_links_name_what_they_count(client, world, team):
    client.force_login(world.team_lead)
    body = client.get("/day/team/").content.decode()
    assert '<span class="ds-sr-only"> – Siv Sluttet, Aktive</span>' in body
    assert 'Overfør familier<span class="ds-sr-only"> – Siv Sluttet</span>' in body


def test_query_count_does_not_grow_with_families(client, world, team):
    client.force_login(world.team_lead)
    client.get("/day/team/")
    with CaptureQueriesContext(connection) as few:
        client.get("/day/team/")
    for i in range(40):
        coordinator = world.coordinator if i % 2 else world.colleague
        family(world.unit_a, f"Familien M{i:02d}", coordinator, contact_days=i)
    make_user(username="enda-en", role=Role.COORDINATOR, unit=world.unit_a)
    with CaptureQueriesContext(connection) as many:
        client.get("/day/team/")
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "persona", ["coordinator", "colleague", "coordinator_b", "privacy_officer", "researcher"]
)
def test_only_team_leads_open_the_team_page(client, world, persona):
    users = {**world.users(), "colleague": world.colleague}
    client.force_login(users[persona])
    assert client.get("/day/team/").status_code == 403


def test_team_leads_have_it_in_the_menu_and_others_do_not(client, world):
    client.force_login(world.team_lead)
    assert 'href="/day/team/"' in client.get("/families/").content.decode()
    client.force_login(world.coordinator)
    assert 'href="/day/team/"' not in client.get("/families/").content.decode()

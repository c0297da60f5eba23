"""Finding a family: name search over every member's names (kept in step when members change),
rows that tell two families with the same name apart, the links apps put on a row, and the
coordinator filter (a team lead's team, a coordinator's own; an id outside the scope filters
nothing and reveals nothing)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familieplan.core import extensions
from familieplan.core.roles import Role
from familieplan.families.models import Enrolment, Family
from tests.factories import make_family, make_member, make_unit, make_user


def names(response) -> list[str]:
    return re.findall(r'href="/families/[0-9a-f-]{36}/">([^<]+)</a>', response.content.decode())


def row_of(response, family) -> str:
    """The HTML of one family's row on the caseload."""
    body = response.content.decode()
    match = re.search(rf'<tr role="row" id="family-{family.pk}">(.*?)</tr>', body, re.S)
    assert match, f"no row for {family.name}"
    return match.group(1)


def enrol(family, started_on: date, stage: str = "active") -> None:
    Enrolment.objects.create(
        municipality=family.municipality, family=family, status=stage, started_on=started_on
    )
    Family.objects.filter(pk=family.pk).update(stage=stage)


# -- Search by any member's name ----------------------------------------------------------


def test_search_names_holds_every_members_first_and_last_name_upper_cased(world):
    family = world.family_a
    make_member(family=family, first_name="Kari")
    make_member(family=family, first_name="Sagal", role="child", birth_date=date(2016, 3, 1))
    family.refresh_from_db()
    assert family.search_names == "FAMILIEN HANSEN | KARI HANSEN | SAGAL HANSEN"


def _member_post(**fields) -> dict:
    return {
        "role": "child",
        "first_name": "Sagal",
        "last_name": "Warsame",
        "birth_date": "2016-06-02",
        "national_id": "",
        "languages": "",
        "phone": "",
        "email": "",
        "joined_on": "",
        "left_on": "",
        **fields,
    }


def test_a_child_added_on_the_family_page_is_found_by_first_name(client, world):
    client.force_login(world.coordinator)
    page = client.get(f"/families/{world.family_a.pk}/members/new/").content.decode()
    token = re.search(r'name="submit_token" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/families/{world.family_a.pk}/members/new/", _member_post(submit_token=token)
    )
    assert response.status_code == 302
    assert names(client.get("/families/", {"q": "sagal"})) == ["Familien Hansen"]
    assert names(client.get("/families/", {"q": "Warsame"})) == ["Familien Hansen"]


def test_a_renamed_member_is_found_by_the_new_name_only(client, world):
    child = make_member(family=world.family_a, first_name="Sagal", role="child")
    client.force_login(world.coordinator)
    page = client.get(f"/families/{world.family_a.pk}/members/{child.pk}/").content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(
        f"/families/{world.family_a.pk}/members/{child.pk}/",
        _member_post(first_name="Nimco", last_name="Hansen", version=version),
    )
    assert response.status_code == 302
    assert names(client.get("/families/", {"q": "nimco"})) == ["Familien Hansen"]
    assert names(client.get("/families/", {"q": "sagal"})) == []


def test_every_word_must_match_in_any_order(client, world):
    make_member(family=world.family_a_colleague, first_name="Sara", role="child")
    other = make_family(unit=world.unit_a, name="Familien Sara")
    client.force_login(world.team_lead)
    assert names(client.get("/families/", {"q": "ali sara"})) == ["Familien Ali"]
    assert names(client.get("/families/", {"q": "Sara"})) == ["Familien Ali", other.name]


def test_search_never_leaves_the_readers_scope(client, world):
    make_member(family=world.family_b, first_name="Sagal")
    client.force_login(world.team_lead)
    assert names(client.get("/families/", {"q": "sagal"})) == []


# -- Rows that tell two families apart -----------------------------------------------------


@pytest.fixture
def twins(world):
    """Two «Familien Ali» in two units of municipality A, seen by a whole-municipality lead."""
    first = world.family_a_colleague
    second = make_family(unit=world.unit_a2, name="Familien Ali")
    for name, born in (("Amina", date(1984, 1, 1)), ("Yusuf", date(2012, 1, 1))):
        make_member(family=first, first_name=name, birth_date=born)
    for name, born in (
        ("Fatima", date(1980, 1, 1)),
        ("Omar", date(1979, 1, 1)),
        ("Sara", date(2010, 1, 1)),
        ("Adam", date(2013, 1, 1)),
        ("Zainab", date(2015, 1, 1)),
        ("Ibrahim", date(2019, 1, 1)),
    ):
        make_member(family=second, first_name=name, birth_date=born)
    make_member(
        family=second,
        first_name="Gone",
        birth_date=date(2000, 1, 1),
        joined_on=date(2000, 1, 1),
        left_on=timezone.localdate() - timedelta(days=3),
    )
    enrol(first, date(2024, 2, 1))
    enrol(second, date(2025, 9, 15), stage="waiting")
    lead = make_user(username="kommuneleder", role=Role.TEAM_LEAD, municipality=world.muni_a)
    return first, second, lead


def test_rows_show_first_names_unit_and_start(client, world, twins):
    first, second, lead = twins
    client.force_login(lead)
    response = client.get("/families/", {"q": "ali"})
    one, two = row_of(response, first), row_of(response, second)
    assert "Amina, Yusuf" in one and "Familiesenteret" in one and "01.02.2024" in one
    # Oldest first, at most four, then how many more; a member who moved out is not named.
    assert "Omar, Fatima, Sara, Adam +2" in two and "NAV Demo" in two and "15.09.2025" in two
    assert "Gone" not in two
    assert "–" in row_of(client.get("/families/"), world.family_a)  # not started


def test_rows_cost_the_same_queries_for_few_and_many_families(client, world):
    client.force_login(world.team_lead)
    client.get("/families/")

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/families/", {"sort": "name"}).status_code == 200
        return len(queries)

    few = page_queries()
    for i in range(30):
        family = make_family(unit=world.unit_a, name=f"Familien R{i:02d}")
        make_member(family=family, first_name="Eva")
        make_member(family=family, first_name="Ola", role="child", birth_date=date(2015, 1, 1))
        enrol(family, date(2025, 1, 1))
    assert page_queries() == few


def _offer(label, *, inline=True, shown=lambda family: True):
    """A test app's caseload link (the family page's address stands in for its page)."""
    link = extensions.FamilyLink(
        label, "families:detail", caseload=True, inline=inline, shown=shown
    )
    extensions.register(extensions.Extension(app="caseload_link_test", family_links=(link,)))


def _anchor(row: str, label: str) -> str:
    """The <a …> tag of the row's link named `label`."""
    match = re.search(rf"(<a [^>]*>){label}<span", row)
    assert match, f"no link {label}"
    return match.group(1)


def test_caseload_links_open_in_place_and_work_without_javascript(client, world):
    _offer("Testlenke inline", shown=lambda family: family.stage != "ended")
    Family.objects.filter(pk=world.family_a_colleague.pk).update(stage="ended")
    try:
        client.force_login(world.team_lead)
        response = client.get("/families/")
        row = row_of(response, world.family_a)
        url = f"/families/{world.family_a.pk}/"
        anchor = _anchor(row, "Testlenke inline")
        assert f'href="{url}" hx-get="{url}" hx-target="#inline-{world.family_a.pk}"' in anchor
        body = response.content.decode()
        assert f'id="inline-{world.family_a.pk}" class="caseload-inline"></td>' in body
        assert "Testlenke inline" not in row_of(response, world.family_a_colleague)  # shown()
    finally:
        extensions.unregister("caseload_link_test")


def test_a_plain_caseload_link_has_no_hx_get(client, world):
    _offer("Testlenke vanlig", inline=False)
    try:
        client.force_login(world.coordinator)
        row = row_of(client.get("/families/"), world.family_a)
        anchor = _anchor(row, "Testlenke vanlig")
        assert anchor == f'<a class="ds-link" href="/families/{world.family_a.pk}/">'
    finally:
        extensions.unregister("caseload_link_test")


# -- The coordinator filter ---------------------------------------------------------------


def test_a_team_lead_filters_by_coordinator(client, world):
    client.force_login(world.team_lead)
    page = client.get("/families/").content.decode()
    assert f'<option value="{world.coordinator.pk}">' in page
    assert f'<option value="{world.coordinator_b.pk}"' not in page  # another municipality
    assert names(client.get("/families/", {"coordinator": world.coordinator.pk})) == [
        "Familien Hansen"
    ]
    assert names(client.get("/families/", {"coordinator": world.colleague.pk})) == ["Familien Ali"]
    without = names(client.get("/families/", {"coordinator": "none"}))
    assert without == []  # Familien Berg has no coordinator, but is in another unit
    orphan = make_family(unit=world.unit_a, name="Familien Uten")
    assert names(client.get("/families/", {"coordinator": "none"})) == [orphan.name]


def test_an_id_outside_the_scope_filters_nothing_and_reveals_nothing(client, world):
    stranger = make_user(username="fremmed", role=Role.COORDINATOR, unit=world.unit_a2)
    stranger.first_name, stranger.last_name = "Hemmelig", "Navnesen"
    stranger.save()
    make_family(unit=world.unit_a2, name="Familien Skjult", coordinator=stranger)
    client.force_login(world.team_lead)
    everyone = names(client.get("/families/"))
    for value in (stranger.pk, world.coordinator_b.pk, 999999, "-1", "x" * 80, "1e3"):
        response = client.get("/families/", {"coordinator": value})
        assert response.status_code == 200
        assert names(response) == everyone
        assert "Hemmelig" not in response.content.decode()
        assert "Familien Skjult" not in response.content.decode()


def test_a_coordinator_filters_to_mine_and_cannot_pick_a_colleague(client, world):
    client.force_login(world.coordinator)
    assert 'name="coordinator"' not in client.get("/families/").content.decode()
    assert names(client.get("/families/", {"scope": "all", "coordinator": "mine"})) == [
        "Familien Hansen"
    ]
    both = names(client.get("/families/", {"scope": "all"}))
    assert names(client.get("/families/", {"scope": "all", "coordinator": world.colleague.pk})) == (
        both
    )


def test_a_whole_municipality_lead_sees_every_units_coordinators(client, world):
    nav = make_user(username="nav-koord", role=Role.COORDINATOR, unit=world.unit_a2)
    family = make_family(unit=world.unit_a2, name="Familien Nav", coordinator=nav)
    lead = make_user(username="kommuneleder", role=Role.TEAM_LEAD, municipality=world.muni_a)
    client.force_login(lead)
    assert names(client.get("/families/", {"coordinator": nav.pk})) == [family.name]
    client.force_login(world.team_lead)  # the unit's lead: another unit's coordinator
    assert family.name not in names(client.get("/families/", {"coordinator": nav.pk}))


def test_counters_follow_the_coordinator_filter(client, world):
    Family.objects.filter(pk=world.family_a.pk).update(stage="active")
    client.force_login(world.team_lead)
    body = client.get("/families/", {"coordinator": world.colleague.pk}).content.decode()
    link = re.search(
        r'coordinator=(\d+)&amp;needs=no_contact"[^>]*><span class="counter__n">(\d+)', body
    )
    assert link and link.group(1) == str(world.colleague.pk) and link.group(2) == "0"
    body = client.get("/families/", {"coordinator": world.coordinator.pk}).content.decode()
    assert re.search(r'needs=no_contact"[^>]*><span class="counter__n">1<', body)


def test_a_new_unit_of_the_municipality_stays_out_of_a_unit_leads_filter(client, world):
    unit = make_unit(municipality=world.muni_a, name="Ny enhet")
    newcomer = make_user(username="ny", role=Role.COORDINATOR, unit=unit)
    client.force_login(world.team_lead)
    assert f'value="{newcomer.pk}"' not in client.get("/families/").content.decode()


def test_the_quick_note_is_offered_only_where_the_reader_may_write(client, world):
    """A colleague's family, read-only for a coordinator: no «Hurtignotat» on its caseload row
    or its family page (the note's page would answer 403); their own family has it."""
    client.force_login(world.coordinator)
    response = client.get("/families/?scope=all")
    assert "Hurtignotat" in row_of(response, world.family_a)
    assert "Hurtignotat" not in row_of(response, world.family_a_colleague)
    assert "Hurtignotat" in client.get(f"/families/{world.family_a.pk}/").content.decode()
    page = client.get(f"/families/{world.family_a_colleague.pk}/")
    assert page.status_code == 200
    assert "Hurtignotat" not in page.content.decode()

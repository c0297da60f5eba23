"""The access log is append-only, the privacy officer can search it and page through all of
it, and every page that shows family data leaves one entry per family shown: lists, searches
and exports too, on every page; opening a form is a read, a saved change a change."""

import re
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from familieplan.core.models import AccessLog
from tests.partners.conftest import shared  # noqa: F401


def make_entry(**kw):
    values = {"username": "x", "object_type": "families.family", "action": "read"}
    values.update(kw)
    return AccessLog.objects.create(**values)


@pytest.mark.django_db
def test_model_refuses_update_and_delete():
    entry = make_entry()
    entry.username = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.django_db
def test_bulk_writes_append_and_nothing_else():
    """Lists log in one insert; the ORM's bulk paths cannot update or delete entries."""
    entries = AccessLog.objects.bulk_create([make_entry_unsaved(), make_entry_unsaved()])
    assert all(e.at is not None for e in AccessLog.objects.filter(pk__in=[e.pk for e in entries]))
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(username="x").update(username="changed")
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(username="x").delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.bulk_update(entries, ["username"])
    with pytest.raises(PermissionError):
        AccessLog.objects.bulk_create(
            [make_entry_unsaved()],
            update_conflicts=True,
            update_fields=["username"],
            unique_fields=["id"],
        )
    with pytest.raises(PermissionError):
        AccessLog.objects.update_or_create(id=entries[0].pk, defaults={"username": "changed"})
    assert set(AccessLog.objects.values_list("username", flat=True)) == {"x"}


def make_entry_unsaved(**kw):
    return AccessLog(**{"username": "x", "object_type": "families.family", "action": "read", **kw})


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_in_sql():
    entry = make_entry()
    for sql in (
        "UPDATE core_accesslog SET username = 'x2' WHERE id = %s",
        "DELETE FROM core_accesslog WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.id])
    with pytest.raises(DatabaseError), transaction.atomic():
        # Past the model's own refusal: the database refuses too.
        AccessLog._base_manager.filter(pk=entry.pk).update(username="x3")
    assert AccessLog.objects.get(pk=entry.pk).username == "x"


def test_privacy_officer_searches_by_family_user_and_period(client, world):
    client.force_login(world.coordinator)
    client.get(f"/families/{world.family_a.pk}/")
    client.get(f"/families/{world.family_a_colleague.pk}/")
    client.force_login(world.privacy_officer)
    page = client.get("/access-log/", {"family": str(world.family_a.pk)}).content.decode()
    assert str(world.family_a.pk) in page
    assert str(world.family_a_colleague.pk) not in page
    by_user = client.get("/access-log/", {"user": "koordinator"}).content.decode()
    assert str(world.family_a_colleague.pk) in by_user
    today = timezone.localdate()
    future = client.get("/access-log/", {"date_from": str(today + timedelta(days=1))})
    assert str(world.family_a.pk) not in future.content.decode()
    # The search itself is logged.
    assert AccessLog.objects.filter(username="personvern", action="search").exists()


def test_privacy_officer_sees_only_own_municipality(client, world):
    client.force_login(world.coordinator_b)
    client.get(f"/families/{world.family_b.pk}/")
    client.force_login(world.privacy_officer)
    page = client.get("/access-log/", {"user": "koordinator-b"}).content.decode()
    assert str(world.family_b.pk) not in page
    client.force_login(world.privacy_officer_b)
    page = client.get("/access-log/", {"user": "koordinator-b"}).content.decode()
    assert str(world.family_b.pk) in page


def test_bad_search_input_gets_a_message_in_norwegian(client, world):
    client.force_login(world.privacy_officer)
    response = client.get(
        "/access-log/", {"family": "123", "date_from": "2026-02-10", "date_to": "2026-02-01"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Skriv en gyldig familie-ID" in body
    assert "Til-datoen kan ikke være før fra-datoen." in body


@pytest.mark.parametrize("persona", ["coordinator", "team_lead", "administrator", "researcher"])
def test_other_roles_cannot_open_the_log(client, world, persona):
    client.force_login(world.users()[persona])
    assert client.get("/access-log/").status_code == 403


def test_roles_are_shown_by_name(client, world):
    client.force_login(world.coordinator)
    client.get(f"/families/{world.family_a.pk}/")
    client.force_login(world.privacy_officer)
    page = client.get("/access-log/", {"user": "koordinator"}).content.decode()
    assert "<td>Familiekoordinator</td>" in page


# --- Lists, searches and exports: one entry per family shown ---------------------------------


def family_rows(**filters):
    """(family, action, user) of the entries that name a family, for exact comparisons."""
    return sorted(
        (str(e.family_id), e.action, e.username)
        for e in AccessLog.objects.filter(family_id__isnull=False, **filters)
    )


def expected(families, action, user):
    return sorted((str(f.pk), action, user.username) for f in families)


@pytest.fixture
def three_with_notes(world):
    """Three families of the coordinator's with a note holding «husleie», one without."""
    from familieplan.journal import services as journal
    from tests.factories import make_family

    families = [
        world.family_a,
        make_family(unit=world.unit_a, name="Familien Dahl", coordinator=world.coordinator),
        make_family(unit=world.unit_a, name="Familien Eik", coordinator=world.coordinator),
    ]
    for family in families:
        journal.note_write(
            family=family, by=world.coordinator, level="ordinary", text="Snakket om husleie."
        )
        journal.note_write(
            family=family, by=world.coordinator, level="ordinary", text="Mer om husleie."
        )
    journal.note_write(
        family=world.family_a_colleague, by=world.colleague, level="ordinary", text="Annet."
    )
    return families


def test_a_journal_search_logs_each_family_it_shows(client, world, three_with_notes):
    client.force_login(world.coordinator)
    response = client.get("/journal/search/", {"q": "husleie"})
    assert response.status_code == 200
    assert family_rows() == expected(three_with_notes, "search", world.coordinator)
    entry = AccessLog.objects.get(family_id=world.family_a.pk)
    assert (entry.municipality_id, entry.object_type, entry.outcome) == (
        world.muni_a.pk,
        "journal.search",
        "allowed",
    )


def test_a_journal_search_without_hits_is_logged_once_under_the_municipality(client, world):
    client.force_login(world.coordinator)
    client.get("/journal/search/", {"q": "finnesikke"})
    entry = AccessLog.objects.get()
    assert (entry.action, entry.family_id, entry.municipality_id) == (
        "search",
        None,
        world.muni_a.pk,
    )


def test_a_caseload_name_search_logs_each_family_it_shows(client, world):
    client.force_login(world.team_lead)
    client.get("/families/", {"q": "hansen"})
    assert family_rows() == expected([world.family_a], "search", world.team_lead)


def test_the_caseload_list_logs_each_family_on_the_page(client, world):
    """Decision 0004: the plain list shows names and stages, so each family shown is a read,
    written in one insert; the next page logs the families on that page."""
    from tests.factories import make_family

    more = [
        make_family(unit=world.unit_a, name=f"Familien Q{i:02d}", coordinator=world.coordinator)
        for i in range(26)
    ]
    client.force_login(world.coordinator)
    client.get("/families/", {"sort": "name"})
    mine = sorted([world.family_a, *more], key=lambda f: f.name)
    assert family_rows() == expected(mine[:25], "read", world.coordinator)
    client.get("/families/", {"sort": "name", "page": "2"})
    assert family_rows(path="/families/") == expected(mine, "read", world.coordinator)


def test_the_caseload_writes_its_entries_in_one_query(client, world):
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.team_lead)
    with CaptureQueriesContext(connection) as queries:
        client.get("/families/")
    inserts = [q["sql"] for q in queries if 'INSERT INTO "core_accesslog"' in q["sql"]]
    assert len(inserts) == 1
    shown = [world.family_a, world.family_a_colleague]  # the team lead's unit
    assert family_rows() == expected(shown, "read", world.team_lead)


@pytest.fixture
def time_spent(world):
    from familieplan.journal import services as journal

    today = timezone.localdate()
    for family in (world.family_a, world.family_a_colleague):
        journal.time_record(
            family=family, by=world.team_lead, on=today, kind="preparation", minutes=30
        )
    return [world.family_a, world.family_a_colleague]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_time_export_logs_each_family_in_it(client, world, time_spent, fmt):
    client.force_login(world.team_lead)
    response = client.get("/journal/time/", {"format": fmt})
    assert response.status_code == 200
    assert family_rows() == expected(time_spent, "export", world.team_lead)


def test_the_time_overview_page_logs_each_family_it_shows(client, world, time_spent):
    client.force_login(world.team_lead)
    client.get("/journal/time/")
    assert family_rows() == expected(time_spent, "read", world.team_lead)


def test_the_partner_services_list_logs_each_family_it_shows(client, shared):  # noqa: F811
    from tests.factories import make_consent

    make_consent(
        family=shared.family,
        partner=shared.school,
        subject=shared.mother,
        recorded_by=shared.world.coordinator,
    )
    client.force_login(shared.world.partner)
    assert shared.family.name in client.get("/partner/").content.decode()
    assert family_rows() == expected([shared.family], "read", shared.world.partner)


# --- Opening a form is a read; a change is logged when it is made ------------------------------


@pytest.fixture
def member(world):
    from tests.factories import make_member

    return make_member(family=world.family_a, first_name="Kari")


def member_post(**overrides):
    return {
        "role": "parent",
        "first_name": "Kari",
        "last_name": "Hansen",
        "birth_date": "1985-01-01",
        "languages": "norsk",
        "version": "0",  # the version the form was made from (a new member's)
        **overrides,
    }


def test_opening_an_edit_form_is_logged_as_a_read(client, world, member):
    client.force_login(world.coordinator)
    assert client.get(f"/families/{world.family_a.pk}/members/{member.pk}/").status_code == 200
    assert family_rows() == expected([world.family_a], "read", world.coordinator)


def test_a_form_sent_back_with_errors_is_logged_as_a_read(client, world, member):
    client.force_login(world.coordinator)
    url = f"/families/{world.family_a.pk}/members/{member.pk}/"
    response = client.post(url, member_post(first_name=""))
    assert response.status_code == 200
    assert family_rows() == expected([world.family_a], "read", world.coordinator)


def test_a_saved_change_is_logged_as_a_change(client, world, member):
    client.force_login(world.coordinator)
    url = f"/families/{world.family_a.pk}/members/{member.pk}/"
    assert client.post(url, member_post(first_name="Kaja")).status_code == 302
    assert family_rows() == expected([world.family_a], "change", world.coordinator)


def test_opening_a_create_form_is_a_read_and_saving_it_a_create(client, world):
    client.force_login(world.coordinator)
    url = f"/journal/{world.family_a.pk}/notes/new/"
    assert client.get(url).status_code == 200
    assert family_rows() == expected([world.family_a], "read", world.coordinator)
    response = client.post(url, {"level": "ordinary", "text": "Et nytt notat."})
    assert response.status_code == 302
    assert [e.action for e in AccessLog.objects.order_by("id")] == ["read", "create"]


def test_a_read_only_colleague_opening_an_edit_form_is_refused_and_logged(client, world, member):
    client.force_login(world.colleague)
    url = f"/families/{world.family_a.pk}/members/{member.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, member_post()).status_code == 403
    assert [(e.action, e.outcome) for e in AccessLog.objects.order_by("id")] == [
        ("change", "read_only"),
        ("change", "read_only"),
    ]


# --- Paging: every entry can be reached ------------------------------------------------------


def test_the_privacy_officer_pages_through_every_entry(client, world):
    AccessLog.objects.bulk_create(
        AccessLog(
            username="koordinator",
            object_type="families.family",
            action="read",
            municipality=world.muni_a,
            family_id=world.family_a.pk,
            path=f"/entry/{n}/",
        )
        for n in range(1, 121)
    )
    client.force_login(world.privacy_officer)
    shown = set()
    for page in (1, 2, 3):
        body = client.get("/access-log/", {"family": str(world.family_a.pk), "page": page})
        shown |= {e.path for e in body.context["page"].object_list} - {"/access-log/"}
    assert shown == {f"/entry/{n}/" for n in range(1, 121)}


def test_the_family_pages_through_who_has_seen_its_data(client, world):
    """The family's "who has seen our data" showed the newest 100 and nothing older."""
    from tests.factories import make_member

    make_member(family=world.family_a, first_name="Mor", user=world.family_member)
    AccessLog.objects.bulk_create(
        AccessLog(
            user=world.coordinator,
            username="koordinator",
            role="coordinator",
            object_type="families.family",
            action="read",
            municipality=world.muni_a,
            family_id=world.family_a.pk,
            path=f"/families/{world.family_a.pk}/",
        )
        for _ in range(120)
    )
    client.force_login(world.family_member)
    cards = 'class="ds-card card-pad"'
    first = client.get("/family/access-log/").content.decode()
    assert first.count(cards) == 100
    assert "?page=2" in first
    second = client.get("/family/access-log/", {"page": "2"}).content.decode()
    assert second.count(cards) == 20
    assert "?page=1" in second and "?page=3" not in second


# --- The privacy officer finds a family by its name or a member's name ---------------------


@pytest.fixture
def two_alis(world):
    """Two «Familien Ali» in municipality A (told apart by first names and unit), one in B;
    each family read once by a coordinator."""
    from datetime import date

    from familieplan.core.roles import Role
    from tests.factories import make_family, make_member, make_user

    first = world.family_a_colleague
    make_member(family=first, first_name="Amina", birth_date=date(1984, 1, 1))
    make_member(family=first, first_name="Yusuf", role="child", birth_date=date(2014, 1, 1))
    second = make_family(unit=world.unit_a2, name="Familien Ali")
    make_member(family=second, first_name="Fatima", birth_date=date(1980, 1, 1))
    make_member(family=second, first_name="Sara", role="child", birth_date=date(2012, 1, 1))
    elsewhere = make_family(unit=world.unit_b, name="Familien Ali", coordinator=world.coordinator_b)
    make_member(family=elsewhere, first_name="Sara", role="child", birth_date=date(2013, 1, 1))
    lead = make_user(username="kommuneleder", role=Role.TEAM_LEAD, municipality=world.muni_a)
    from django.test import Client

    reader = Client()
    for user, family in (
        (world.colleague, first),
        (lead, second),
        (world.coordinator_b, elsewhere),
    ):
        reader.force_login(user)
        assert reader.get(f"/families/{family.pk}/").status_code == 200
    return first, second, elsewhere


def test_a_family_name_lists_the_families_to_choose_from(client, world, two_alis):
    first, second, elsewhere = two_alis
    client.force_login(world.privacy_officer)
    response = client.get("/access-log/", {"name": "ali"})
    body = response.content.decode()
    assert "Velg familien" in body
    assert "Amina, Yusuf" in body and "Familiesenteret" in body
    assert "Fatima, Sara" in body and "NAV Demo" in body
    assert str(elsewhere.pk) not in body  # another municipality's family is not found
    assert response.context["page"].paginator.count == 0  # nothing until one is chosen
    # The families listed are logged as shown by the officer's search.
    listed = AccessLog.objects.filter(username="personvern", object_type="core.accesslog")
    assert {(e.family_id, e.action) for e in listed} == {
        (first.pk, "search"),
        (second.pk, "search"),
    }


def test_the_chosen_family_shows_its_log_and_the_search_is_logged(client, world, two_alis):
    _first, second, _elsewhere = two_alis
    client.force_login(world.privacy_officer)
    body = client.get("/access-log/", {"name": "ali"}).content.decode()
    choose = re.search(rf'href="(\?[^"]*family={second.pk}[^"]*)"', body).group(1)
    response = client.get("/access-log/" + choose.replace("&amp;", "&"))
    body = response.content.decode()
    assert "Loggen for Familien Ali" in body and "Fatima, Sara" in body
    assert "Velg en annen familie" in body
    entries = list(response.context["page"].object_list)
    assert entries and {e.family_id for e in entries} == {second.pk}
    search = AccessLog.objects.filter(username="personvern", action="search").order_by("-id")[0]
    assert search.family_id == second.pk and search.municipality_id == world.muni_a.pk


def test_a_childs_first_name_finds_the_family_at_once(client, world, two_alis):
    first, _second, _elsewhere = two_alis
    client.force_login(world.privacy_officer)
    response = client.get("/access-log/", {"name": "yusuf"})
    body = response.content.decode()
    assert "Velg familien" not in body
    assert "Loggen for Familien Ali" in body and "Amina, Yusuf" in body
    assert {e.family_id for e in response.context["page"].object_list} == {first.pk}


def test_a_name_that_matches_no_family_says_so_and_is_logged(client, world, two_alis):
    client.force_login(world.privacy_officer)
    body = client.get("/access-log/", {"name": "Zzyzx"}).content.decode()
    assert "Ingen familie i kommunen har et navn som passer med søket." in body
    search = AccessLog.objects.get(username="personvern", action="search")
    assert search.family_id is None and search.municipality_id == world.muni_a.pk


def test_the_officer_of_the_other_municipality_finds_only_their_own(client, world, two_alis):
    _first, _second, elsewhere = two_alis
    client.force_login(world.privacy_officer_b)
    response = client.get("/access-log/", {"name": "sara"})
    assert {e.family_id for e in response.context["page"].object_list} == {elsewhere.pk}


@pytest.mark.parametrize("persona", ["coordinator", "team_lead", "administrator", "researcher"])
def test_no_other_role_searches_the_log_by_name(client, world, two_alis, persona):
    client.force_login(world.users()[persona])
    response = client.get("/access-log/", {"name": "ali"})
    assert response.status_code == 403
    assert not AccessLog.objects.filter(object_type="core.accesslog").exists()


def test_a_new_name_after_choosing_a_family_searches_anew(client, world, two_alis):
    """The chosen family rides in the list's links, never in the form: typing another name
    into the same form finds that family, not the log of the one chosen before."""
    first, _second, _elsewhere = two_alis
    client.force_login(world.privacy_officer)
    chosen = client.get("/access-log/", {"name": "ali", "family": str(first.pk)}).content.decode()
    assert 'name="family"' not in chosen
    other = client.get("/access-log/", {"name": "Fatima"}).content.decode()
    assert "Fatima" in other and "Yusuf" not in other

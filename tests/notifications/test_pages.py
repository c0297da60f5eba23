"""The bell, the list and the read marks, through HTTP: staff only, one's own notifications of
families one may still see, grouped per family, newest first, logged per family shown."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familieplan.core.models import AccessLog
from familieplan.notifications.models import Notification
from familieplan.notifications.services import notify
from tests.factories import make_family

K = Notification.Kind
pytestmark = pytest.mark.django_db
#: A page every persona has (the bell is in every page's header).
ANY_PAGE = "/accounts/settings/"


def _notify(family, user, kind=K.FAMILY_PROPOSAL, *, url=None, days_ago=0):
    url = url or f"/families/{family.pk}/"
    row = notify(family=family, kind=kind, url=url, recipients=[user])[0]
    if days_ago:
        Notification.objects.filter(pk=row.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
    return row


def _bell(html: str) -> str:
    match = re.search(r'<a class="ds-link bell"[^>]*>.*?</a>', html, re.S)
    return match.group(0) if match else ""


def test_the_bell_counts_unread_notifications_for_screen_readers_too(client, world):
    for kind in (K.FAMILY_PROPOSAL, K.PARTNER_COMMENT, K.MINUTES_RELEASED):
        _notify(world.family_a, world.coordinator, kind)
    Notification.objects.filter(kind=K.MINUTES_RELEASED).update(read_at=timezone.now())
    client.force_login(world.coordinator)
    bell = _bell(client.get(ANY_PAGE).content.decode())
    assert 'href="/notifications/"' in bell and "Varsler" in bell
    assert '<span class="ds-sr-only">(2 uleste varsler)</span>' in bell
    assert ">2</span>" in bell


def test_the_bell_asks_one_query(client, world):
    _notify(world.family_a, world.coordinator)
    client.force_login(world.coordinator)
    client.get(ANY_PAGE)  # the session and memberships are read on every page anyway
    with CaptureQueriesContext(connection) as queries:
        client.get(ANY_PAGE)
    bell = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(bell) == 1 and bell[0].startswith("SELECT COUNT")


def test_no_count_without_unread_and_no_bell_for_family_members_or_partners(client, world):
    client.force_login(world.team_lead)
    bell = _bell(client.get(ANY_PAGE).content.decode())
    assert bell and "uleste" not in bell
    for person in (world.family_member, world.partner, world.researcher, world.privacy_officer):
        client.force_login(person)
        response = client.get(ANY_PAGE)
        assert _bell(response.content.decode()) == ""
        assert client.get("/notifications/").status_code == 403


def test_the_list_groups_per_family_newest_first_and_marks_unread(client, world):
    second = make_family(unit=world.unit_a, name="Familien Dahl", coordinator=world.coordinator)
    _notify(world.family_a, world.coordinator, K.FAMILY_PROPOSAL, days_ago=3)
    _notify(second, world.coordinator, K.PARTNER_MEASURE, days_ago=2)
    read = _notify(world.family_a, world.coordinator, K.MINUTES_RELEASED, days_ago=1)
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    client.force_login(world.coordinator)
    html = client.get("/notifications/").content.decode()
    # Hansen (newest) first with both its notifications, then Dahl.
    hansen, dahl = html.index("Familien Hansen"), html.index("Familien Dahl")
    assert hansen < html.index("Referatet fra et møte er sendt ut.")
    assert html.index("Referatet fra et møte er sendt ut.") < html.index(
        "Familien har sendt et forslag til planen."
    )
    assert html.index("Familien har sendt et forslag til planen.") < dahl
    assert dahl < html.index("En samarbeidspartner har oppdatert status på et tiltak.")
    assert html.count("notification--unread") == 2
    assert 'href="/notifications/email/"' in html


def test_others_notifications_never_show_nor_open(client, world):
    theirs = _notify(world.family_b, world.coordinator_b)
    colleague = _notify(world.family_a, world.colleague)
    mine = make_family(unit=world.unit_a, name="Familien Dahl", coordinator=world.coordinator)
    _notify(mine, world.coordinator)
    client.force_login(world.coordinator)
    html = client.get("/notifications/").content.decode()
    assert "Familien Dahl" in html  # the list works: one's own shows
    assert "Familien Olsen" not in html and "Familien Hansen" not in html
    for row in (theirs, colleague):
        assert client.post(f"/notifications/{row.pk}/open/").status_code == 404
        assert client.post(f"/notifications/{row.pk}/read/").status_code == 404
    assert Notification.objects.filter(read_at__isnull=False).count() == 0
    # Family B's id in another municipality: not found, and logged under its municipality.
    assert client.post(f"/notifications/families/{world.family_b.pk}/read/").status_code == 404
    entry = AccessLog.objects.filter(family_id=world.family_b.pk).latest("id")
    assert entry.outcome == AccessLog.Outcome.NOT_FOUND
    assert entry.municipality_id == world.muni_b.pk


def test_a_family_the_user_can_no_longer_see_disappears(client, world):
    row = _notify(world.family_a, world.coordinator)
    client.force_login(world.coordinator)
    assert "Familien Hansen" in client.get("/notifications/").content.decode()
    world.family_a.unit = world.unit_a2  # moved to NAV Demo, where the coordinator has no role
    world.family_a.save(update_fields=["unit"])
    html = client.get("/notifications/").content.decode()
    assert "Familien Hansen" not in html and "Du har ingen varsler." in html
    assert "uleste" not in _bell(html)
    assert client.post(f"/notifications/{row.pk}/open/").status_code == 404


def test_only_the_last_90_days_are_shown(client, world):
    _notify(world.family_a, world.coordinator, K.HANDOVER, days_ago=91)
    _notify(world.family_a, world.coordinator, K.FAMILY_COMMENT, days_ago=89)
    client.force_login(world.coordinator)
    html = client.get("/notifications/").content.decode()
    assert "Familien har skrevet en kommentar." in html
    assert "Familien er overført til deg." not in html


def test_the_list_pages(client, world):
    for _ in range(31):
        _notify(world.family_a, world.coordinator)
    client.force_login(world.coordinator)
    first = client.get("/notifications/").content.decode()
    assert first.count('class="notification ') + first.count('class="notification"') == 30
    assert "Side 1 av 2" in first
    second = client.get("/notifications/?page=2").content.decode()
    assert second.count("notification--unread") == 1
    assert client.get("/notifications/?page=abc").status_code == 200


def test_opening_marks_read_and_goes_to_where_it_is_dealt_with(client, world):
    row = _notify(world.family_a, world.coordinator, url=f"/plans/{world.family_a.pk}/#measure-1")
    client.force_login(world.coordinator)
    response = client.post(f"/notifications/{row.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{world.family_a.pk}/#measure-1"
    row.refresh_from_db()
    assert row.read_at is not None
    assert client.get(f"/notifications/{row.pk}/open/").status_code == 405


@pytest.mark.parametrize(
    "stored", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_opening_never_leaves_the_site(client, world, stored):
    row = _notify(world.family_a, world.coordinator)
    Notification.objects.filter(pk=row.pk).update(url=stored)  # as if written by a bug
    client.force_login(world.coordinator)
    response = client.post(f"/notifications/{row.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert "evil" not in response["Location"]


def test_mark_one_all_and_a_familys_read(client, world):
    second = make_family(unit=world.unit_a, name="Familien Dahl", coordinator=world.coordinator)
    one = _notify(world.family_a, world.coordinator)
    _notify(world.family_a, world.coordinator, K.PARTNER_COMMENT)
    _notify(second, world.coordinator)
    _notify(second, world.coordinator, K.MINUTES_RELEASED)
    unread = Notification.objects.filter(read_at__isnull=True)
    client.force_login(world.coordinator)
    assert client.post(f"/notifications/{one.pk}/read/").status_code == 302
    assert unread.count() == 3
    response = client.post(f"/notifications/families/{world.family_a.pk}/read/?page=2")
    assert response["Location"] == "/notifications/?page=2"
    assert set(unread.values_list("family_id", flat=True)) == {second.pk}
    assert client.post("/notifications/read/").status_code == 302
    assert not unread.exists()
    first_read = Notification.objects.get(pk=one.pk).read_at
    client.post(f"/notifications/{one.pk}/read/")  # again: it stays read as it was
    assert Notification.objects.get(pk=one.pk).read_at == first_read


def test_marking_all_read_leaves_other_peoples_alone(client, world):
    _notify(world.family_a, world.coordinator)
    theirs = _notify(world.family_a, world.team_lead)
    client.force_login(world.coordinator)
    client.post("/notifications/read/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_logs_each_family_shown_once(client, world):
    second = make_family(unit=world.unit_a, name="Familien Dahl", coordinator=world.coordinator)
    _notify(world.family_a, world.coordinator)
    _notify(world.family_a, world.coordinator, K.PARTNER_COMMENT)
    _notify(second, world.coordinator)
    client.force_login(world.coordinator)
    before = AccessLog.objects.count()
    client.get("/notifications/")
    entries = AccessLog.objects.order_by("id")[before:]
    assert sorted(e.family_id for e in entries) == sorted([world.family_a.pk, second.pk])
    for entry in entries:
        assert entry.object_type == "notifications.notification"
        assert entry.action == AccessLog.Action.READ and entry.user == world.coordinator
        assert entry.path == "/notifications/"
        assert entry.municipality_id == world.muni_a.pk


def test_two_families_of_the_same_name_are_told_apart_by_their_members(client, world):
    from tests.factories import make_member

    first = make_family(unit=world.unit_a, name="Familien Ali", coordinator=world.coordinator)
    second = make_family(unit=world.unit_a, name="Familien Ali", coordinator=world.coordinator)
    make_member(family=first, first_name="Fatima")
    make_member(family=second, first_name="Yusuf")
    _notify(first, world.coordinator)
    _notify(second, world.coordinator)
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as two:
        html = client.get("/notifications/").content.decode()
    assert html.count("Familien Ali") >= 2
    assert "Fatima" in html and "Yusuf" in html
    for n in range(3):
        _notify(
            make_family(unit=world.unit_a, name=f"Familien N{n}", coordinator=world.coordinator),
            world.coordinator,
        )
    with CaptureQueriesContext(connection) as five:
        client.get("/notifications/")
    assert len(five) == len(two)  # the members in one query, whatever the families

"""The access log is append-only, and the privacy officer can search it."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from familieplan.core.models import AccessLog


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
        AccessLog.objects.filter(pk=entry.pk).update(username="x3")
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

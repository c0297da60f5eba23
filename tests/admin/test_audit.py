"""The administration audit log: append-only, names the administrator, scoped to the
municipality, read by its privacy officer and administrator."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction

from familieplan.accounts.models import AdminAuditEntry
from familieplan.core.admin_scoping import ScopedAdminBase
from tests.admin.forms import admin_form

pytestmark = pytest.mark.django_db

LOG = "/accounts/admin-log/"


def rename_unit(client, unit, name):
    url = f"/admin/core/unit/{unit.pk}/change/"
    data = admin_form(client, url, "unit_form")
    data["name"] = [name]
    assert client.post(url, data).status_code == 302


@pytest.fixture
def logged(client, admins):
    world = admins.world
    client.force_login(world.administrator)
    rename_unit(client, world.unit_a2, "NAV Demo sentrum")
    client.force_login(admins.admin_b)
    rename_unit(client, world.unit_b, "Familieteamet Fjordvik")
    client.logout()
    return admins


def test_the_log_is_append_only(logged):
    entry = AdminAuditEntry.objects.first()
    entry.object_repr = "something else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_the_log(logged):
    for sql in (
        "UPDATE accounts_adminauditentry SET actor_username = 'someone'",
        "DELETE FROM accounts_adminauditentry",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AdminAuditEntry.objects.count() == 2


def test_privacy_officer_reads_their_municipalitys_changes(client, logged):
    world = logged.world
    client.force_login(world.privacy_officer)
    body = client.get(LOG).content.decode()
    assert "NAV Demo sentrum" in body and "(admin)" in body
    assert "name: NAV Demo → NAV Demo sentrum" in body
    assert "Fjordvik" not in body and "admin-b" not in body
    body = client.get(LOG, {"user": "admin-b"}).content.decode()
    assert "NAV Demo sentrum" not in body


def test_administrator_reads_the_log_in_the_admin_but_cannot_change_it(client, logged):
    world = logged.world
    client.force_login(world.administrator)
    body = client.get(LOG).content.decode()
    assert "NAV Demo sentrum" in body and "Fjordvik" not in body
    listing = client.get("/admin/accounts/adminauditentry/").content.decode()
    assert "NAV Demo sentrum" in listing and "Fjordvik" not in listing
    own = AdminAuditEntry.objects.get(actor=world.administrator)
    other = AdminAuditEntry.objects.get(actor=logged.admin_b)
    assert client.get(f"/admin/accounts/adminauditentry/{own.pk}/change/").status_code == 200
    assert client.get(f"/admin/accounts/adminauditentry/{other.pk}/change/").status_code == 302
    assert client.get(f"/admin/accounts/adminauditentry/{own.pk}/delete/").status_code == 403
    assert client.get("/admin/accounts/adminauditentry/add/").status_code == 403


def test_the_log_is_closed_to_everyone_else(client, logged):
    world = logged.world
    for user in (world.coordinator, world.team_lead, world.partner, world.family_member):
        client.force_login(user)
        assert client.get(LOG).status_code == 403


def test_every_admin_of_the_project_hides_case_data_and_audits():
    """A ModelAdmin registered without the base would show names on its delete pages and
    change things unlogged."""
    ours = {
        model._meta.label: type(model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_config.name.startswith("familieplan.")
    }
    assert ours
    assert [label for label, cls in ours.items() if not issubclass(cls, ScopedAdminBase)] == []


def test_other_admins_are_closed_to_municipality_administrators(client, world):
    """Django's and libraries' admins (groups, task results) rely on model permissions, which
    municipality administrators never get."""
    from django.urls import reverse

    client.force_login(world.administrator)
    for model in admin.site._registry:
        if model._meta.app_config.name.startswith("familieplan."):
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(url).status_code == 403, url
    assert not world.administrator.user_permissions.exists()
    assert not world.administrator.groups.exists()

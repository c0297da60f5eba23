"""The administrator can still do their job: staff accounts with memberships, a link for a
new password, units, programme settings."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from familieplan.accounts.models import AdminAuditEntry, Membership, User
from familieplan.core.roles import Role
from familieplan.outbox.models import OutgoingEmail
from tests.admin.forms import admin_form

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"


def add_staff_account(client, world, **extra):
    data = admin_form(client, f"{USERS}add/", "user_form")
    assert "password1" not in data  # no password chosen for someone else
    data |= {
        "username": ["ny-koordinator"],
        "first_name": ["Nora"],
        "last_name": ["Nilsen"],
        "email": ["nora@example.no"],
        "memberships-TOTAL_FORMS": ["1"],
        "memberships-0-municipality": [str(world.muni_a.pk)],
        "memberships-0-unit": [str(world.unit_a.pk)],
        "memberships-0-role": [Role.COORDINATOR],
        "memberships-0-active": ["on"],
        "_save": ["Lagre"],
    }
    data |= extra
    return client.post(f"{USERS}add/", data)


def test_administrator_creates_a_staff_account_with_a_membership_and_a_link(client, world):
    client.force_login(world.administrator)
    response = add_staff_account(client, world)
    assert response.status_code == 302
    user = User.objects.get(username="ny-koordinator")
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    membership = user.memberships.get()
    assert (membership.municipality, membership.unit, membership.role) == (
        world.muni_a,
        world.unit_a,
        Role.COORDINATOR,
    )
    email = OutgoingEmail.objects.get(to="nora@example.no")
    assert email.municipality_id == world.muni_a.pk
    assert "ny-koordinator" in email.body
    link = re.search(r"http://\S+(/accounts/password/reset/\S+/\S+/)", email.body).group(1)
    # The person makes their own password from the link.
    client.logout()
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0]
    new = "a long passphrase of my own 9"
    assert client.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    entries = AdminAuditEntry.objects.filter(object_id=str(user.pk))
    assert {e.action for e in entries} == {"add", "reset_link"}
    assert {e.actor_username for e in entries} == {"admin"}
    added = entries.get(action="add")
    assert added.municipality_id == world.muni_a.pk
    assert any(
        c.get("added") == "medlemskap" and c["fields"]["role"][1] == "Familiekoordinator"
        for c in added.changes
    )


def test_a_new_account_needs_a_membership_and_an_address(client, world):
    client.force_login(world.administrator)
    response = add_staff_account(client, world, **{"memberships-TOTAL_FORMS": ["0"]})
    assert response.status_code == 200
    response = add_staff_account(client, world, email=[""])
    assert response.status_code == 200
    assert not User.objects.filter(username="ny-koordinator").exists()
    assert not OutgoingEmail.objects.exists()


def test_a_new_account_gets_no_role_above_the_administrators_station(client, world):
    client.force_login(world.administrator)
    response = add_staff_account(client, world, **{"memberships-0-role": [Role.ADMINISTRATOR]})
    assert response.status_code == 200
    assert not User.objects.filter(username="ny-koordinator").exists()


def test_administrator_gives_a_colleague_another_role_and_sees_it_logged(client, world):
    client.force_login(world.administrator)
    url = f"{USERS}{world.colleague.pk}/change/"
    data = admin_form(client, url, "user_form")
    n = int(data["memberships-TOTAL_FORMS"][0])
    data["memberships-TOTAL_FORMS"] = [str(n + 1)]
    data |= {
        f"memberships-{n}-municipality": [str(world.muni_a.pk)],
        f"memberships-{n}-unit": [str(world.unit_a2.pk)],
        f"memberships-{n}-role": [Role.TEAM_LEAD],
        f"memberships-{n}-active": ["on"],
        "last_name": ["Lie"],
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert world.colleague.memberships.filter(role=Role.TEAM_LEAD, unit=world.unit_a2).exists()
    entry = AdminAuditEntry.objects.get(action="change", object_id=str(world.colleague.pk))
    assert entry.actor == world.administrator and entry.actor_name == "Test Bruker"
    assert entry.municipality_id == world.muni_a.pk
    assert {"fields": {"last_name": ["Bruker", "Lie"]}} in entry.changes


def test_administrator_changes_a_membership(client, world):
    membership = world.colleague.memberships.get()
    client.force_login(world.administrator)
    url = f"/admin/accounts/membership/{membership.pk}/change/"
    data = admin_form(client, url, "membership_form")
    data["unit"] = [str(world.unit_a2.pk)]
    assert client.post(url, data).status_code == 302
    membership.refresh_from_db()
    assert membership.unit == world.unit_a2
    entry = AdminAuditEntry.objects.get(object_type="accounts.membership")
    assert entry.changes == [{"fields": {"unit": ["Familiesenteret", "NAV Demo"]}}]


def test_administrator_sends_a_link_for_a_new_password(client, world):
    colleague = world.colleague
    User.objects.filter(pk=colleague.pk).update(email="kollega@example.no")
    client.force_login(world.administrator)
    change = client.get(f"{USERS}{colleague.pk}/change/").content.decode()
    assert f"{USERS}{colleague.pk}/reset-link/" in change
    page = client.get(f"{USERS}{colleague.pk}/reset-link/")
    assert "kollega@example.no" in page.content.decode()
    assert client.post(f"{USERS}{colleague.pk}/reset-link/").status_code == 302
    email = OutgoingEmail.objects.get()
    assert email.to == "kollega@example.no" and email.topic == "password_reset_link"
    colleague.refresh_from_db()
    assert colleague.has_usable_password()  # nothing changed until the person acts
    entry = AdminAuditEntry.objects.get(action="reset_link")
    assert entry.actor_username == "admin" and entry.object_id == str(colleague.pk)
    assert entry.changes == [{"to": "kollega@example.no"}]
    assert not mail.outbox  # it goes through the outbox, with the administrator's work


def test_reset_link_action_skips_accounts_out_of_reach(client, admins):
    world = admins.world
    User.objects.filter(pk__in=[world.colleague.pk, admins.traveller.pk]).update(
        email="x@example.no"
    )
    client.force_login(world.administrator)
    response = client.post(
        USERS,
        {
            "action": "send_reset_link",
            "_selected_action": [world.colleague.pk, admins.traveller.pk],
        },
        follow=True,
    )
    body = response.content.decode()
    assert "1 bruker ble hoppet over" in body
    assert OutgoingEmail.objects.count() == 1
    assert client.get(f"{USERS}{admins.traveller.pk}/reset-link/").status_code == 403
    assert client.post(f"{USERS}{world.administrator.pk}/reset-link/").status_code == 403
    assert OutgoingEmail.objects.count() == 1


def test_administrator_changes_a_unit(client, world):
    client.force_login(world.administrator)
    url = f"/admin/core/unit/{world.unit_a2.pk}/change/"
    data = admin_form(client, url, "unit_form")
    data["name"] = ["NAV Demo sentrum"]
    assert client.post(url, data).status_code == 302
    world.unit_a2.refresh_from_db()
    assert world.unit_a2.name == "NAV Demo sentrum"
    entry = AdminAuditEntry.objects.get(object_type="core.unit")
    assert entry.municipality_id == world.muni_a.pk and entry.action == "change"
    assert entry.changes == [{"fields": {"name": ["NAV Demo", "NAV Demo sentrum"]}}]


def test_administrator_sets_programme_settings(client, world):
    from familieplan.families.models import ProgrammeSettings

    settings = ProgrammeSettings.for_municipality(world.muni_a)
    client.force_login(world.administrator)
    url = f"/admin/families/programmesettings/{settings.pk}/change/"
    data = admin_form(client, url, "programmesettings_form")
    data["no_contact_days"] = ["21"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    settings.refresh_from_db()
    assert settings.no_contact_days == 21
    entry = AdminAuditEntry.objects.get(object_type="families.programmesettings")
    assert entry.actor_username == "admin" and entry.municipality_id == world.muni_a.pk
    assert entry.changes[0]["fields"]["no_contact_days"][1] == 21


def test_administrator_deletes_an_unused_unit_and_it_is_logged(client, world):
    from tests.factories import make_unit

    spare = make_unit(municipality=world.muni_a, name="Reserveenheten")
    client.force_login(world.administrator)
    assert client.post(f"/admin/core/unit/{spare.pk}/delete/", {"post": "yes"}).status_code == 302
    entry = AdminAuditEntry.objects.get(action="delete")
    assert entry.object_repr == "Reserveenheten" and entry.actor_username == "admin"


def test_deactivating_a_staff_account(client, world):
    client.force_login(world.administrator)
    url = f"{USERS}{world.colleague.pk}/change/"
    data = admin_form(client, url, "user_form")
    data.pop("is_active")
    assert client.post(url, data).status_code == 302
    world.colleague.refresh_from_db()
    assert not world.colleague.is_active
    entry = AdminAuditEntry.objects.get(action="change")
    assert entry.changes == [{"fields": {"is_active": [True, False]}}]
    assert Membership.objects.filter(user=world.colleague).exists()

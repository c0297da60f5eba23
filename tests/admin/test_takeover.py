"""A municipality administrator cannot take over accounts or give themselves case roles.

Each test is an attack through the real admin, as the `admin` persona (municipality A) or the
administrator of municipality B."""

from __future__ import annotations

import pytest

from familieplan.accounts.models import Membership, User
from familieplan.core.roles import Role
from tests.admin.forms import admin_form
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"
MEMBERSHIPS = "/admin/accounts/membership/"
NEW_PASSWORD = "a long new passphrase 4711"


def sees_families(client) -> bool:
    return client.get("/families/").status_code == 200


def test_no_membership_for_oneself_in_the_membership_admin(client, world):
    client.force_login(world.administrator)
    response = client.post(
        f"{MEMBERSHIPS}add/",
        {
            "user": world.administrator.pk,
            "municipality": world.muni_a.pk,
            "unit": world.unit_a.pk,
            "role": Role.TEAM_LEAD,
            "active": "on",
        },
    )
    assert response.status_code == 200  # the form again, with the refusal
    assert not world.administrator.memberships.filter(role=Role.TEAM_LEAD).exists()
    assert not sees_families(client)


def test_no_membership_for_oneself_through_the_user_admin(client, world):
    client.force_login(world.administrator)
    url = f"{USERS}{world.administrator.pk}/change/"
    page = client.get(url)
    if page.status_code == 200 and 'id="user_form"' in page.content.decode():
        data = admin_form(client, url, "user_form")
        data.setdefault("memberships-INITIAL_FORMS", ["0"])
        n = int(data.setdefault("memberships-TOTAL_FORMS", ["0"])[0])
        data["memberships-TOTAL_FORMS"] = [str(n + 1)]
        prefix = f"memberships-{n}-"
        data |= {
            f"{prefix}municipality": [str(world.muni_a.pk)],
            f"{prefix}unit": [str(world.unit_a.pk)],
            f"{prefix}role": [Role.TEAM_LEAD],
            f"{prefix}active": ["on"],
            f"{prefix}user": [str(world.administrator.pk)],
        }
    else:  # no form shown: post what a forged request would
        data = {
            "username": "admin",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-municipality": world.muni_a.pk,
            "memberships-0-role": Role.TEAM_LEAD,
            "memberships-0-active": "on",
        }
    client.post(url, data)
    assert not world.administrator.memberships.filter(role=Role.TEAM_LEAD).exists()
    assert not sees_families(client)


def test_no_change_of_ones_own_membership(client, world):
    own = world.administrator.memberships.get()
    client.force_login(world.administrator)
    response = client.post(
        f"{MEMBERSHIPS}{own.pk}/change/",
        {
            "user": world.administrator.pk,
            "municipality": world.muni_a.pk,
            "role": Role.TEAM_LEAD,
            "active": "on",
        },
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.role == Role.ADMINISTRATOR
    assert not sees_families(client)


def test_no_admin_flags_for_oneself(client, world):
    client.force_login(world.administrator)
    client.post(
        f"{USERS}{world.administrator.pk}/change/",
        {
            "username": "admin",
            "is_superuser": "on",
            "is_staff": "on",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    world.administrator.refresh_from_db()
    assert not world.administrator.is_superuser


@pytest.mark.parametrize("victim", ["colleague", "family_member", "team_lead"])
def test_no_password_set_for_another_person(client, world, victim):
    user = getattr(world, victim)
    client.force_login(world.administrator)
    url = f"{USERS}{user.pk}/password/"
    assert client.get(url).status_code in {403, 404}
    response = client.post(
        url,
        {
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "set-password": "",
        },
    )
    assert response.status_code in {403, 404}
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)
    assert user.check_password(TEST_PASSWORD)


def test_family_members_accounts_are_out_of_reach(client, world):
    client.force_login(world.administrator)
    user = world.family_member
    assert "forelder" not in client.get(USERS).content.decode()
    assert client.get(f"{USERS}{user.pk}/change/").status_code == 302  # "does not exist"
    client.post(
        f"{USERS}{user.pk}/change/",
        {
            "username": "forelder",
            "email": "admin@evil.example",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    user.refresh_from_db()
    assert user.email == ""
    membership = user.memberships.get()
    assert client.get(f"{MEMBERSHIPS}{membership.pk}/change/").status_code == 302
    assert "forelder" not in client.get(MEMBERSHIPS).content.decode()


@pytest.mark.parametrize("who", ["administrator", "admin_b"])
def test_an_account_in_two_municipalities_is_read_only(client, admins, who):
    world = admins.world
    admin = world.administrator if who == "administrator" else admins.admin_b
    traveller = admins.traveller
    client.force_login(admin)
    url = f"{USERS}{traveller.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200  # listed: they work in the municipality
    assert 'name="email"' not in page.content.decode()
    response = client.post(
        url,
        {
            "username": "reiser",
            "email": "admin@evil.example",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    traveller.refresh_from_db()
    assert traveller.email == ""
    assert client.get(f"{USERS}{traveller.pk}/password/").status_code in {403, 404}
    for membership in traveller.memberships.filter(municipality__in=admin.municipality_ids()):
        r = client.post(
            f"{MEMBERSHIPS}{membership.pk}/change/",
            {
                "user": traveller.pk,
                "municipality": membership.municipality_id,
                "role": Role.COORDINATOR,
                "active": "on",
            },
        )
        assert r.status_code == 403
    assert set(traveller.memberships.values_list("role", flat=True)) == {Role.PARTNER}


def test_admin_b_sees_nothing_of_municipality_a(client, admins):
    world = admins.world
    client.force_login(admins.admin_b)
    listing = client.get(USERS).content.decode()
    assert "koordinator-b" in listing
    assert ">koordinator<" not in listing and ">admin<" not in listing
    for user in (world.coordinator, world.administrator, world.family_member):
        assert client.get(f"{USERS}{user.pk}/change/").status_code == 302
        assert client.get(f"{USERS}{user.pk}/password/").status_code in {403, 404}


def test_another_administrator_is_read_only(client, world):
    other = User.objects.create(username="admin2", email="admin2@example.no", is_staff=True)
    Membership.objects.create(user=other, municipality=world.muni_a, role=Role.ADMINISTRATOR)
    client.force_login(world.administrator)
    response = client.post(
        f"{USERS}{other.pk}/change/",
        {
            "username": "admin2",
            "email": "admin@evil.example",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.email == "admin2@example.no"


def test_email_of_an_account_in_use_is_the_persons_own(client, world):
    """Changing the address and then sending a reset link would be a takeover."""
    from django.utils import timezone

    colleague = world.colleague
    User.objects.filter(pk=colleague.pk).update(
        email="kollega@example.no", last_login=timezone.now()
    )
    client.force_login(world.administrator)
    url = f"{USERS}{colleague.pk}/change/"
    data = admin_form(client, url, "user_form")
    assert "email" not in data
    data["email"] = ["admin@evil.example"]
    data["first_name"] = ["Kari"]
    response = client.post(url, data)
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.email == "kollega@example.no"
    assert colleague.first_name == "Kari"


def test_users_without_memberships_belong_to_operations(client, world):
    orphan = User.objects.create(username="uten-medlemskap")
    client.force_login(world.administrator)
    assert "uten-medlemskap" not in client.get(USERS).content.decode()
    assert client.get(f"{USERS}{orphan.pk}/change/").status_code == 302
    assert client.get(f"{USERS}{orphan.pk}/password/").status_code in {403, 404}


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.PRIVACY_OFFICER, Role.FAMILY_MEMBER])
def test_administrators_do_not_hand_out_rights_above_their_station(client, world, role):
    """Administrators and privacy officers are appointed by operations; family logins are made
    on the family's page."""
    client.force_login(world.administrator)
    response = client.post(
        f"{MEMBERSHIPS}add/",
        {"user": world.colleague.pk, "municipality": world.muni_a.pk, "role": role, "active": "on"},
    )
    assert response.status_code == 200
    assert not world.colleague.memberships.filter(role=role).exists()


def test_superusers_are_out_of_reach(client, world):
    root = User.objects.create(username="drift", is_superuser=True, is_staff=True)
    Membership.objects.create(
        user=root, municipality=world.muni_a, role=Role.COORDINATOR, unit=world.unit_a
    )
    client.force_login(world.administrator)
    assert client.get(f"{USERS}{root.pk}/change/").status_code == 302
    assert client.get(f"{USERS}{root.pk}/password/").status_code in {403, 404}


def test_auth_groups_and_permissions_are_closed(client, world):
    client.force_login(world.administrator)
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.get("/admin/auth/group/add/").status_code == 403
    assert client.get("/admin/auth/").status_code == 404

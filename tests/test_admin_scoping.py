"""The Django admin shows a municipality administrator only their own municipality."""

from familieplan.core.roles import Role
from tests.factories import make_user


def test_admin_sees_own_units_only(client, world):
    client.force_login(world.administrator)
    page = client.get("/admin/core/unit/").content.decode()
    assert "Familiesenteret" in page
    assert "Familieteamet" not in page
    assert client.get(f"/admin/core/unit/{world.unit_b.pk}/change/").status_code == 302


def test_admin_sees_own_users_only(client, world):
    client.force_login(world.administrator)
    page = client.get("/admin/accounts/user/").content.decode()
    assert "koordinator2" in page
    assert "koordinator-b" not in page
    response = client.get(f"/admin/accounts/user/{world.coordinator_b.pk}/change/")
    assert response.status_code == 302


def test_admin_cannot_pick_another_municipality(client, world):
    client.force_login(world.administrator)
    page = client.get("/admin/core/unit/add/").content.decode()
    assert "Demo kommune" in page and "Fjordvik kommune" not in page


def test_staff_without_admin_role_gets_nothing(client, world):
    user = make_user(username="staff-only", role=Role.COORDINATOR, unit=world.unit_a, is_staff=True)
    client.force_login(user)
    assert client.get("/admin/core/unit/").status_code == 403

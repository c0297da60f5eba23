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


def test_admin_edits_own_programme_settings_and_medians(client, world):
    from familieplan.families.models import ProgrammeSettings, ReferenceMedian

    own = ProgrammeSettings.for_municipality(world.muni_a)
    other = ProgrammeSettings.for_municipality(world.muni_b)
    client.force_login(world.administrator)
    assert client.get(f"/admin/families/programmesettings/{own.pk}/change/").status_code == 200
    assert client.get(f"/admin/families/programmesettings/{other.pk}/change/").status_code == 302
    page = client.get("/admin/families/referencemedian/").content.decode()
    assert "445600" in page.replace("\xa0", "").replace(" ", "")
    response = client.post(
        "/admin/families/referencemedian/add/",
        {
            "year": "2023",
            "scale": "eu",
            "amount": "460000",
            "source": "SSB tabell 11156",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert ReferenceMedian.objects.get(year=2023).verified is False
    median = ReferenceMedian.objects.get(year=2022)
    assert client.get(f"/admin/families/referencemedian/{median.pk}/delete/").status_code == 403


def test_coordinator_cannot_edit_reference_data(client, world):
    client.force_login(world.coordinator)
    assert client.get("/admin/families/referencemedian/").status_code == 302


def test_admin_links_partner_users_to_own_partners_only(client, world):
    from tests.factories import make_partner

    own = make_partner(municipality=world.muni_a, name="Lunde skole", kind="school")
    make_partner(municipality=world.muni_b, name="Fjordvik skole", kind="school")
    client.force_login(world.administrator)
    page = client.get("/admin/partners/partner/").content.decode()
    assert "Lunde skole" in page and "Fjordvik skole" not in page
    form = client.get(f"/admin/partners/partner/{own.pk}/change/").content.decode()
    assert ">partner<" in form  # the partner login of the municipality can be linked
    assert ">koordinator<" not in form

"""The access helper: 404 for what a user may not know, 403 for read-only, always logged."""

import uuid

import pytest
from django.http import Http404

from familieplan.core.models import AccessLog


def detail(family):
    return f"/families/{family.pk}/"


def last_log():
    return AccessLog.objects.order_by("-id").first()


def test_coordinator_reads_own_family_and_it_is_logged(client, world):
    client.force_login(world.coordinator)
    response = client.get(detail(world.family_a))
    assert response.status_code == 200
    assert "Familien Hansen" in response.content.decode()
    entry = last_log()
    assert entry.username == "koordinator"
    assert entry.family_id == world.family_a.pk
    assert entry.municipality_id == world.muni_a.pk
    assert (entry.action, entry.outcome) == ("read", "allowed")
    assert entry.role == "coordinator"
    assert entry.ip_address == "127.0.0.1"
    assert entry.object_type == "families.family"


def test_other_municipality_gets_404_and_the_owner_sees_the_attempt(client, world):
    client.force_login(world.coordinator_b)
    response = client.get(detail(world.family_a))
    assert response.status_code == 404
    assert "Familien Hansen" not in response.content.decode()
    entry = last_log()
    assert entry.outcome == "not_found"
    # Logged under the family's own municipality, so its privacy officer sees the attempt.
    assert entry.municipality_id == world.muni_a.pk
    assert entry.family_id == world.family_a.pk


def test_unknown_family_gets_the_same_404(client, world):
    client.force_login(world.coordinator_b)
    response = client.get(f"/families/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert last_log().outcome == "not_found"


def test_colleague_in_same_unit_reads_but_cannot_write(rf, world):
    from django.core.exceptions import PermissionDenied

    from familieplan.families.access import access_family

    request = rf.get("/")
    request.user = world.colleague
    assert access_family(request, world.family_a.pk) == world.family_a
    with pytest.raises(PermissionDenied):
        access_family(request, world.family_a.pk, write=True)
    assert last_log().outcome == "read_only"


def test_team_lead_may_write_in_own_unit(rf, world):
    from familieplan.families.access import access_family

    request = rf.post("/")  # a GET would be a read: opening a form changes nothing
    request.user = world.team_lead
    assert access_family(request, world.family_a.pk, write=True) == world.family_a
    assert last_log().action == "change"


def test_coordinator_does_not_see_another_units_family(client, world):
    client.force_login(world.coordinator)
    assert client.get(detail(world.family_a_other_unit)).status_code == 404


@pytest.mark.parametrize(
    "persona", ["partner", "family_member", "researcher", "administrator", "privacy_officer"]
)
def test_roles_without_case_access_see_no_family(client, world, persona):
    client.force_login(world.users()[persona])
    assert client.get(detail(world.family_a)).status_code == 404
    listing = client.get("/families/").content.decode()
    assert "Familien Hansen" not in listing


def test_list_shows_only_visible_families(client, world):
    client.force_login(world.coordinator)
    page = client.get("/families/", {"scope": "all"}).content.decode()
    assert "Familien Hansen" in page and "Familien Ali" in page
    assert "Familien Olsen" not in page and "Familien Berg" not in page


def test_malformed_id_is_404_not_500(client, world):
    client.force_login(world.coordinator)
    assert client.get("/families/not-a-uuid/").status_code == 404


def test_unit_coordinators_may_work_on_an_unassigned_referral(rf, world):
    from familieplan.families.access import access_family
    from tests.factories import make_family

    referral = make_family(unit=world.unit_a, name="Familien Ny")
    request = rf.get("/")
    request.user = world.colleague
    assert access_family(request, referral.pk, write=True) == referral
    request.user = world.coordinator_b
    with pytest.raises(Http404):
        access_family(request, referral.pk, write=True)

"""The admin shows a municipality administrator no case data: not on delete pages (Django's
"protected objects" and "objects to be deleted"), not in history, lists, forms or lookups."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from familieplan.outbox.services import email_queue
from tests.admin.conftest import CASE_NAMES

pytestmark = pytest.mark.django_db


def assert_no_case_data(body: str, where: str) -> None:
    for name in CASE_NAMES:
        assert name not in body, f"{name!r} shown on {where}"


def test_partner_delete_page_names_no_consent(client, admins):
    client.force_login(admins.world.administrator)
    response = client.get(f"/admin/partners/partner/{admins.partner.pk}/delete/")
    body = response.content.decode()
    assert response.status_code == 200
    assert_no_case_data(body, "the partner's delete page")
    assert "Barneverntjenesten Demo" in body  # the row the administrator chose
    assert re.search(r"[Ss]amtykke\w*: 1\b", body)  # what depends on it, counted by kind


def test_partner_with_consents_is_not_deleted(client, admins):
    client.force_login(admins.world.administrator)
    client.post(f"/admin/partners/partner/{admins.partner.pk}/delete/", {"post": "yes"})
    assert type(admins.partner).objects.filter(pk=admins.partner.pk).exists()


def test_unit_delete_page_and_action_name_no_family(client, admins):
    world = admins.world
    client.force_login(world.administrator)
    body = client.get(f"/admin/core/unit/{world.unit_a.pk}/delete/").content.decode()
    assert_no_case_data(body, "the unit's delete page")
    response = client.post(
        "/admin/core/unit/",
        {"action": "delete_selected", "_selected_action": [world.unit_a.pk, world.unit_a2.pk]},
    )
    assert response.status_code == 200
    assert_no_case_data(response.content.decode(), "the delete action's confirmation")
    client.post(
        "/admin/core/unit/",
        {"action": "delete_selected", "_selected_action": [world.unit_a.pk], "post": "yes"},
    )
    assert type(world.unit_a).objects.filter(pk=world.unit_a.pk).exists()


def test_users_are_deactivated_not_deleted(client, admins):
    """A user's delete page would list the families they coordinate, their notes and plan
    versions; an administrator sets the account inactive instead."""
    world = admins.world
    client.force_login(world.administrator)
    response = client.get(f"/admin/accounts/user/{world.colleague.pk}/delete/")
    assert response.status_code == 403
    assert_no_case_data(response.content.decode(), "the user's delete page")
    response = client.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [world.colleague.pk]},
    )
    assert_no_case_data(response.content.decode(), "the user delete action")
    assert type(world.colleague).objects.filter(pk=world.colleague.pk).exists()


def test_an_unused_unit_can_still_be_deleted(client, world):
    from tests.factories import make_unit

    spare = make_unit(municipality=world.muni_a, name="Reserveenheten")
    client.force_login(world.administrator)
    page = client.get(f"/admin/core/unit/{spare.pk}/delete/").content.decode()
    assert "Reserveenheten" in page
    response = client.post(f"/admin/core/unit/{spare.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not type(spare).objects.filter(pk=spare.pk).exists()


def _admin_pages(client):
    """Every admin page of every object an administrator may view."""
    yield reverse("admin:index")
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse(f"{base}_changelist")
        yield reverse(f"{base}_add")
        request = type("R", (), {})()
        request.user = client.user
        for obj in model_admin.get_queryset(_request_for(client.user))[:50]:
            for view in ("change", "history", "delete"):
                yield reverse(f"{base}_{view}", args=[obj.pk])


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_no_admin_page_shows_case_data(client, admins):
    world = admins.world
    email_queue(
        to="familie@example.no",
        to_name="Amina Warsame",
        subject="Invitasjon til møte",
        body="…",
        topic="meeting_invitation",
        municipality_id=world.muni_a.pk,
    )
    for user in (world.administrator, admins.admin_b):
        client.force_login(user)
        client.user = user
        seen = 0
        for url in _admin_pages(client):
            response = client.get(url)
            if response.status_code == 200:
                seen += 1
                assert_no_case_data(response.content.decode(), url)
        assert seen > 10


AUTOCOMPLETE = "/admin/autocomplete/"


def _autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        AUTOCOMPLETE,
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    if response.status_code != 200:
        return set()
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "source",
    [
        ("accounts", "membership", "user"),
        ("partners", "partnerstaff", "user"),
        ("mapping", "instrument", "loaded_by"),
        ("families", "family", "coordinator"),
    ],
)
def test_user_lookups_answer_with_own_staff_only(client, admins, source):
    from familieplan.accounts.models import User

    world = admins.world
    orphan = User.objects.create(username="uten-medlemskap")
    client.force_login(world.administrator)
    found = _autocomplete(client, *source)
    outside = {world.coordinator_b, world.family_member, orphan, admins.admin_b}
    assert not found & {str(u.pk) for u in outside}
    for term in ("forelder", "koordinator-b", "Bruker"):
        found = _autocomplete(client, *source, term=term)
        assert not found & {str(u.pk) for u in outside}


def test_membership_user_lookup_offers_only_accounts_the_administrator_may_manage(client, admins):
    world = admins.world
    client.force_login(world.administrator)
    found = _autocomplete(client, "accounts", "membership", "user")
    assert str(world.colleague.pk) in found
    for user in (world.administrator, admins.traveller, world.privacy_officer):
        assert str(user.pk) not in found


def test_municipality_and_unit_lookups_stay_in_the_municipality(client, admins):
    world = admins.world
    client.force_login(world.administrator)
    assert _autocomplete(client, "core", "unit", "municipality") <= {str(world.muni_a.pk)}
    units = _autocomplete(client, "families", "family", "unit")
    assert str(world.unit_b.pk) not in units

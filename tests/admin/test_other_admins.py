"""The other admins (core, families, partners, outbox, mapping): nothing settable outside the
municipality, no field that grants rights to oneself, no national data changed unchecked."""

from __future__ import annotations

import pytest

from familieplan.accounts.models import AdminAuditEntry
from familieplan.core.roles import Role
from familieplan.partners.models import Partner
from tests.admin.forms import admin_form
from tests.factories import make_partner, make_user

pytestmark = pytest.mark.django_db


def test_a_partner_stays_in_the_administrators_municipality(client, world):
    client.force_login(world.administrator)
    data = admin_form(client, "/admin/partners/partner/add/", "partner_form")
    data |= {"name": ["Nasjonal tjeneste"], "kind": ["nav_state"], "municipality": [""]}
    response = client.post("/admin/partners/partner/add/", data)
    assert response.status_code == 200  # "national" is for operations
    data["municipality"] = [str(world.muni_b.pk)]
    assert client.post("/admin/partners/partner/add/", data).status_code == 200
    assert not Partner.objects.filter(name="Nasjonal tjeneste").exists()


def test_administrator_cannot_link_themselves_to_a_partner_service(client, world):
    from familieplan.accounts.models import Membership

    Membership.objects.create(
        user=world.administrator, municipality=world.muni_a, role=Role.PARTNER
    )
    partner = make_partner(municipality=world.muni_a, name="Lunde skole", kind="school")
    client.force_login(world.administrator)
    url = f"/admin/partners/partner/{partner.pk}/change/"
    data = admin_form(client, url, "partner_form")
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS") and "staff" in k)[
        : -len("TOTAL_FORMS")
    ]
    data[f"{prefix}TOTAL_FORMS"] = ["1"]
    data |= {f"{prefix}0-user": [str(world.administrator.pk)], f"{prefix}0-active": ["on"]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert not partner.staff.exists()
    data[f"{prefix}0-user"] = [str(world.partner.pk)]
    assert client.post(url, data).status_code == 302
    assert partner.staff.get().user == world.partner
    entry = AdminAuditEntry.objects.get(object_type="partners.partner")
    assert entry.changes[-1]["object"] == str(partner.staff.get())


def test_checked_reference_medians_are_for_operations(client, world):
    from familieplan.families.models import ReferenceMedian

    checked = ReferenceMedian.objects.get(year=2022)
    client.force_login(world.administrator)
    url = f"/admin/families/referencemedian/{checked.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="amount"' not in page
    response = client.post(url, {"year": "2022", "scale": "eu", "amount": "1", "source": "x"})
    assert response.status_code == 403
    checked.refresh_from_db()
    assert checked.amount == 445600
    response = client.post(
        "/admin/families/referencemedian/add/",
        {"year": "2023", "scale": "eu", "amount": "460000", "source": "SSB", "verified": "on"},
    )
    assert response.status_code == 302
    added = ReferenceMedian.objects.get(year=2023)
    assert added.verified is False  # the check is for operations
    entry = AdminAuditEntry.objects.get(object_type="families.referencemedian")
    assert entry.municipality_id == world.muni_a.pk  # national data: logged for the admin's
    assert entry.actor_username == "admin"


def test_outbox_shows_no_recipient_name_and_logs_send_again(client, world):
    from django_tasks_db.models import DBTaskResult

    from familieplan.outbox.models import OutgoingEmail
    from familieplan.outbox.services import email_queue

    email = email_queue(
        to="familie@example.no",
        to_name="Amina Warsame",
        subject="Invitasjon til møte",
        body="…",
        topic="meeting_invitation",
        municipality_id=world.muni_a.pk,
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.FAILED)
    DBTaskResult.objects.all().delete()
    client.force_login(world.administrator)
    page = client.get(f"/admin/outbox/outgoingemail/{email.pk}/change/").content.decode()
    assert "familie@example.no" in page and "Amina" not in page
    client.post(
        "/admin/outbox/outgoingemail/",
        {"action": "retry_now", "_selected_action": [str(email.pk)]},
    )
    entry = AdminAuditEntry.objects.get(action="retry")
    assert entry.actor_username == "admin" and entry.municipality_id == world.muni_a.pk
    assert "Amina" not in entry.object_repr


def test_the_instrument_catalogue_change_is_logged(client, world):
    from familieplan.mapping.models import Instrument

    instrument = Instrument.objects.filter(active=True).first()
    if instrument is None:
        pytest.skip("no instrument loaded")
    client.force_login(world.administrator)
    url = f"/admin/mapping/instrument/{instrument.pk}/change/"
    data = admin_form(client, url, "instrument_form")
    data.pop("active", None)
    assert client.post(url, data).status_code == 302
    entry = AdminAuditEntry.objects.get(object_type="mapping.instrument")
    assert entry.changes == [{"fields": {"active": [True, False]}}]
    assert entry.municipality_id == world.muni_a.pk


def test_superuser_keeps_full_rights(client, world):
    from familieplan.accounts.models import User

    root = User.objects.create(username="drift", is_superuser=True, is_staff=True)
    client.force_login(root)
    url = f"/admin/accounts/user/{world.family_member.pk}/password/"
    assert client.get(url).status_code == 200
    assert client.get(f"/admin/accounts/user/{world.coordinator_b.pk}/change/").status_code == 200
    staff = make_user(username="ny", role=Role.COORDINATOR, unit=world.unit_b)
    response = client.post(
        f"/admin/accounts/membership/{staff.memberships.get().pk}/change/",
        {
            "user": staff.pk,
            "municipality": world.muni_b.pk,
            "unit": world.unit_b.pk,
            "role": Role.ADMINISTRATOR,
            "active": "on",
        },
    )
    assert response.status_code == 302
    entry = AdminAuditEntry.objects.get(object_type="accounts.membership")
    assert entry.actor == root and entry.municipality_id == world.muni_b.pk


def test_the_admin_login_page_answers_a_visitor(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "a\x00b"])
def test_a_bad_account_in_the_membership_form_gets_a_message(client, world, value):
    client.force_login(world.administrator)
    response = client.post(
        "/admin/accounts/membership/add/",
        {"user": value, "municipality": world.muni_a.pk, "role": Role.COORDINATOR},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/admin/outbox/outgoingemail/", "/admin/accounts/adminauditentry/"]
)
def test_a_year_too_large_is_a_bad_lookup_not_a_server_error(client, world, url):
    field = "created_at" if "outbox" in url else "at"
    client.force_login(world.administrator)
    response = client.get(url, {f"{field}__year": "99999999999999999999"})
    assert response.status_code == 302 and response["Location"].endswith("?e=1")

"""The outbox in the admin: scoped to the administrator's municipality, with "Send på nytt"."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from familieplan.outbox.models import OutgoingEmail
from familieplan.outbox.services import email_queue

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/outbox/outgoingemail/"


def failed_email(*, municipality, to: str) -> OutgoingEmail:
    email = email_queue(
        to=to,
        subject="Invitasjon til møte",
        body="Hemmelig tekst som ikke skal vises",
        topic="meeting_invitation",
        municipality_id=municipality.pk,
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED,
        attempts=1,
        last_error="Mottakerens e-postserver avviste adressen (550)",
    )
    DBTaskResult.objects.all().delete()
    email.refresh_from_db()
    return email


def test_administrator_sees_own_municipalitys_emails_only(client, world):
    own = failed_email(municipality=world.muni_a, to="ola@example.no")
    other = failed_email(municipality=world.muni_b, to="kari@example.no")
    client.force_login(world.administrator)

    page = client.get(CHANGELIST).content.decode()
    assert "ola@example.no" in page
    assert "kari@example.no" not in page
    detail = client.get(f"{CHANGELIST}{own.pk}/change/")
    assert detail.status_code == 200
    content = detail.content.decode()
    assert "Mottakerens e-postserver avviste adressen (550)" in content
    assert "Hemmelig tekst" not in content
    assert client.get(f"{CHANGELIST}{other.pk}/change/").status_code == 302


def test_send_again_action_requeues_failed_emails(client, world):
    email = failed_email(municipality=world.muni_a, to="ola@example.no")
    client.force_login(world.administrator)

    response = client.post(
        CHANGELIST, {"action": "retry_now", "_selected_action": [str(email.pk)]}, follow=True
    )

    assert response.status_code == 200
    assert "1 e-post er lagt i kø for sending." in response.content.decode()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_send_again_skips_emails_that_went_out(client, world):
    email = failed_email(municipality=world.muni_a, to="ola@example.no")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENT, sent_at=email.created_at
    )
    client.force_login(world.administrator)

    response = client.post(
        CHANGELIST, {"action": "retry_now", "_selected_action": [str(email.pk)]}, follow=True
    )

    assert "hoppet over" in response.content.decode()
    assert not DBTaskResult.objects.exists()


def test_staff_without_administrator_role_gets_nothing(client, world):
    client.force_login(world.coordinator)
    assert client.get(CHANGELIST).status_code in (302, 403)

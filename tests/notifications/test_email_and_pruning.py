"""Each person chooses which notifications also come by email (defaults: on for what was
emailed before — the family's proposals, comments and withdrawn consents — off for the rest),
and notifications are kept 90 days."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from familieplan.notifications.models import EMAIL_BY_DEFAULT, Notification
from familieplan.notifications.services import notify
from familieplan.outbox.models import OutgoingEmail

K = Notification.Kind
pytestmark = pytest.mark.django_db


def _emails():
    return OutgoingEmail.objects.filter(topic="notification")


def _send(family, user, kind):
    notify(family=family, kind=kind, url=f"/families/{family.pk}/", recipients=[user])


def test_the_defaults_are_what_was_emailed_before(client, world):
    assert {K.FAMILY_PROPOSAL, K.FAMILY_COMMENT, K.CONSENT_WITHDRAWN} == EMAIL_BY_DEFAULT
    client.force_login(world.coordinator)
    html = client.get("/notifications/email/").content.decode()
    for kind in K:
        box = next(line for line in html.splitlines() if f'value="{kind.value}"' in line)
        assert ("checked" in box) == (kind in EMAIL_BY_DEFAULT), kind


def test_the_choice_governs_the_email_not_the_notification(client, world):
    world.coordinator.email = "koordinator@kommune.example"
    world.coordinator.language = "en"
    world.coordinator.save(update_fields=["email", "language"])
    client.force_login(world.coordinator)
    response = client.post("/notifications/email/", {"kinds": [K.PARTNER_COMMENT]})
    assert response.status_code == 302
    _send(world.family_a, world.coordinator, K.FAMILY_PROPOSAL)  # turned off now
    assert not _emails().exists()
    _send(world.family_a, world.coordinator, K.PARTNER_COMMENT)  # turned on
    email = _emails().get()
    assert email.to == "koordinator@kommune.example"
    assert f"/families/{world.family_a.pk}/" in email.body
    assert "Hansen" not in email.body + email.subject
    assert Notification.objects.filter(recipient=world.coordinator).count() == 2
    # Saved again with nothing ticked: every email off, the page says what is stored.
    client.post("/notifications/email/", {})
    html = client.get("/notifications/email/").content.decode()
    assert "checked" not in html
    _send(world.family_a, world.coordinator, K.PARTNER_COMMENT)
    assert _emails().count() == 1


def test_no_email_without_an_address(world):
    _send(world.family_a, world.coordinator, K.FAMILY_PROPOSAL)
    assert not _emails().exists() and Notification.objects.count() == 1


def test_a_bad_choice_is_refused_and_nothing_is_saved(client, world):
    client.force_login(world.coordinator)
    response = client.post("/notifications/email/", {"kinds": ["gossip"]})
    assert response.status_code == 200
    from familieplan.notifications.models import NotificationPreference

    assert not NotificationPreference.objects.exists()


def test_only_staff_choose(client, world):
    for person in (world.family_member, world.partner):
        client.force_login(person)
        assert client.get("/notifications/email/").status_code == 403


def test_pruning_deletes_what_is_older_than_90_days_read_or_not(world):
    def at(days: int, *, read: bool = False):
        row = notify(
            family=world.family_a,
            kind=K.FAMILY_PROPOSAL,
            url="/families/",
            recipients=[world.coordinator],
        )[0]
        created = timezone.now() - timedelta(days=days)
        Notification.objects.filter(pk=row.pk).update(
            created_at=created, read_at=created if read else None
        )
        return row.pk

    old_unread, old_read = at(91), at(120, read=True)
    kept = {at(89), at(10, read=True), at(0)}
    b = notify(
        family=world.family_b, kind=K.HANDOVER, url="/families/", recipients=[world.coordinator_b]
    )[0]
    Notification.objects.filter(pk=b.pk).update(created_at=timezone.now() - timedelta(days=95))
    out = StringIO()
    call_command("prune_notifications", stdout=out)
    assert "3 notifications" in out.getvalue()
    assert set(Notification.objects.values_list("pk", flat=True)) == kept
    assert not Notification.objects.filter(pk__in=[old_unread, old_read, b.pk]).exists()
    out = StringIO()
    call_command("prune_notifications", stdout=out)  # again: nothing more
    assert "0 notifications" in out.getvalue()
    assert Notification.objects.count() == 3

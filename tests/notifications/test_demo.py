"""The demo's coordinators and team lead find believable notifications: some read, some
unread, on their own families."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from familieplan.accounts.models import User
from familieplan.families.models import Family
from familieplan.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_personas_have_read_and_unread_notifications(client):
    call_command("load_demo")  # the demo as `make demo` loads it
    for username in ("koordinator", "koordinator2", "koordinator-b", "leder"):
        user = User.objects.get(username=username)
        mine = Notification.objects.visible_to(user)
        assert mine.unread().exists(), username
        assert mine.filter(read_at__isnull=False).exists(), username
        assert mine.count() == Notification.objects.filter(recipient=user).count(), username
        client.force_login(user)
        html = client.get("/notifications/").content.decode()
        family = Family.objects.get(pk=mine.first().family_id)
        assert family.name in html and "notification--unread" in html

"""Deletes notifications older than the 90 days they are kept, read or not. Run daily beside
`send_reminders` (cron or a systemd timer); running it twice deletes nothing more."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from familieplan.notifications.models import KEPT_DAYS
from familieplan.notifications.services import prune


class Command(BaseCommand):
    help = f"Delete notifications older than {KEPT_DAYS} days."

    def handle(self, *args, **options):
        deleted = prune()
        self.stdout.write(f"{deleted} notifications older than {KEPT_DAYS} days deleted.")

"""Deletes drafts older than seven days (core/drafts.py `MAX_AGE`): run daily, e.g. beside
`send_reminders`. Running it again deletes nothing more."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from familieplan.core.drafts import MAX_AGE, draft_prune


class Command(BaseCommand):
    help = "Delete drafts older than seven days."

    def handle(self, *args, **options):
        deleted = draft_prune()
        self.stdout.write(f"Deleted {deleted} drafts older than {MAX_AGE.days} days.")

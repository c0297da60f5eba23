"""The daily reminder job (run from cron or a systemd timer once a morning)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from familieplan.reminders.digest import send_digests


class Command(BaseCommand):
    help = "Queue today's reminder digest for every coordinator who has something due."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to remind about (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD.") from None
        else:
            day = timezone.localdate()
        queued, skipped = send_digests(day)
        self.stdout.write(f"{queued} digests queued, {skipped} skipped ({day:%Y-%m-%d}).")

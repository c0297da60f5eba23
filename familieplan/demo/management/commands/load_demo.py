"""Loads the demo data into an empty database, and only into a demo database."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from familieplan.core import extensions
from familieplan.core.models import DemoMarker, Municipality
from familieplan.demo import builder, collaboration, journal, mapping
from familieplan.families.models import Family


class Command(BaseCommand):
    help = "Create the demo municipalities, logins and synthetic families (fixed seed)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2016)
        parser.add_argument("--families", type=int, default=24, help="families in Demo kommune")

    def handle(self, *args, seed: int, families: int, **options):
        if DemoMarker.objects.exists():
            self.stdout.write("The demo data is already loaded; nothing to do.")
            self._print_logins()
            return
        if Municipality.objects.exists():
            raise CommandError(
                "This database holds data and is not a demo database. The demo loads only "
                "into an empty database (see README: make demo)."
            )
        with transaction.atomic():
            DemoMarker.objects.create(seed=seed)
            municipalities = builder.build_tenancy()
            users = builder.build_personas(municipalities)
            collaboration.build_partners(municipalities, users)
            created = builder.build_families(
                municipalities, users, seed=seed, count_a=families, count_b=max(families // 4, 2)
            )
            today = timezone.localdate()
            # In creation order (names repeat), so the same seed gives the same demo.
            fresh = Family.objects.in_bulk([f.pk for f in created])
            synthetic = [fresh[f.pk] for f in created]
            collaboration.build_consents(synthetic, users, today)
            collaboration.build_meetings(synthetic, users, today)
            collaboration.build_persona_collaboration(
                Family.objects.get(name="Familien Warsame"), users, today
            )
            everyone = [*created, Family.objects.get(name="Familien Warsame")]
            journal.build_journal(everyone, users, today, seed=seed)
            mapping.build_mappings(everyone, users, today, seed=seed)
            for step in extensions.demo_steps():  # what apps add through their extension
                step.build(everyone, users, today, seed)
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {len(created) + 1} families."))
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"\nDemo logins (password '{builder.DEMO_PASSWORD}' for all):")
        for p in builder.PERSONAS:
            self.stdout.write(f"  {p.username:<14} {p.description}")

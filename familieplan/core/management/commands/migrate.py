"""Django's `migrate`, run as the tables' owner when DATABASE_MIGRATE_URL is set (the
application's own role may not change the schema; familieplan/core/db_roles.py)."""

from django.core.management.commands.migrate import Command as DjangoMigrate

from familieplan.core.db_roles import as_migrate_role


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Runs as DATABASE_MIGRATE_URL's role when that is set."

    def handle(self, *args, **options):
        with as_migrate_role(options["database"]):
            return super().handle(*args, **options)

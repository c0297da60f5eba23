"""Print (or, with --apply, run as DATABASE_MIGRATE_URL's role) the grants that give the
application's PostgreSQL role what it needs and no more: rows only, no TRUNCATE, no DDL, and
only SELECT and INSERT on the access log. `make serve-prod` applies them after `migrate`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from familieplan.core.db_roles import as_migrate_role, owned_by, runtime_grants


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--role",
            default="",
            help="The application's role (default: the user in DATABASE_URL).",
        )
        parser.add_argument("--schema", default="public")
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Run the grants as DATABASE_MIGRATE_URL's role instead of printing them.",
        )

    def handle(self, *args, role, schema, apply, **options):
        role = role or settings.DATABASES[DEFAULT_DB_ALIAS].get("USER") or ""
        if not role:
            raise CommandError("No role: give --role, or a user in DATABASE_URL.")
        statements = runtime_grants(role, schema=schema)
        if not apply:
            self.stdout.write(";\n".join(statements) + ";")
            return
        if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
            raise CommandError("Roles and grants are PostgreSQL's; nothing to do on SQLite.")
        with as_migrate_role() as switched:
            if not switched:
                raise CommandError(
                    "Set DATABASE_MIGRATE_URL to the tables' owner: the grants are given by the "
                    "owner to the application's own role (README, PostgreSQL roles)."
                )
            connection = connections[DEFAULT_DB_ALIAS]
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT current_user")
                (owner,) = cursor.fetchone()
                if owner == role:
                    raise CommandError(
                        f"DATABASE_URL and DATABASE_MIGRATE_URL both log in as {role}: the "
                        "application must run as a role of its own."
                    )
                owned = owned_by(cursor, role, schema=schema)
                if owned:
                    raise CommandError(
                        f"{role} owns {len(owned)} tables ({', '.join(owned[:5])} …): as a "
                        f"superuser, run REASSIGN OWNED BY {role} TO {owner}; then try again."
                    )
                for statement in statements:
                    cursor.execute(statement)
        self.stdout.write(f"Granted {role} row access in schema {schema} (as {owner}).")

"""Two PostgreSQL roles (docs/decisions/0004, README "PostgreSQL roles"): one that owns the
tables and runs `migrate` (DATABASE_MIGRATE_URL), and the application's own (DATABASE_URL),
which owns nothing and may only read and write rows: no TRUNCATE, no DDL, and on the access
log only SELECT and INSERT. Since it owns no table it cannot drop or disable the access log's
triggers either.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

#: Tables the application may only read and append to.
APPEND_ONLY = ("core_accesslog",)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def runtime_grants(role: str, *, schema: str = "public") -> list[str]:
    """The statements that give `role` what the application needs, and no more. Run them as
    the tables' owner after every `migrate` (new tables need their grants too)."""
    r, s = quote(role), quote(schema)
    statements = [
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
    ]
    statements += [f"REVOKE UPDATE, DELETE ON {s}.{quote(t)} FROM {r}" for t in APPEND_ONLY]
    return statements


def owned_by(cursor, role: str, *, schema: str = "public") -> list[str]:
    """Tables and sequences in `schema` that `role` owns (the runtime role should own none)."""
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND pg_get_userbyid(c.relowner) = %s "
        "AND c.relkind IN ('r', 'p', 'S', 'v', 'm') ORDER BY 1",
        [schema, role],
    )
    return [name for (name,) in cursor.fetchall()]


@contextmanager
def as_migrate_role(alias: str = DEFAULT_DB_ALIAS) -> Iterator[bool]:
    """The default connection logs in as DATABASE_MIGRATE_URL's role for the block (the same
    database; the name stays, so test databases are unaffected). Yields whether it switched."""
    credentials = getattr(settings, "FAMILIEPLAN_MIGRATE_DATABASE", None)
    if not credentials or alias != DEFAULT_DB_ALIAS:
        yield False
        return
    connection = connections[alias]
    saved = {key: connection.settings_dict.get(key) for key in credentials}
    connection.close()
    connection.settings_dict.update(credentials)
    try:
        yield True
    finally:
        connection.close()
        connection.settings_dict.update(saved)

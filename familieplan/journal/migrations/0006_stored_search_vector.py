"""Full-text search on a stored vector (PostgreSQL only).

Migration 0003 indexed the expression `to_tsvector('norwegian', text)`; PostgreSQL then had to
parse every row it passed when it read the newest matches first, and again to rank them
(benchmarks/README.md: 15–25 µs a row, most of a search's time at national scale). Here each
table gets a generated column holding the parsed vector, kept by PostgreSQL on every insert,
with a GIN index on it; search filters and ranks on the column (journal/search.py).

SQLite (the demo) has no `tsvector`; there the search reads the text itself, and this
migration does nothing. The column is not a model field, so the ORM never reads or writes it.
"""

from django.db import migrations

COLUMN = "search_vector"
TABLES = [("journal_note", "text", "journal_note_fts"), ("journal_contact", "summary", "journal_contact_fts")]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, field, old_index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {old_index}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('norwegian'::regconfig, COALESCE({field}, ''::text))) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_vector ON {table} USING gin ({COLUMN})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, field, old_index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_vector")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {old_index} ON {table} USING gin (municipality_id, "
            f"to_tsvector('norwegian'::regconfig, COALESCE({field}, ''::text)))"
        )


class Migration(migrations.Migration):
    dependencies = [("journal", "0005_drop_single_municipality_index")]

    operations = [migrations.RunPython(create, drop)]

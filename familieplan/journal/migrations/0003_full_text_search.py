"""Full-text search on PostgreSQL: GIN indexes on the Norwegian text search vectors of notes
and contact summaries, led by the municipality (btree_gin), so a search inside one's own
municipality is answered from one index. SQLite (the demo) searches without an index."""

from django.db import migrations

INDEXES = [
    (
        "journal_note_fts",
        "journal_note",
        "to_tsvector('norwegian'::regconfig, COALESCE(text, ''::text))",
    ),
    (
        "journal_contact_fts",
        "journal_contact",
        "to_tsvector('norwegian'::regconfig, COALESCE(summary, ''::text))",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    for name, table, vector in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (municipality_id, {vector})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _vector in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("journal", "0002_note_shared_topic")]

    operations = [migrations.RunPython(create, drop)]

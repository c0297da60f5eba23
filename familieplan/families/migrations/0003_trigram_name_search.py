"""A trigram index for the caseload's name search on PostgreSQL (LIKE '%…%').

`pg_trgm` is a trusted extension (PostgreSQL 13+): the database owner may create it. SQLite
(demo) searches without an index, which is fine at demo size.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS family_search_names_trgm ON families_family "
    "USING gin (search_names gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS family_search_names_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("families", "0002_reference_median_2022")]

    operations = [migrations.RunPython(forwards, backwards)]

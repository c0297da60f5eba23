"""On PostgreSQL the database refuses TRUNCATE on the access log too (0002 refuses UPDATE and
DELETE row by row; TRUNCATE fires no row triggers).

Only a superuser may still truncate it: the test runner's flush between transactional tests
runs as one, and nothing in production should (docs/decisions/0004). A superuser can drop any
trigger anyway, so the exception gives nothing away; every other role, the tables' owner
included, is refused. The application itself runs as a role that owns nothing (README,
"PostgreSQL roles"), so it cannot drop or disable the triggers either.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_accesslog_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = 'core_accesslog is append-only: TRUNCATE refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_accesslog_no_truncate
    BEFORE TRUNCATE ON core_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION core_accesslog_refuse_truncate();
"""

DROP = """
DROP TRIGGER IF EXISTS core_accesslog_no_truncate ON core_accesslog;
DROP FUNCTION IF EXISTS core_accesslog_refuse_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_accesslog_append_only")]

    operations = [migrations.RunPython(forwards, backwards)]

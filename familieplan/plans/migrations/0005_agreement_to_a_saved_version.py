"""An agreement to the plan is to a version that exists, dated no earlier than the day (in
Norway) that version was saved. On PostgreSQL the database itself refuses any other row (a
check across two tables is a trigger); SQLite, for the demo and local tests, relies on
`services.plan_agree`, which refuses the same and more (a changed plan, a date in the future,
someone who may not agree)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION plans_planagreement_check_version() RETURNS trigger AS $$
DECLARE
    saved timestamptz;
BEGIN
    SELECT at INTO saved FROM plans_planversion
        WHERE plan_id = NEW.plan_id AND number = NEW.version_number;
    IF saved IS NULL THEN
        RAISE EXCEPTION USING
            MESSAGE = 'plans_planagreement: the plan has no version ' || NEW.version_number,
            ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.agreed_on < (saved AT TIME ZONE 'Europe/Oslo')::date THEN
        RAISE EXCEPTION USING
            MESSAGE = 'plans_planagreement: agreed on ' || NEW.agreed_on
                || ', before version ' || NEW.version_number || ' was saved',
            ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER plans_planagreement_to_a_saved_version
    BEFORE INSERT OR UPDATE ON plans_planagreement
    FOR EACH ROW EXECUTE FUNCTION plans_planagreement_check_version();
"""

DROP = """
DROP TRIGGER IF EXISTS plans_planagreement_to_a_saved_version ON plans_planagreement;
DROP FUNCTION IF EXISTS plans_planagreement_check_version();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_remove_service_text")]

    operations = [migrations.RunPython(forwards, backwards)]

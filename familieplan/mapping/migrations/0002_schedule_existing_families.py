"""Families already in the programme get their first mapping date: intake on the start date
(no mapping exists yet), or for an ended enrolment the exit mapping on the end date when the
programme maps at exit. From then on mapping/services.py keeps the dates in step."""

from datetime import timedelta

from django.db import migrations

DEFAULT_GRACE, DEFAULT_AT_EXIT = 30, True


def schedule(apps, schema_editor):
    Family = apps.get_model("families", "Family")
    Enrolment = apps.get_model("families", "Enrolment")
    ProgrammeSettings = apps.get_model("families", "ProgrammeSettings")
    settings = {
        p.municipality_id: (p.mapping_grace_days, p.mapping_at_exit)
        for p in ProgrammeSettings.objects.all()
    }
    latest = {}
    for enrolment in Enrolment.objects.exclude(started_on=None).order_by("started_on"):
        latest[enrolment.family_id] = enrolment
    changed = []
    for family in Family.objects.filter(pk__in=latest.keys(), stage__in=["active", "paused", "ended"]):
        enrolment = latest[family.pk]
        grace, at_exit = settings.get(family.municipality_id, (DEFAULT_GRACE, DEFAULT_AT_EXIT))
        if enrolment.status == "ended":
            due = enrolment.ended_on if at_exit else None
        else:
            due = enrolment.started_on
        family.mapping_due_on = due
        family.mapping_late_on = due + timedelta(days=grace + 1) if due else None
        changed.append(family)
    Family.objects.bulk_update(changed, ["mapping_due_on", "mapping_late_on"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("mapping", "0001_initial"), ("families", "0007_mapping_schedule")]

    operations = [migrations.RunPython(schedule, migrations.RunPython.noop)]

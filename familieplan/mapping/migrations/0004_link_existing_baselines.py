"""Scores stored before migration 0003 get their intake value and the per-family mark (see
mapping.services.link_baselines), so the programme figures count them too. One pass over
the scores in family order, whatever their number."""

from django.db import migrations


def _link(rows: list, changed: list) -> None:
    intake = {
        (r.instrument_key, r.score_key, r.member_id): r.value
        for r in rows
        if r.occasion == "intake"
    }
    counted = set()
    for row in rows:
        base = intake.get((row.instrument_key, row.score_key, row.member_id))
        if row.occasion not in ("yearly", "exit") or base is None:
            continue
        key = (row.assessment_id, row.instrument_key, row.score_key)
        row.baseline, row.family_first = base, key not in counted
        counted.add(key)
        changed.append(row)


def link(apps, schema_editor):
    ScoreValue = apps.get_model("mapping", "ScoreValue")
    rows, changed, family = [], [], None
    scores = (
        ScoreValue.objects.filter(value__isnull=False)
        .order_by("family_id", "assessment_id", "instrument_key", "score_key", "member_id")
        .iterator(chunk_size=5000)
    )
    for row in scores:
        if row.family_id != family:
            _link(rows, changed)
            rows, family = [], row.family_id
        rows.append(row)
        if len(changed) >= 5000:
            ScoreValue.objects.bulk_update(changed, ["baseline", "family_first"], batch_size=1000)
            changed = []
    _link(rows, changed)
    ScoreValue.objects.bulk_update(changed, ["baseline", "family_first"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("mapping", "0003_score_baseline")]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]

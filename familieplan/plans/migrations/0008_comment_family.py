"""A measure comment carries its measure's family (filled in for the comments there are)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_family(apps, schema_editor):
    Comment = apps.get_model("plans", "MeasureComment")
    Measure = apps.get_model("plans", "Measure")
    family = Measure.objects.filter(pk=OuterRef("measure_id")).values("goal__plan__family_id")
    Comment.objects.update(family_id=Subquery(family[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0010_versions_default_in_the_database"),
        ("plans", "0007_measure_open_by_due"),
    ]

    operations = [
        migrations.AddField(
            model_name="measurecomment",
            name="family",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="families.family",
                verbose_name="familie",
            ),
        ),
        migrations.RunPython(fill_family, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="measurecomment",
            name="family",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="families.family",
                verbose_name="familie",
            ),
        ),
        migrations.AddIndex(
            model_name="measurecomment",
            index=models.Index(fields=["family", "created_at"], name="comment_family_new"),
        ),
    ]

"""Seeds the one verified median: income year 2022, EU scale (REFERENCE.md §1)."""

from decimal import Decimal

from django.db import migrations

SOURCE = (
    "SSB, «Nedgang i husholdningenes realinntekt» (inntekts- og formuesstatistikk for "
    "husholdninger 2022): medianinntekt etter skatt per forbruksenhet, EU-skala"
)


def seed(apps, schema_editor):
    ReferenceMedian = apps.get_model("families", "ReferenceMedian")
    ReferenceMedian.objects.get_or_create(
        year=2022,
        scale="eu",
        defaults={"amount": Decimal("445600"), "source": SOURCE, "verified": True},
    )


def unseed(apps, schema_editor):
    apps.get_model("families", "ReferenceMedian").objects.filter(year=2022, scale="eu").delete()


class Migration(migrations.Migration):
    dependencies = [("families", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

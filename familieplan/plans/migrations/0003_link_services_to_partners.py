"""Keep every measure's responsible service: the text becomes a partner in the measure's
municipality (one per distinct name)."""

from django.db import migrations


def link_services_to_partners(apps, schema_editor):
    Measure = apps.get_model("plans", "Measure")
    Partner = apps.get_model("partners", "Partner")
    partners = {}
    for measure in Measure.objects.exclude(responsible_service="").iterator():
        key = (measure.municipality_id, measure.responsible_service.strip())
        if key not in partners:
            partners[key] = Partner.objects.filter(
                municipality_id=key[0], name=key[1]
            ).first() or Partner.objects.create(municipality_id=key[0], name=key[1], kind="other")
        Measure.objects.filter(pk=measure.pk).update(responsible_partner=partners[key])


def unlink_partners(apps, schema_editor):
    Measure = apps.get_model("plans", "Measure")
    for measure in Measure.objects.exclude(responsible_partner=None).select_related(
        "responsible_partner"
    ):
        Measure.objects.filter(pk=measure.pk).update(
            responsible_service=measure.responsible_partner.name[:200]
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_measure_partner_and_comments"), ("partners", "0001_initial")]

    operations = [migrations.RunPython(link_services_to_partners, unlink_partners)]

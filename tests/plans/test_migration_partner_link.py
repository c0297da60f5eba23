"""The plan issue stored a measure's responsible service as text; the partners issue turns it
into a link. The migration keeps every measure's service (plans 0002 → 0004)."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0002_measure_partner_and_comments")]


@pytest.mark.django_db(transaction=True)
def test_service_text_becomes_a_partner_in_the_same_municipality():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    muni = old.get_model("core", "Municipality").objects.create(
        number="9901", name="Demo", county="Demo"
    )
    unit = old.get_model("core", "Unit").objects.create(municipality=muni, name="Senteret")
    family = old.get_model("families", "Family").objects.create(
        municipality=muni, unit=unit, name="Familien Lund"
    )
    plan = old.get_model("plans", "FamilyPlan").objects.create(
        municipality=muni, family=family, period_start=date(2026, 1, 1), period_end=date(2027, 1, 1)
    )
    domain = old.get_model("families", "Domain").objects.create(
        municipality=muni, code="work", name="Arbeid"
    )
    goal = old.get_model("plans", "Goal").objects.create(
        municipality=muni, plan=plan, domain=domain, own_words="Jobb"
    )
    Measure = old.get_model("plans", "Measure")
    for what in ("Kurs", "Praksis"):
        Measure.objects.create(
            municipality=muni,
            goal=goal,
            what=what,
            responsible_kind="service",
            responsible_service="NAV Demo ",
            due_on=date(2026, 6, 1),
        )

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)

    from familieplan.partners.models import Partner
    from familieplan.plans.models import Measure as NewMeasure

    partner = Partner.objects.get()
    assert partner.name == "NAV Demo" and partner.municipality_id == muni.pk
    assert set(NewMeasure.objects.values_list("responsible_partner", flat=True)) == {partner.pk}

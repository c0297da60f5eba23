"""The plan's caseload counters join the one counters query."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familieplan.families import caseload
from familieplan.families.models import Domain, Enrolment, Family, ProgrammeSettings
from familieplan.plans import services
from tests.factories import make_partner


def test_overdue_measures_and_review_due(world):
    ProgrammeSettings.for_municipality(world.muni_a)
    today = timezone.localdate()
    Enrolment.objects.create(
        municipality=world.muni_a,
        family=world.family_a,
        status="active",
        started_on=today - timedelta(days=400),
    )
    plan = services.plan_create(
        family=world.family_a,
        by=world.coordinator,
        period_start=today - timedelta(days=400),
        period_end=today + timedelta(days=400),
        next_review_on=today + timedelta(days=7),
    )
    goal = services.goal_add(
        plan=plan,
        by=world.coordinator,
        own_words="Bolig",
        domain=Domain.objects.get(municipality=world.muni_a, code="housing"),
    )
    late = services.measure_add(
        goal=goal,
        by=world.coordinator,
        what="Søke bostøtte",
        responsible_kind="service",
        responsible_partner=make_partner(municipality=world.muni_a),
        due_on=today - timedelta(days=3),
    )
    ctx = caseload.CaseloadContext(today=today, now=timezone.now(), no_contact_days=30)
    with CaptureQueriesContext(connection) as queries:
        counts = caseload.count_needs(Family.objects.all(), ctx)
    assert len(queries) == 1
    assert counts["overdue_measures"] == 1 and counts["review_due"] == 1
    services.measure_move(
        measure=late, by=world.coordinator, to="done", expected_version=1, reason="Innvilget."
    )
    counts = caseload.count_needs(Family.objects.all(), ctx)
    assert counts["overdue_measures"] == 0


def test_counters_show_on_the_caseload_page(client, world):
    client.force_login(world.team_lead)
    page = client.get("/families/").content.decode()
    assert "Tiltak over fristen" in page and "Planen skal evalueres snart" in page

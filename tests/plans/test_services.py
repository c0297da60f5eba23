"""Familiens plan: one current plan, goals, measures with one responsible party and a final
lifecycle, no lost updates, agreement tied to a version, history as of a date and diffs."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from familieplan.families.models import Domain, Enrolment, ProgrammeSettings
from familieplan.plans import queries, services
from familieplan.plans.diff import diff
from familieplan.plans.models import FamilyPlan, Measure, PlanVersion
from tests.factories import make_member, make_partner

START, END = date(2026, 1, 1), date(2030, 12, 31)


@pytest.fixture
def enrolled(world):
    ProgrammeSettings.for_municipality(world.muni_a)
    Enrolment.objects.create(
        municipality=world.muni_a, family=world.family_a, status="active", started_on=START
    )
    return world.family_a


@pytest.fixture
def plan(enrolled, world):
    return services.plan_create(
        family=enrolled,
        by=world.coordinator,
        period_start=START,
        period_end=END,
        needs="Oversikt over økonomien.",
    )


@pytest.fixture
def housing(world):
    return Domain.objects.get(municipality=world.muni_a, code="housing")


@pytest.fixture
def goal(plan, world, housing):
    return services.goal_add(
        plan=plan, by=world.coordinator, domain=housing, own_words="Vi vil bo et sted lenge."
    )


def add_measure(goal, world, **kw):
    values = {
        "what": "Søke om bostøtte",
        "responsible_kind": "coordinator",
        "responsible_user": world.coordinator,
        "due_on": date(2026, 3, 1),
    }
    values.update(kw)
    return services.measure_add(goal=goal, by=world.coordinator, **values)


def test_plan_needs_an_enrolled_family(world):
    with pytest.raises(ValidationError, match="må delta i programmet"):
        services.plan_create(
            family=world.family_b, by=world.coordinator_b, period_start=START, period_end=END
        )


def test_one_current_plan_per_family(plan, world, enrolled):
    second = services.plan_create(
        family=enrolled, by=world.coordinator, period_start=date(2027, 1, 1), period_end=END
    )
    assert list(enrolled.plans.filter(is_current=True)) == [second]
    plan.refresh_from_db()
    assert plan.is_current is False
    with pytest.raises(IntegrityError), transaction.atomic():
        FamilyPlan.objects.filter(pk=plan.pk).update(is_current=True)


def test_goal_in_a_domain_the_programme_does_not_use_is_refused(plan, world, housing):
    housing.active = False
    housing.save()
    with pytest.raises(ValidationError, match="brukes ikke"):
        services.goal_add(plan=plan, by=world.coordinator, domain=housing, own_words="x")
    other = Domain.objects.create(municipality=world.muni_b, code="housing", name="Bolig")
    with pytest.raises(ValidationError, match="brukes ikke"):
        services.goal_add(plan=plan, by=world.coordinator, domain=other, own_words="x")


def test_a_childs_own_goal_is_recorded_as_theirs(plan, world, housing):
    child = make_member(
        family=plan.family, role="child", first_name="Eva", birth_date=date(2014, 1, 1)
    )
    goal = services.goal_add(
        plan=plan,
        by=world.coordinator,
        domain=housing,
        member=child,
        members_own_voice=True,
        own_words="Jeg vil ha mitt eget rom.",
    )
    stored = plan.versions.first().snapshot["goals"][0]
    assert stored["member"] == "Eva Hansen" and stored["members_own_voice"] is True
    assert goal.member == child


@pytest.mark.parametrize(
    "kw",
    [
        {"responsible_kind": "coordinator", "responsible_user": None},
        {"responsible_kind": "service", "responsible_user": None, "responsible_partner": None},
        {"responsible_kind": "member", "responsible_user": None},
        {"responsible_kind": "coordinator", "responsible_partner": "nav"},
    ],
)
def test_a_measure_needs_exactly_one_responsible_party(goal, world, kw):
    if kw.get("responsible_partner") == "nav":
        kw = {**kw, "responsible_partner": make_partner(municipality=world.muni_a)}
    with pytest.raises(ValidationError, match="nøyaktig én ansvarlig"):
        add_measure(goal, world, **kw)
    assert not Measure.objects.exists()


def test_due_date_outside_the_plan_period_is_refused(goal, world):
    with pytest.raises(ValidationError, match="innenfor planperioden"):
        add_measure(goal, world, due_on=START - timedelta(days=1))


def test_the_database_also_refuses_two_responsible_parties(goal, world):
    measure = add_measure(goal, world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(
            responsible_partner=make_partner(municipality=world.muni_a)
        )


def test_lifecycle_closing_needs_a_reason_and_final_is_final(goal, world):
    measure = add_measure(goal, world)
    measure = services.measure_move(
        measure=measure, by=world.coordinator, to="in_progress", expected_version=1
    )
    with pytest.raises(ValidationError, match="begrunnelse"):
        services.measure_move(measure=measure, by=world.coordinator, to="done", expected_version=2)
    measure = services.measure_move(
        measure=measure,
        by=world.coordinator,
        to="done",
        expected_version=2,
        reason="Bostøtte innvilget.",
    )
    assert measure.status == "done" and measure.closed_on == timezone.localdate()
    with pytest.raises(ValidationError, match="avsluttet og kan ikke endres"):
        services.measure_move(
            measure=measure, by=world.coordinator, to="cancelled", expected_version=3, reason="x"
        )


def test_reopening_creates_a_new_linked_measure(goal, world):
    measure = add_measure(goal, world, status="planned")
    measure = services.measure_move(
        measure=measure,
        by=world.coordinator,
        to="cancelled",
        expected_version=1,
        reason="Familien flyttet.",
    )
    again = services.measure_reopen(measure=measure, by=world.coordinator, due_on=date(2026, 6, 1))
    assert again.pk != measure.pk and again.reopened_from == measure
    assert again.status == "planned"
    measure.refresh_from_db()
    assert measure.status == "cancelled"


def test_a_stale_edit_is_refused_and_the_newer_version_is_kept(goal, world):
    measure = add_measure(goal, world)
    services.measure_move(measure=measure, by=world.colleague, to="in_progress", expected_version=1)
    with pytest.raises(services.StaleEdit) as refused:
        services.measure_move(
            measure=measure, by=world.coordinator, to="cancelled", expected_version=1, reason="x"
        )
    assert refused.value.current.status == "in_progress"
    assert Measure.objects.get(pk=measure.pk).status == "in_progress"
    with pytest.raises(services.StaleEdit):
        services.goal_update(
            goal=goal, by=world.coordinator, expected_version=7, own_words="ny tekst"
        )


def test_agreement_is_tied_to_a_version(plan, world, goal):
    parent = make_member(family=plan.family, first_name="Kari")
    assert queries.agreed_version_is_current(plan) is None
    plan.refresh_from_db()
    services.plan_agree(
        plan=plan,
        by=world.coordinator,
        member=parent,
        how="meeting",
        agreed_on=timezone.localdate(),
        expected_version=plan.version,
    )
    plan.refresh_from_db()
    assert queries.agreed_version_is_current(plan) is True
    add_measure(goal, world)
    plan.refresh_from_db()
    assert queries.agreed_version_is_current(plan) is False


def test_every_change_is_a_version_readable_as_of_a_date_and_comparable(enrolled, world, housing):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 1, 5, 9)), tick=False):
        plan = services.plan_create(
            family=enrolled, by=world.coordinator, period_start=START, period_end=END
        )
        goal = services.goal_add(
            plan=plan, by=world.coordinator, domain=housing, own_words="Stabil bolig"
        )
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 2, 5, 9)), tick=False):
        measure = add_measure(goal, world)
        services.measure_move(
            measure=measure, by=world.colleague, to="in_progress", expected_version=1
        )
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4]
    assert versions[-1].by == world.colleague
    january = queries.version_as_of(plan, timezone.make_aware(timezone.datetime(2026, 1, 31)))
    assert january.number == 2 and january.snapshot["goals"][0]["measures"] == []
    changes = diff(versions[1].snapshot, versions[3].snapshot)
    assert [(c.kind, c.change) for c in changes] == [("measure", "added")]
    changes = diff(versions[2].snapshot, versions[3].snapshot)
    assert [(c.field, c.old, c.new) for c in changes] == [("status", "planned", "in_progress")]

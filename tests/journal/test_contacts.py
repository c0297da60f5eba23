"""Recording contacts: what is stored, what is refused (with nothing saved), and that a stored
contact is never changed."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from familieplan.families.models import Enrolment, Family
from familieplan.journal import services
from familieplan.journal.models import Contact
from familieplan.plans import services as plan_services
from tests.factories import make_member, make_partner


def record(shared, **overrides):
    fields = {
        "family": shared.family,
        "by": shared.world.coordinator,
        "at": timezone.now() - timedelta(hours=2),
        "kind": Contact.Kind.HOME_VISIT,
        "minutes": 90,
        "summary": "Gikk gjennom budsjettet.",
    }
    fields.update(overrides)
    return services.contact_record(**fields)


def refused(shared, **overrides) -> dict:
    """The field errors of a refused contact; asserts that nothing was stored."""
    before = Family.objects.get(pk=shared.family.pk).last_activity_at
    with pytest.raises(ValidationError) as caught:
        record(shared, **overrides)
    assert not Contact.objects.exists()
    assert Family.objects.get(pk=shared.family.pk).last_activity_at == before
    return caught.value.message_dict


def test_a_contact_with_participants_and_plan_links(shared):
    national = make_partner(municipality=None, name="Røde Kors", kind="volunteer")
    contact = record(
        shared,
        members=[shared.mother, shared.child],
        partners=[shared.school, national],
        goals=[shared.child_goal],
        measures=[shared.child_measure],
    )
    contact = Contact.objects.get(pk=contact.pk)
    assert contact.municipality_id == shared.family.municipality_id
    assert contact.recorded_by == shared.world.coordinator
    assert set(contact.members.all()) == {shared.mother, shared.child}
    assert set(contact.partners.all()) == {shared.school, national}
    assert list(contact.goals.all()) == [shared.child_goal]
    assert list(contact.measures.all()) == [shared.child_measure]


def test_last_activity_moves_forward_never_back(shared):
    Family.objects.filter(pk=shared.family.pk).update(last_activity_at=None)
    shared.family.refresh_from_db()
    recent = timezone.now() - timedelta(hours=1)
    record(shared, at=recent)
    assert Family.objects.get(pk=shared.family.pk).last_activity_at == recent
    record(shared, at=recent - timedelta(days=20))  # registered late
    assert Family.objects.get(pk=shared.family.pk).last_activity_at == recent
    assert shared.family.last_activity_at == recent


def test_a_few_minutes_of_clock_skew_is_allowed(shared):
    assert record(shared, at=timezone.now() + timedelta(minutes=3)).pk


def test_a_contact_in_the_future_is_refused(shared):
    errors = refused(shared, at=timezone.now() + timedelta(minutes=10))
    assert errors == {"at": ["En kontakt kan ikke være fram i tid."]}


@pytest.mark.parametrize("minutes", [0, -5])
def test_no_or_negative_duration_is_refused(shared, minutes):
    errors = refused(shared, minutes=minutes)
    assert errors == {"minutes": ["Varigheten må være minst 1 minutt."]}


@pytest.mark.parametrize("minutes", [24 * 60 + 1, 10_000])
def test_more_than_a_day_is_refused(shared, minutes):
    errors = refused(shared, minutes=minutes)
    assert errors == {"minutes": ["En kontakt kan ikke vare mer enn 24 timer."]}


def test_a_whole_day_is_allowed(shared):
    assert record(shared, minutes=24 * 60).minutes == 1440


@pytest.mark.parametrize("summary", ["", "   \n"])
def test_a_summary_is_required(shared, summary):
    assert refused(shared, summary=summary) == {
        "summary": ["Skriv et kort sammendrag av kontakten."]
    }


def test_an_unknown_kind_is_refused(shared):
    assert set(refused(shared, kind="letter")) == {"kind"}


def test_a_person_from_another_family_is_refused(shared):
    stranger = make_member(family=shared.world.family_a_colleague, first_name="Kari")
    assert set(refused(shared, members=[shared.mother, stranger])) == {"members"}


def test_a_service_from_another_municipality_is_refused(shared):
    elsewhere = make_partner(municipality=shared.world.muni_b, name="Fjordvik skole")
    assert refused(shared, partners=[elsewhere]) == {
        "partners": ["Tjenesten finnes ikke i denne kommunen."]
    }


def test_a_meeting_with_a_service_names_the_service(shared):
    errors = refused(shared, kind=Contact.Kind.SERVICE_MEETING)
    assert errors == {"partners": ["Velg hvilken tjeneste møtet var med."]}
    assert record(shared, kind=Contact.Kind.SERVICE_MEETING, partners=[shared.school]).pk


def test_goals_and_measures_of_another_family_are_refused(shared):
    other = shared.world.family_a_colleague
    Enrolment.objects.create(
        municipality=other.municipality, family=other, status="active", started_on=date(2026, 1, 1)
    )
    plan = plan_services.plan_create(
        family=other,
        by=shared.world.colleague,
        period_start=date(2026, 1, 1),
        period_end=date(2030, 12, 31),
    )
    goal = plan_services.goal_add(
        plan=plan, by=shared.world.colleague, domain=shared.family_goal.domain, own_words="Bo"
    )
    measure = plan_services.measure_add(
        goal=goal,
        by=shared.world.colleague,
        what="Søke bolig",
        responsible_kind="coordinator",
        responsible_user=shared.world.colleague,
        due_on=date(2027, 1, 1),
    )
    errors = refused(shared, goals=[shared.family_goal, goal], measures=[measure])
    assert errors == {
        "goals": ["Målet hører ikke til familiens plan."],
        "measures": ["Tiltaket hører ikke til familiens plan."],
    }


def test_every_problem_is_reported_at_once(shared):
    errors = refused(shared, at=timezone.now() + timedelta(days=1), minutes=0, summary="")
    assert set(errors) == {"at", "minutes", "summary"}


def test_a_stored_contact_is_never_changed_or_deleted(shared):
    contact = record(shared)
    contact.minutes = 10
    with pytest.raises(ValidationError):
        contact.save()
    with pytest.raises(PermissionError):
        contact.delete()
    assert Contact.objects.get(pk=contact.pk).minutes == 90


@pytest.mark.parametrize("minutes", [0, 1441])
def test_the_database_refuses_durations_out_of_range(shared, minutes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.create(
            municipality=shared.world.muni_a,
            family=shared.family,
            at=datetime(2026, 1, 1, 12, tzinfo=timezone.get_current_timezone()),
            kind=Contact.Kind.PHONE,
            minutes=minutes,
            summary="Telefon",
            recorded_by=shared.world.coordinator,
        )

"""Intake decision, enrolment lifecycle and coordinator hand-over."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from familieplan.families import services
from familieplan.families.models import CoordinatorAssignment, Enrolment, Family, IntakeDecision
from tests.factories import make_member


@pytest.fixture
def parent(world):
    return make_member(family=world.family_a, first_name="Kari", birth_date=date(1985, 1, 1))


def decide(client, world, **data):
    client.force_login(world.coordinator)
    return client.post(f"/families/{world.family_a.pk}/decision/", data)


def test_including_needs_consent(client, world, parent):
    response = decide(client, world, outcome="included", reason="I målgruppen.")
    assert response.status_code == 200
    assert "Familien må samtykke før den kan inkluderes." in response.content.decode()
    assert not IntakeDecision.objects.exists()


def test_included_family_gets_an_active_enrolment_with_planned_end_in_five_years(
    client, world, parent
):
    today = timezone.localdate()
    response = decide(
        client,
        world,
        outcome="included",
        reason="I målgruppen.",
        consent_given_by=str(parent.pk),
        consent_form="written",
        consent_given_on=today.isoformat(),
    )
    assert response.status_code == 302
    family = Family.objects.get(pk=world.family_a.pk)
    enrolment = family.enrolments.get()
    assert enrolment.status == "active" and enrolment.started_on == today
    assert enrolment.planned_end == today.replace(year=today.year + 5)
    assert family.stage == "active" and family.planned_end == enrolment.planned_end
    assert list(enrolment.events.values_list("from_status", "to_status")) == [("waiting", "active")]


def test_waiting_list_and_not_eligible(world, parent):
    services.intake_decide(
        family=world.family_a, by=world.coordinator, outcome="waiting_list", reason="Fullt nå."
    )
    assert Family.objects.get(pk=world.family_a.pk).stage == "waiting"
    services.intake_decide(
        family=world.family_b,
        by=world.coordinator_b,
        outcome="not_eligible",
        reason="Over grensen.",
    )
    assert Family.objects.get(pk=world.family_b.pk).stage == "not_included"


def test_a_family_cannot_be_taken_in_twice(world, parent):
    services.intake_decide(
        family=world.family_a, by=world.coordinator, outcome="waiting_list", reason="Fullt nå."
    )
    with pytest.raises(ValidationError, match="deltar allerede"):
        services.intake_decide(
            family=world.family_a, by=world.coordinator, outcome="waiting_list", reason="Igjen."
        )


def make_enrolment(world, status="waiting"):
    return Enrolment.objects.create(
        municipality=world.muni_a,
        family=world.family_a,
        status=status,
        started_on=date(2024, 1, 1) if status != "waiting" else None,
    )


ALL = ["waiting", "active", "paused", "ended"]
ALLOWED = {
    ("waiting", "active"),
    ("waiting", "ended"),
    ("active", "paused"),
    ("active", "ended"),
    ("paused", "active"),
    ("paused", "ended"),
}


@pytest.mark.parametrize("start", ALL)
@pytest.mark.parametrize("to", ALL)
def test_status_transitions_table(world, start, to):
    enrolment = make_enrolment(world, "active" if start == "ended" else start)
    if start == "ended":
        enrolment.move_to(
            "ended", on=date(2025, 1, 1), by=world.coordinator, end_reason="completed"
        )
    if (start, to) in ALLOWED:
        services.enrolment_change(
            enrolment=enrolment,
            to=to,
            by=world.coordinator,
            on=date(2025, 2, 1),
            end_reason="moved",
        )
        assert Enrolment.objects.get(pk=enrolment.pk).status == to
        assert Family.objects.get(pk=world.family_a.pk).stage == to
    else:
        with pytest.raises(ValidationError):
            services.enrolment_change(
                enrolment=enrolment,
                to=to,
                by=world.coordinator,
                on=date(2025, 2, 1),
                end_reason="moved",
            )
        assert Enrolment.objects.get(pk=enrolment.pk).status == start


def test_ending_needs_a_reason_and_sets_follow_up(client, world):
    enrolment = make_enrolment(world, "active")
    client.force_login(world.coordinator)
    url = f"/families/{world.family_a.pk}/enrolments/{enrolment.pk}/change/"
    today = timezone.localdate()
    version = enrolment.version
    response = client.post(url, {"to": "ended", "on": today.isoformat(), "version": version})
    assert "Velg hvorfor deltakelsen avsluttes." in response.content.decode()
    assert Enrolment.objects.get(pk=enrolment.pk).status == "active"
    ended = {"to": "ended", "on": today.isoformat(), "end_reason": "goals_reached"}
    client.post(url, {**ended, "version": version})
    enrolment.refresh_from_db()
    assert enrolment.status == "ended" and enrolment.end_reason == "goals_reached"
    assert enrolment.follow_up_until is not None and enrolment.follow_up_until > today


def test_database_allows_only_one_open_enrolment(world):
    make_enrolment(world, "active")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_enrolment(world, "waiting")


def test_hand_over_keeps_the_history(world):
    today = timezone.localdate()
    services.family_assign_coordinator(
        family=world.family_a,
        coordinator=world.colleague,
        kind="primary",
        by=world.team_lead,
        on=today,
        note="Permisjon.",
    )
    family = Family.objects.get(pk=world.family_a.pk)
    assert family.coordinator == world.colleague
    services.family_assign_coordinator(
        family=family,
        coordinator=world.coordinator,
        kind="primary",
        by=world.team_lead,
        on=today + timedelta(days=30),
    )
    rows = list(
        CoordinatorAssignment.objects.order_by("started_on").values_list(
            "coordinator__username", "ended_on"
        )
    )
    assert rows == [("koordinator2", today + timedelta(days=30)), ("koordinator", None)]


def test_coordinator_from_another_unit_or_municipality_is_refused(world):
    with pytest.raises(ValidationError, match="familiens enhet"):
        services.family_assign_coordinator(
            family=world.family_a,
            coordinator=world.coordinator_b,
            kind="primary",
            by=world.team_lead,
            on=timezone.localdate(),
        )


def test_same_person_cannot_be_coordinator_and_co(world):
    with pytest.raises(ValidationError, match="både koordinator og medkoordinator"):
        services.family_assign_coordinator(
            family=world.family_a,
            coordinator=world.coordinator,
            kind="co",
            by=world.team_lead,
            on=timezone.localdate(),
        )


def test_assign_through_the_page(client, world):
    client.force_login(world.team_lead)
    response = client.post(
        f"/families/{world.family_a.pk}/coordinator/",
        {
            "coordinator": world.colleague.pk,
            "kind": "co",
            "note": "Hjelper med skole.",
            "version": world.family_a.version,
        },
    )
    assert response.status_code == 302
    assert Family.objects.get(pk=world.family_a.pk).co_coordinator == world.colleague


def test_moves_last_12_months(world):
    today = date(2026, 6, 1)
    for valid_from in (date(2020, 1, 1), date(2025, 3, 1), date(2025, 8, 1), date(2026, 2, 1)):
        services.address_register_move(
            family=world.family_a,
            street="Gate 1",
            postal_code="0150",
            city="Oslo",
            valid_from=valid_from,
        )
    assert world.family_a.moves_last_12_months(today) == 2


def test_remove_co_coordinator_keeps_history(client, world):
    services.family_assign_coordinator(
        family=world.family_a,
        coordinator=world.colleague,
        kind="co",
        by=world.team_lead,
        on=timezone.localdate(),
    )
    client.force_login(world.coordinator)
    url = f"/families/{world.family_a.pk}/co-coordinator/remove/"
    assert client.get(url).status_code == 405
    version = Family.objects.get(pk=world.family_a.pk).version
    assert client.post(url, {"version": version}).status_code == 302
    assert Family.objects.get(pk=world.family_a.pk).co_coordinator is None
    assignment = CoordinatorAssignment.objects.get(kind="co")
    assert assignment.ended_on == timezone.localdate()
    client.force_login(world.colleague)  # no longer co-coordinator: read-only now
    assert client.post(url).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_people_deciding_at_once_get_one_enrolment_and_a_message(world):
    """The second decision on the same family is refused with a message, not a crash."""
    import threading

    from django.db import connection

    make_member(family=world.family_a, first_name="Kari", birth_date=date(1985, 1, 1))
    results = []

    def decide_once():
        try:
            services.intake_decide(
                family=Family.objects.get(pk=world.family_a.pk),
                by=world.coordinator,
                outcome="waiting_list",
                reason="Fullt.",
            )
            results.append("ok")
        except ValidationError as error:
            results.append(error.messages[0])
        finally:
            connection.close()

    if connection.vendor == "sqlite":
        decide_once()
        decide_once()
    else:
        threads = [threading.Thread(target=decide_once) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(results) == ["Familien deltar allerede i programmet.", "ok"]
    assert Enrolment.objects.filter(family=world.family_a).count() == 1

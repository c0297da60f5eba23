"""The daily reminder job: one digest per coordinator, no names in it, opt-out, idempotent;
the same things show in the caseload counters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from familieplan.families import caseload
from familieplan.families.models import Family
from familieplan.outbox.models import OutgoingEmail
from familieplan.plans.models import FamilyPlan
from familieplan.reminders.digest import collect, send_digests
from tests.factories import make_consent


@pytest.fixture
def due(shared):
    """The shared family: measures due in 30 days; make one due in 3, a review and a consent."""
    today = timezone.localdate()
    shared.family_measure.due_on = today + timedelta(days=3)
    shared.family_measure.save()
    FamilyPlan.objects.filter(family=shared.family).update(next_review_on=today + timedelta(days=5))
    make_consent(
        family=shared.family,
        partner=shared.school,
        subject=shared.mother,
        valid_until=today + timedelta(days=20),
        recorded_by=shared.world.coordinator,
    )
    shared.world.coordinator.email = "kari@kommune.no"
    shared.world.coordinator.save()
    return shared


def test_collect_finds_measures_reviews_and_expiring_consents(due):
    digest = collect(timezone.localdate())[due.world.coordinator.pk]
    assert digest.counts == {"measures_due": 1, "review_due": 1, "consent_expiring": 1}


def test_one_digest_per_coordinator_without_names_and_only_once_a_day(due):
    today = timezone.localdate()
    assert send_digests(today) == (1, 0)
    email = OutgoingEmail.objects.get(topic="reminder_digest")
    assert email.to == "kari@kommune.no"
    assert "1 familie har tiltak med frist innen en uke" in email.body
    assert "needs=consent_expiring" in email.body
    for name in (due.family.name, "Mona", "Ella"):
        assert name not in email.body and name not in email.subject
    assert send_digests(today) == (0, 1)  # already sent today
    assert OutgoingEmail.objects.filter(topic="reminder_digest").count() == 1


def test_a_person_can_opt_out(due, client):
    client.force_login(due.world.coordinator)
    response = client.post(
        "/accounts/settings/", {"email": "kari@kommune.no", "receives_reminder_digest": ""}
    )
    assert response.status_code == 302
    call_command("send_reminders")
    assert not OutgoingEmail.objects.filter(topic="reminder_digest").exists()


def test_the_command_refuses_a_bad_date(due):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "23.11.2026")


def test_the_caseload_counts_the_same_things(due):
    today = timezone.localdate()
    ctx = caseload.CaseloadContext(today=today, now=timezone.now(), no_contact_days=30)
    counts = caseload.count_needs(Family.objects.all(), ctx)
    assert counts["measures_due"] == 1 and counts["review_due"] == 1
    assert counts["consent_expiring"] == 1


@pytest.mark.django_db(transaction=True)
def test_the_digest_reaches_the_smtp_server(due, smtp_server, run_worker):
    call_command("send_reminders")
    run_worker()
    assert len(smtp_server.messages) == 1
    assert "Påminnelser fra Familieplan" in smtp_server.messages[0]["Subject"]

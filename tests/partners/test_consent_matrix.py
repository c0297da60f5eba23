"""The consent matrix through HTTP: what a partner user sees of a family, and when it stops.

Valid consent → the family; no, expired, future, refused or withdrawn consent → 404 (the same
answer as for a family that does not exist); a topic outside the consent → not shown; a
consent about a child covers that child's part only.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from familieplan.core.models import AccessLog
from familieplan.partners import services
from familieplan.plans.models import Measure, PlanVersion
from tests.factories import make_consent, make_user

TODAY = timezone.localdate


def page(client, shared):
    return client.get(f"/partner/{shared.family.pk}/")


def consent(shared, *, subject=None, given_by=None, topics=("plan", "meetings"), **kw):
    subject = subject or shared.mother
    return make_consent(
        family=shared.family,
        partner=kw.pop("partner", shared.school),
        subject=subject,
        given_by=given_by or subject,
        topics=topics,
        recorded_by=shared.world.coordinator,
        **kw,
    )


@pytest.fixture
def as_school(client, shared):
    client.force_login(shared.world.partner)
    return client


def test_without_consent_the_family_does_not_exist_for_the_partner(as_school, shared):
    assert page(as_school, shared).status_code == 404
    assert shared.family.name not in as_school.get("/partner/").content.decode()
    entry = AccessLog.objects.filter(family_id=shared.family.pk).latest("id")
    assert entry.outcome == AccessLog.Outcome.NOT_FOUND and entry.role == "partner"
    assert entry.municipality_id == shared.family.municipality_id  # its privacy officer sees it


@pytest.mark.parametrize(
    "window",
    [
        {"valid_from": TODAY() - timedelta(days=400), "valid_until": TODAY() - timedelta(days=1)},
        {"valid_from": TODAY() + timedelta(days=1), "valid_until": TODAY() + timedelta(days=90)},
        {"decision": "refused"},
    ],
    ids=["expired", "not-started", "refused"],
)
def test_a_consent_that_is_not_valid_today_shows_nothing(as_school, shared, window):
    consent(shared, **window)
    assert page(as_school, shared).status_code == 404


def test_expiry_takes_effect_the_day_after_the_last_valid_day(as_school, shared):
    last_day = TODAY() + timedelta(days=3)
    consent(shared, valid_until=last_day)
    assert page(as_school, shared).status_code == 200
    with time_machine.travel(last_day, tick=False):
        as_school.force_login(shared.world.partner)  # a new day, a new session
        assert page(as_school, shared).status_code == 200
    with time_machine.travel(last_day + timedelta(days=1), tick=False):
        as_school.force_login(shared.world.partner)
        assert page(as_school, shared).status_code == 404


def test_valid_consent_shows_the_family_and_only_its_consented_measures(as_school, shared):
    consent(shared)  # the mother, about herself: the family's shared matters
    response = page(as_school, shared)
    body = response.content.decode()
    assert response.status_code == 200
    assert shared.family_measure.what in body
    assert shared.child_measure.what not in body and shared.youth_measure.what not in body
    assert "Mona" in body and "Ella" not in body  # only people the consents are about
    entry = AccessLog.objects.filter(family_id=shared.family.pk).latest("id")
    assert entry.outcome == AccessLog.Outcome.ALLOWED and entry.username == "partner"


def test_a_consent_about_a_child_covers_the_childs_part_only(as_school, shared):
    consent(shared, subject=shared.child, given_by=shared.mother)
    body = page(as_school, shared).content.decode()
    assert shared.child_measure.what in body
    assert shared.family_measure.what not in body and shared.youth_measure.what not in body


def test_a_youths_own_consent_is_not_widened_by_the_parents(as_school, shared):
    consent(shared)  # the mother's consent about herself does not reach the youth's part
    assert shared.youth_measure.what not in page(as_school, shared).content.decode()
    consent(shared, subject=shared.youth)
    assert shared.youth_measure.what in page(as_school, shared).content.decode()


def test_a_topic_outside_the_consent_is_not_shown_and_cannot_be_changed(as_school, shared):
    consent(shared, topics=("school",))
    response = page(as_school, shared)
    assert response.status_code == 200
    assert shared.family_measure.what not in response.content.decode()
    post = as_school.post(
        f"/partner/{shared.family.pk}/measures/{shared.family_measure.pk}/status/",
        {"to": "done", "reason": "Ferdig", "version": 1},
    )
    assert post.status_code == 404
    assert Measure.objects.get(pk=shared.family_measure.pk).status == "planned"


def test_withdrawal_takes_effect_at_once(as_school, shared):
    given = consent(shared)
    assert page(as_school, shared).status_code == 200
    services.consent_withdraw(consent=given, by=shared.world.coordinator, method="oral")
    assert page(as_school, shared).status_code == 404
    assert shared.family.name not in as_school.get("/partner/").content.decode()


def test_another_service_sees_nothing_through_the_schools_consent(client, shared):
    consent(shared)
    client.force_login(shared.clinic_user)
    assert page(client, shared).status_code == 404


def test_a_partner_user_in_another_municipality_sees_nothing(client, shared):
    from familieplan.core.roles import Role
    from familieplan.partners.models import PartnerStaff

    consent(shared)
    elsewhere = make_user(username="skole-b", role=Role.PARTNER, municipality=shared.world.muni_b)
    PartnerStaff.objects.create(user=elsewhere, partner=shared.school)
    client.force_login(elsewhere)
    assert page(client, shared).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator_b", "researcher", "family_member"])
def test_nobody_else_reaches_the_partner_pages(client, shared, persona):
    consent(shared)
    client.force_login(shared.world.users()[persona])
    assert client.get("/partner/").status_code == 403
    assert page(client, shared).status_code in (403, 404)


def test_the_partner_marks_its_measure_done_and_comments(as_school, shared, client):
    consent(shared)
    base = f"/partner/{shared.family.pk}/measures/{shared.family_measure.pk}/"
    response = as_school.post(
        base + "status/", {"to": "done", "reason": "Leksehjelp startet.", "version": 1}
    )
    assert response.status_code == 302
    measure = Measure.objects.get(pk=shared.family_measure.pk)
    assert measure.status == "done" and measure.closing_reason == "Leksehjelp startet."
    assert PlanVersion.objects.latest("number").by == shared.world.partner
    assert (
        as_school.post(base + "comment/", {"text": "Ella kommer hver tirsdag."}).status_code == 302
    )
    assert as_school.post(base + "comment/", {"text": "  "}).status_code == 302  # refused, kept
    assert measure.comments.count() == 1
    client.force_login(shared.world.coordinator)
    plan = client.get(f"/plans/{shared.family.pk}/").content.decode()
    assert "Ella kommer hver tirsdag." in plan and "Lunde skole" in plan


def test_the_partner_cannot_cancel_a_measure(as_school, shared):
    consent(shared)
    as_school.post(
        f"/partner/{shared.family.pk}/measures/{shared.family_measure.pk}/status/",
        {"to": "cancelled", "reason": "Nei", "version": 1},
    )
    assert Measure.objects.get(pk=shared.family_measure.pk).status == "planned"


def test_a_stale_status_change_is_refused_with_a_message(as_school, shared):
    consent(shared)
    url = f"/partner/{shared.family.pk}/measures/{shared.family_measure.pk}/status/"
    as_school.post(url, {"to": "in_progress", "version": 1})
    response = as_school.post(url, {"to": "done", "reason": "x", "version": 1}, follow=True)
    assert "Noen andre har lagret en endring" in response.content.decode()
    assert Measure.objects.get(pk=shared.family_measure.pk).status == "in_progress"

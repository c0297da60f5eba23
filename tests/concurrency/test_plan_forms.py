"""The plan's forms, sent twice or from an older version: a new plan, goal, measure, review,
reopened measure or agreement sent twice is made once and the page shows the first; an edit
of a goal, a measure or the plan's frame from an older version keeps what was typed beside
what is stored now, and a second press saves; a status move pressed twice moves once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from familieplan.plans import services
from familieplan.plans.models import (
    FamilyPlan,
    Goal,
    Measure,
    PlanAgreement,
    PlanVersion,
    Review,
)
from tests.concurrency.helpers import form_from, inline_form, page_form
from tests.partners.conftest import shared  # noqa: F401

TWICE = "Skjemaet ble sendt mer enn én gang"
STALE = "Noen andre har lagret en endring mens du skrev"


@pytest.fixture
def staff(client, shared):  # noqa: F811
    client.force_login(shared.world.coordinator)
    return client


@pytest.fixture
def two(shared):  # noqa: F811
    """The coordinator and the team lead, both allowed to change the family's plan."""
    first, second = Client(), Client()
    first.force_login(shared.world.coordinator)
    second.force_login(shared.world.team_lead)
    return first, second


def _plan(shared, suffix: str = "") -> str:  # noqa: F811
    return f"/plans/{shared.family.pk}/{suffix}"


def _twice(client, url, data):
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    return first, second


def _landed(response) -> str:
    return response.redirect_chain[-1][0]


# Made once ----------------------------------------------------------------------------------


def test_a_new_plan_sent_twice_is_one_plan(staff, shared):  # noqa: F811
    url = _plan(shared, "new/")
    before = FamilyPlan.objects.count()
    first, second = _twice(staff, url, page_form(staff, url, needs="Trygg bolig."))
    assert first.status_code == 302, first.content.decode()[:2000]
    assert FamilyPlan.objects.count() == before + 1
    assert FamilyPlan.objects.filter(family=shared.family, is_current=True).get().needs == (
        "Trygg bolig."
    )
    assert TWICE in second.content.decode() and "Trygg bolig." in second.content.decode()


def test_a_goal_sent_twice_is_one_goal_and_the_page_shows_it(staff, shared):  # noqa: F811
    url = _plan(shared, "goals/new/")
    data = page_form(staff, url, own_words="Vi vil være mer ute sammen.")
    first, second = _twice(staff, url, data)
    goal = Goal.objects.get(own_words="Vi vil være mer ute sammen.")
    assert first["Location"].endswith(f"#goal-{goal.pk}")
    assert _landed(second).endswith(f"#goal-{goal.pk}")
    assert TWICE in second.content.decode() and f'id="goal-{goal.pk}"' in second.content.decode()


def test_a_measure_sent_twice_is_one_measure(staff, shared):  # noqa: F811
    url = _plan(shared, f"goals/{shared.family_goal.pk}/measures/new/")
    data = page_form(
        staff,
        url,
        what="Søke om fritidskort",
        responsible_kind="coordinator",
        responsible_user=str(shared.world.coordinator.pk),
        due_on=(timezone.localdate() + timedelta(days=20)).isoformat(),
    )
    first, second = _twice(staff, url, data)
    measure = Measure.objects.get(what="Søke om fritidskort")
    assert first["Location"].endswith(f"#measure-{measure.pk}")
    assert TWICE in second.content.decode() and _landed(second).endswith(f"#measure-{measure.pk}")


def test_a_review_sent_twice_is_one_review(staff, shared):  # noqa: F811
    url = _plan(shared, "reviews/new/")
    data = page_form(
        staff,
        url,
        what_changed="Ella leser mer.",
        next_review_on=(timezone.localdate() + timedelta(days=90)).isoformat(),
    )
    first, second = _twice(staff, url, data)
    assert first.status_code == 302 and Review.objects.count() == 1
    assert TWICE in second.content.decode() and "Ella leser mer." in second.content.decode()
    assert _landed(second).endswith(f"#review-{Review.objects.get().pk}")


def test_a_measure_reopened_twice_is_one_new_measure(staff, shared):  # noqa: F811
    closed = services.measure_move(
        measure=shared.family_measure,
        by=shared.world.coordinator,
        to="cancelled",
        expected_version=shared.family_measure.version,
        reason="Utsatt.",
    )
    url = _plan(shared, f"measures/{closed.pk}/reopen/")
    due = (timezone.localdate() + timedelta(days=40)).isoformat()
    first, second = _twice(staff, url, page_form(staff, url, due_on=due))
    reopened = Measure.objects.get(reopened_from=closed)
    assert first["Location"].endswith(f"#measure-{reopened.pk}")
    assert TWICE in second.content.decode()


def test_an_agreement_recorded_twice_is_one_agreement(staff, shared):  # noqa: F811
    url = _plan(shared, "agree/")
    data = page_form(staff, url, member=str(shared.mother.pk), how="meeting")
    first, second = _twice(staff, url, data)
    assert first.status_code == 302 and PlanAgreement.objects.count() == 1
    body = second.content.decode()
    assert TWICE in body and "Mona" in body and "var enig i versjon" in body


def test_a_new_agreement_form_records_a_second_agreement(staff, shared):  # noqa: F811
    url = _plan(shared, "agree/")
    for member in (shared.mother, shared.youth):
        staff.post(url, page_form(staff, url, member=str(member.pk), how="paper"))
    assert PlanAgreement.objects.count() == 2


# Edits from an older version ---------------------------------------------------------------


def test_a_goal_edited_by_two_people_keeps_the_first_save(two, shared):  # noqa: F811
    url = _plan(shared, f"goals/{shared.family_goal.pk}/edit/")
    first, second = two
    mine = page_form(first, url, own_words="Barna trives på skolen og i SFO")
    theirs = page_form(second, url, professional_wording="Trivsel og tilhørighet")
    assert first.post(url, mine).status_code == 302

    response = second.post(url, theirs)
    body = response.content.decode()
    assert response.status_code == 200 and STALE in body
    assert "Barna trives på skolen og i SFO" in body  # what the first one saved …
    assert "Trivsel og tilhørighet" in body  # … beside what the second one typed
    goal = Goal.objects.get(pk=shared.family_goal.pk)
    assert (goal.own_words, goal.professional_wording) == ("Barna trives på skolen og i SFO", "")

    again = second.post(url, form_from(body, url, theirs))
    assert again.status_code == 302
    assert Goal.objects.get(pk=goal.pk).professional_wording == "Trivsel og tilhørighet"


def test_the_same_goal_edit_pressed_twice_is_saved_once_without_alarm(staff, shared):  # noqa: F811
    url = _plan(shared, f"goals/{shared.family_goal.pk}/edit/")
    data = page_form(staff, url, own_words="Barna har det fint")
    before = shared.family_goal.version
    first, second = _twice(staff, url, data)
    assert first.status_code == 302
    assert STALE not in second.content.decode() and TWICE in second.content.decode()
    assert Goal.objects.get(pk=shared.family_goal.pk).version == before + 1


def test_a_measure_edited_meanwhile_shows_the_coordinator_by_name(two, shared):  # noqa: F811
    url = _plan(shared, f"measures/{shared.child_measure.pk}/edit/")
    first, second = two
    coordinator = shared.world.coordinator
    mine = page_form(
        first, url, responsible_kind="coordinator", responsible_user=str(coordinator.pk)
    )
    theirs = page_form(second, url, what="Skolen leser med Ella hver dag")
    assert first.post(url, mine).status_code == 302
    body = second.post(url, theirs).content.decode()
    assert STALE in body and coordinator.display_name in body
    assert "Skolen leser med Ella hver dag" in body
    assert Measure.objects.get(pk=shared.child_measure.pk).what == "Skolen: Lese bedre"
    assert second.post(url, form_from(body, url, theirs)).status_code == 302
    assert Measure.objects.get(pk=shared.child_measure.pk).what == "Skolen leser med Ella hver dag"


def test_the_plans_frame_edited_meanwhile_keeps_the_typing(two, shared):  # noqa: F811
    url = _plan(shared, "edit/")
    first, second = two
    mine = page_form(first, url, needs="Større bolig.")
    theirs = page_form(second, url, resources="Besteforeldre i nærheten.")
    assert first.post(url, mine).status_code == 302
    body = second.post(url, theirs).content.decode()
    assert STALE in body and "Større bolig." in body and "Besteforeldre i nærheten." in body
    plan = FamilyPlan.objects.get(family=shared.family, is_current=True)
    assert (plan.needs, plan.resources) == ("Større bolig.", "")
    assert second.post(url, form_from(body, url, theirs)).status_code == 302
    plan.refresh_from_db()
    assert plan.resources == "Besteforeldre i nærheten."


# The status control ------------------------------------------------------------------------


@pytest.mark.parametrize(("to", "reason"), [("in_progress", ""), ("done", "Ferdig.")])
def test_a_status_move_pressed_twice_moves_once(staff, shared, to, reason):  # noqa: F811
    measure = shared.family_measure
    action = _plan(shared, f"measures/{measure.pk}/move/")
    data = inline_form(staff, _plan(shared), action, to=to, reason=reason)
    versions = PlanVersion.objects.count()
    first, second = _twice(staff, action, data)
    assert first.status_code == 302
    body = second.content.decode()
    assert TWICE in body and STALE not in body
    assert PlanVersion.objects.count() == versions + 1
    assert Measure.objects.get(pk=measure.pk).status == to


def test_another_move_from_an_older_form_is_still_shown_as_stale(staff, shared):  # noqa: F811
    measure = shared.family_measure
    action = _plan(shared, f"measures/{measure.pk}/move/")
    mine = inline_form(staff, _plan(shared), action, to="in_progress")
    older = inline_form(staff, _plan(shared), action, to="cancelled", reason="Ikke aktuelt.")
    staff.post(action, mine)
    body = staff.post(action, older).content.decode()
    assert STALE in body and "Status nå: Pågår." in body and 'value="Ikke aktuelt."' in body
    assert Measure.objects.get(pk=measure.pk).status == "in_progress"

"""Overdue work is marked, in words and with its date: «Forfalt» on the staff's and the
family's plan pages for an open measure past its due date; the family's overview lists this
week's tasks, and overdue ones in their own group («Skulle vært gjort») — each person seeing
only what the one visibility rule allows (a youth's own tasks to the youth only)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from familieplan.plans import services as plan_services
from familieplan.plans.models import Measure

OLD = date(2024, 10, 1)


@pytest.fixture
def due(portal):
    """The family's measure overdue since yesterday, the youth's since 2024, Ella's in a month,
    and the mother's own task in three days."""
    shared = portal.shared
    today = timezone.localdate()
    Measure.objects.filter(pk=shared.family_measure.pk).update(due_on=today - timedelta(days=1))
    Measure.objects.filter(pk=shared.youth_measure.pk).update(due_on=OLD)
    soon = plan_services.measure_add(
        goal=shared.family_goal,
        by=shared.world.coordinator,
        what="Ringe tannlegen",
        responsible_kind="member",
        responsible_member=shared.mother,
        due_on=today + timedelta(days=3),
    )
    return portal, soon


def _section(body: str, heading: str) -> str:
    """The HTML of the section whose heading is `heading` (up to the next section)."""
    start = body.index(f">{heading}<")
    end = body.find("</section>", start)
    return body[start:end]


def test_query_vocabulary(due):
    portal, soon = due
    shared = portal.shared
    today = timezone.localdate()
    assert set(Measure.objects.overdue(today)) == {shared.family_measure, shared.youth_measure}
    assert set(Measure.objects.due_between(today, today + timedelta(days=7))) == {soon}
    plan_services.measure_move(
        measure=Measure.objects.get(pk=shared.youth_measure.pk),
        by=shared.world.coordinator,
        to="cancelled",
        expected_version=1,
        reason="Ikke aktuelt.",
    )
    assert set(Measure.objects.overdue(today)) == {shared.family_measure}
    assert shared.youth_measure.pk not in set(Measure.objects.open().values_list("pk", flat=True))


def test_the_staff_plan_page_marks_overdue_measures_with_the_date(client, due):
    portal, soon = due
    shared = portal.shared
    client.force_login(shared.world.coordinator)
    body = client.get(f"/plans/{shared.family.pk}/").content.decode()
    youth = body[body.index(f'id="measure-{shared.youth_measure.pk}"') :]
    youth = youth[: youth.index("</li>")]
    assert "Forfalt" in youth and "01.10.2024" in youth
    own = body[body.index(f'id="measure-{soon.pk}"') :]
    assert "Forfalt" not in own[: own.index("</li>")]
    assert body.count("Forfalt") == 2


def test_a_closed_measure_past_its_date_is_not_overdue(client, due):
    portal, _soon = due
    shared = portal.shared
    plan_services.measure_move(
        measure=Measure.objects.get(pk=shared.family_measure.pk),
        by=shared.world.coordinator,
        to="done",
        expected_version=1,
        reason="Ferdig.",
    )
    client.force_login(shared.world.coordinator)
    body = client.get(f"/plans/{shared.family.pk}/").content.decode()
    assert body.count("Forfalt") == 1  # the youth's only


def test_the_family_plan_page_marks_overdue_for_each_reader(client, due):
    portal, _soon = due
    client.force_login(portal.mother_user)
    body = client.get("/family/plan/").content.decode()
    assert body.count("Forfalt") == 1 and "01.10.2024" not in body  # the youth's is not hers
    client.force_login(portal.youth_user)
    body = client.get("/family/plan/").content.decode()
    assert body.count("Forfalt") == 2 and "01.10.2024" in body


def test_this_week_and_overdue_are_apart_on_the_family_overview(client, due):
    portal, soon = due
    shared = portal.shared
    client.force_login(portal.mother_user)
    body = client.get("/family/").content.decode()
    week = _section(body, "Denne uka")
    late = _section(body, "Skulle vært gjort")
    assert soon.what in week and shared.family_measure.what not in week
    assert shared.family_measure.what in late and soon.what not in late
    assert shared.child_measure.what not in body  # due in a month: not this week
    assert shared.youth_measure.what not in body  # the youth's own: not the mother's
    client.force_login(portal.youth_user)
    body = client.get("/family/").content.decode()
    late = _section(body, "Skulle vært gjort")
    assert shared.youth_measure.what in late and "01.10.2024" in late
    assert shared.youth_measure.what not in _section(body, "Denne uka")


def test_nothing_overdue_means_no_overdue_group(client, portal):
    client.force_login(portal.mother_user)
    body = client.get("/family/").content.decode()
    assert "Skulle vært gjort" not in body
    assert re.search(r"Ingenting med frist denne uka", body)

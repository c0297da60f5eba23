"""The plan's history is read in local time and in the reader's date format: a version saved
at 10:00 in Oslo (09:00 UTC, winter) says 10:00, and a changed due date reads as a date, not
as the ISO text the snapshot stores."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine

from familieplan.plans import services as plan_services


def test_history_times_and_dates_are_local_and_readable(client, shared):
    measure = shared.family_measure
    coordinator = shared.world.coordinator
    with time_machine.travel(datetime(2026, 12, 9, 9, 0, tzinfo=UTC), tick=False):
        plan_services.measure_update(
            measure=measure,
            by=coordinator,
            expected_version=measure.version,
            what=measure.what,
            due_on=date(2027, 3, 1),
            responsible_kind="service",
            responsible_partner=shared.school,
        )
    plan = measure.goal.plan
    plan.refresh_from_db()
    client.force_login(coordinator)
    history = f"/plans/{shared.family.pk}/history/"
    body = client.get(history).content.decode()
    assert f"Versjon {plan.version}, 09.12.2026 10:00" in body
    compared = client.get(history, {"a": plan.version - 1, "b": plan.version}).content.decode()
    assert "01.03.2027" in compared and "2027-03-01" not in compared

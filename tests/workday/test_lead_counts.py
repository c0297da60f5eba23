"""A team lead's blocks count only so far (`workday.today.COUNT_AT_MOST`): a whole
municipality has thousands of lines, and counting them all would read every one. Below the
cap the count is exact, as for a coordinator; above it the page says "99+" and "og mange
flere", and the link goes to the caseload, which counts them all."""

from __future__ import annotations

from familieplan.families.models import Family
from familieplan.workday.today import COUNT_AT_MOST
from tests.factories import make_family
from tests.workday.helpers import blocks, client_for


def _silent_families(world, count: int) -> None:
    for n in range(count):
        family = make_family(
            unit=world.unit_a, name=f"Familien {n:03}", coordinator=world.colleague
        )
        Family.objects.filter(pk=family.pk).update(stage=Family.Stage.ACTIVE)


def test_below_the_cap_a_leads_count_is_exact(world, wednesday):
    _silent_families(world, 12)
    got = blocks(client_for(world.team_lead))["no_contact"]
    assert len(got["lines"]) == 8 and got["total"] == 12 and got["rest"] == 4
    assert got["over"] is None
    assert "og 4 til" in client_for(world.team_lead).get("/").content.decode()


def test_above_the_cap_a_lead_sees_more_than(world, wednesday):
    _silent_families(world, COUNT_AT_MOST + 2)
    got = blocks(client_for(world.team_lead))["no_contact"]
    assert len(got["lines"]) == 8
    assert got["total"] == COUNT_AT_MOST + 1 and got["over"] == COUNT_AT_MOST
    page = client_for(world.team_lead).get("/").content.decode()
    assert f"({COUNT_AT_MOST}+)" in page and "og mange flere" in page
    # The caseload behind the link counts every one.
    counts = {c.key: n for c, n in client_for(world.team_lead).get(got["more"]).context["counters"]}
    assert counts["no_contact"] == COUNT_AT_MOST + 2


def test_a_coordinator_is_counted_exactly_however_many(world, wednesday):
    for n in range(COUNT_AT_MOST + 2):
        family = make_family(
            unit=world.unit_a, name=f"Familien {n:03}", coordinator=world.coordinator
        )
        Family.objects.filter(pk=family.pk).update(stage=Family.Stage.ACTIVE)
    got = blocks(client_for(world.coordinator))["no_contact"]
    assert got["total"] == COUNT_AT_MOST + 2 and got["over"] is None

"""Each block of the start page against hand-built data: the coordinator's own family shows,
a colleague's family, another unit's and another municipality's never do; the team lead sees
the unit's families (the colleague's too), and near misses show for nobody."""

from __future__ import annotations

import pytest

from familieplan.core.roles import Role
from familieplan.families.models import Family
from familieplan.journal.models import Contact
from tests.factories import make_user
from tests.workday.helpers import blocks, client_for, ids, things


@pytest.fixture
def day(world, wednesday):
    """One of everything in the coordinator's, the colleague's, the other unit's and the other
    municipality's family."""
    other_unit_coordinator = make_user(role="coordinator", unit=world.unit_a2)
    Family.objects.filter(pk=world.family_a_other_unit.pk).update(
        coordinator=other_unit_coordinator
    )
    world.family_a_other_unit.refresh_from_db()
    return {
        "mine": things(world.family_a, world.coordinator),
        "colleague": things(world.family_a_colleague, world.colleague),
        "other_unit": things(world.family_a_other_unit, other_unit_coordinator),
        "other_municipality": things(world.family_b, world.coordinator_b),
    }


def _expected(day, *whose):
    return [day[w] for w in whose]


def test_meetings_today_and_this_week(world, day):
    got = blocks(client_for(world.coordinator))["meetings"]
    mine = day["mine"]
    assert [line.object_id for line in got["lines"]] == [
        mine.meeting_today.pk,
        mine.meeting_friday.pk,
    ]
    assert got["total"] == 2
    assert got["lines"][0].when == "I dag 14.00"
    lead = blocks(client_for(world.team_lead))["meetings"]
    assert ids(lead) == {
        t.pk for w in ("mine", "colleague") for t in (day[w].meeting_today, day[w].meeting_friday)
    }


def test_measures_overdue_or_due_within_a_week_of_the_reader_or_the_members(world, day):
    got = blocks(client_for(world.coordinator))["measures"]
    mine = day["mine"]
    assert [line.object_id for line in got["lines"]] == [
        mine.measure_overdue.pk,
        mine.measure_member.pk,
    ]
    assert got["lines"][0].late and not got["lines"][1].late
    assert "Fristen var" in got["lines"][0].when
    lead = blocks(client_for(world.team_lead))["measures"]
    assert ids(lead) == {
        m.pk for w in ("mine", "colleague") for m in (day[w].measure_overdue, day[w].measure_member)
    }


def test_a_colleagues_measure_in_my_family_is_theirs(world, day):
    """Co-coordinated: the colleague's own measure in a family I coordinate is not mine."""
    from familieplan.plans.models import Measure

    Measure.objects.filter(pk=day["mine"].measure_overdue.pk).update(
        responsible_user=world.colleague
    )
    got = blocks(client_for(world.coordinator))["measures"]
    assert ids(got) == {day["mine"].measure_member.pk}


def test_new_from_the_families(world, day):
    got = blocks(client_for(world.coordinator))["from_families"]
    mine = day["mine"]
    assert ids(got) == {mine.proposal.pk, mine.family_comment.pk}
    assert got["total"] == 2
    texts = " ".join(line.text for line in got["lines"])
    assert "Svømming" in texts and "Vi har søkt" in texts
    lead = blocks(client_for(world.team_lead))["from_families"]
    assert ids(lead) == {
        t.pk for w in ("mine", "colleague") for t in (day[w].proposal, day[w].family_comment)
    }


def test_new_from_partners(world, day):
    got = blocks(client_for(world.coordinator))["from_partners"]
    mine = day["mine"]
    assert ids(got) == {mine.partner_comment.pk, mine.partner_update_id}
    assert any("Lunde skole" in line.text for line in got["lines"])
    lead = blocks(client_for(world.team_lead))["from_partners"]
    assert ids(lead) == {
        t
        for w in ("mine", "colleague")
        for t in (day[w].partner_comment.pk, day[w].partner_update_id)
    }


def test_mappings_due_or_late(world, day, wednesday):
    from datetime import timedelta

    Family.objects.filter(pk=world.family_a.pk).update(
        mapping_due_on=wednesday - timedelta(days=40), mapping_late_on=wednesday - timedelta(days=9)
    )
    got = blocks(client_for(world.coordinator))["mapping"]
    assert ids(got) == {world.family_a.pk}
    assert got["lines"][0].late and got["lines"][0].text == "Kartleggingen er forsinket"
    lead = blocks(client_for(world.team_lead))["mapping"]
    assert ids(lead) == {world.family_a.pk, world.family_a_colleague.pk}
    assert [line.text for line in lead["lines"]] == [
        "Kartleggingen er forsinket",
        "Kartlegging snart",
    ]
    # Due in two months: not yet.
    Family.objects.filter(pk=world.family_a_colleague.pk).update(
        mapping_due_on=wednesday + timedelta(days=60),
        mapping_late_on=wednesday + timedelta(days=91),
    )
    assert ids(blocks(client_for(world.team_lead))["mapping"]) == {world.family_a.pk}


def test_consents_about_to_expire(world, day):
    got = blocks(client_for(world.coordinator))["consents"]
    assert ids(got) == {day["mine"].consent.pk}
    assert got["lines"][0].when.startswith("Utløper")
    lead = blocks(client_for(world.team_lead))["consents"]
    assert ids(lead) == {day["mine"].consent.pk, day["colleague"].consent.pk}


def test_families_without_contact_for_too_long(world, day, wednesday):
    from datetime import timedelta

    from tests.workday.helpers import at

    got = blocks(client_for(world.coordinator))["no_contact"]
    assert ids(got) == {world.family_a.pk}
    assert got["lines"][0].text == "Ingen kontakt registrert"
    Family.objects.filter(pk=world.family_a.pk).update(
        last_contact_at=at(wednesday - timedelta(days=5), 9)
    )
    assert ids(blocks(client_for(world.coordinator))["no_contact"]) == set()
    Family.objects.filter(pk=world.family_a.pk).update(
        last_contact_at=at(wednesday - timedelta(days=45), 9)
    )
    line = blocks(client_for(world.coordinator))["no_contact"]["lines"][0]
    assert line.text == "Siste kontakt for 45 dager siden"
    lead = blocks(client_for(world.team_lead))["no_contact"]
    assert ids(lead) == {world.family_a.pk, world.family_a_colleague.pk}
    assert Contact  # the journal keeps last_contact_at in step (tests/journal)


def test_the_coordinator_b_sees_only_their_own(world, day):
    got = blocks(client_for(world.coordinator_b))
    assert ids(got["meetings"]) == {
        day["other_municipality"].meeting_today.pk,
        day["other_municipality"].meeting_friday.pk,
    }
    assert ids(got["no_contact"]) == {world.family_b.pk}


def test_a_colleagues_family_is_not_on_my_page(world, day):
    shown = {
        line.family_id
        for block in blocks(client_for(world.coordinator)).values()
        for line in block["lines"]
    }
    assert shown == {world.family_a.pk}
    lead = {
        line.family_id
        for block in blocks(client_for(world.team_lead)).values()
        for line in block["lines"]
    }
    assert lead == {world.family_a.pk, world.family_a_colleague.pk}


def test_both_roles_switch_between_mine_and_the_team(world, day):
    both = make_user(role=Role.COORDINATOR, unit=world.unit_a)
    from familieplan.accounts.models import Membership

    Membership.objects.create(
        user=both, municipality=world.muni_a, unit=world.unit_a, role=Role.TEAM_LEAD
    )
    Family.objects.filter(pk=world.family_a.pk).update(co_coordinator=both)
    client = client_for(both)
    mine = {line.family_id for b in blocks(client).values() for line in b["lines"]}
    assert mine == {world.family_a.pk}
    team = {line.family_id for b in blocks(client, "?day=team").values() for line in b["lines"]}
    assert team == {world.family_a.pk, world.family_a_colleague.pk}
    page = client.get("/?day=team").content.decode()
    assert 'href="?day=team" aria-current="page"' in page
    assert "Mine familier" in page
    # A lead only has no switch.
    assert "?day=mine" not in client_for(world.team_lead).get("/").content.decode()


def test_more_than_eight_link_to_the_caseload_filtered_by_the_counter(world, wednesday):
    from tests.factories import make_family

    for n in range(10):
        family = make_family(
            unit=world.unit_a, name=f"Familien {n:02}", coordinator=world.coordinator
        )
        Family.objects.filter(pk=family.pk).update(stage=Family.Stage.ACTIVE)
    got = blocks(client_for(world.coordinator))["no_contact"]
    assert len(got["lines"]) == 8 and got["total"] == 10 and got["rest"] == 2
    assert got["more"] == "/families/?needs=no_contact&scope=mine"
    page = client_for(world.coordinator).get("/").content.decode()
    assert "og 2 til" in page
    caseload = client_for(world.coordinator).get(got["more"])
    counts = {c.key: n for c, n in caseload.context["counters"]}
    assert counts["no_contact"] == 10  # the caseload and the start page agree
    lead = blocks(client_for(world.team_lead))["no_contact"]
    assert lead["more"] == "/families/?needs=no_contact&scope=all"


def test_empty_blocks_say_so(world, wednesday):
    page = client_for(world.coordinator).get("/").content.decode()
    assert "Ingen møter resten av uken." in page
    assert "Alle familiene har hatt kontakt nylig." in page

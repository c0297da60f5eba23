"""Marking a line seen: it leaves the page (and the block's total) for this person only, a new
thing shows, and a thing that changes again (a new due date, a moved meeting, a new contact,
the next mapping) shows again. The button refuses what the reader may not see (404)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from familieplan.core.models import AccessLog
from familieplan.families.models import Family
from familieplan.meetings.models import Meeting
from familieplan.plans.models import Measure
from familieplan.portal.models import Proposal
from familieplan.workday.models import SeenMark
from tests.workday.helpers import at, blocks, client_for, ids, things

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def day(world, wednesday):
    return {
        "mine": things(world.family_a, world.coordinator),
        "colleague": things(world.family_a_colleague, world.colleague),
        "other_municipality": things(world.family_b, world.coordinator_b),
    }


def _shown_state(client, kind, object_id, day: str) -> str:
    """The state the line's form carries on the page as it is now ("" when not shown)."""
    if day not in ("", "mine", "team"):
        return ""
    for block in blocks(client, f"?day={day}" if day else "").values():
        for line in block["lines"]:
            if line.kind == kind and str(line.object_id) == str(object_id):
                return line.state
    return ""


def _seen(client, kind, object_id, day="", *, state=None, **extra):
    """Press "Sett" on the line as the page shows it (or with the `state` given)."""
    state = _shown_state(client, kind, object_id, day) if state is None else state
    data = {"kind": kind, "object_id": object_id, "day": day, "state": state}
    return client.post("/day/seen/", data, **extra)


def test_marking_seen_hides_the_line_for_this_person_only(world, day):
    mine = day["mine"]
    client = client_for(world.coordinator)
    assert blocks(client)["measures"]["total"] == 2
    response = _seen(client, "measure", mine.measure_overdue.pk)
    assert response.status_code == 302 and response["Location"] == "/"
    got = blocks(client)["measures"]
    assert ids(got) == {mine.measure_member.pk} and got["total"] == 1
    mark = SeenMark.objects.get()
    assert mark.user == world.coordinator and mark.municipality_id == world.muni_a.pk
    assert mark.state == mine.measure_overdue.due_on.isoformat()
    # The team lead still has it.
    assert mine.measure_overdue.pk in ids(blocks(client_for(world.team_lead))["measures"])
    # Pressed twice: still one mark.
    _seen(client, "measure", mine.measure_overdue.pk)
    assert SeenMark.objects.count() == 1


def test_with_htmx_the_line_is_swapped_for_an_undo(world, day):
    client = client_for(world.coordinator)
    proposal = day["mine"].proposal
    response = _seen(client, "proposal", proposal.pk, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Merket som sett" in html and "Angre" in html and 'action="/day/seen/undo/"' in html
    assert proposal.pk not in ids(blocks(client)["from_families"])
    undo = client.post(
        "/day/seen/undo/", {"kind": "proposal", "object_id": proposal.pk, "day": ""}, **HTMX
    )
    assert undo.status_code == 200 and 'id="today"' in undo.content.decode()
    assert proposal.pk in ids(blocks(client)["from_families"])
    assert not SeenMark.objects.exists()


def test_undo_without_javascript_returns_to_the_page_of_the_same_day(world, day):
    client = client_for(world.team_lead)
    consent = day["colleague"].consent
    _seen(client, "consent", consent.pk, "team")
    assert consent.pk not in ids(blocks(client)["consents"])
    undo = client.post(
        "/day/seen/undo/", {"kind": "consent", "object_id": consent.pk, "day": "team"}
    )
    assert undo.status_code == 302 and undo["Location"] == "/?day=team"
    assert consent.pk in ids(blocks(client)["consents"])


def test_a_new_thing_shows_though_an_earlier_one_was_seen(world, day):
    client = client_for(world.coordinator)
    mine = day["mine"]
    _seen(client, "proposal", mine.proposal.pk)
    _seen(client, "family_comment", mine.family_comment.pk)
    assert blocks(client)["from_families"]["lines"] == []
    newer = Proposal.objects.create(
        municipality=world.muni_a,
        family=world.family_a,
        kind="new_goal",
        by=mine.proposal.by,
        text="Ny",
    )
    assert ids(blocks(client)["from_families"]) == {newer.pk}


def test_a_measure_with_a_new_due_date_shows_again(world, day):
    client = client_for(world.coordinator)
    measure = day["mine"].measure_overdue
    _seen(client, "measure", measure.pk)
    assert measure.pk not in ids(blocks(client)["measures"])
    Measure.objects.filter(pk=measure.pk).update(due_on=measure.due_on + timedelta(days=1))
    assert measure.pk in ids(blocks(client)["measures"])
    _seen(client, "measure", measure.pk)  # seen again: the mark takes the new state
    assert measure.pk not in ids(blocks(client)["measures"])
    assert SeenMark.objects.count() == 1


def test_a_moved_meeting_shows_again(world, day):
    client = client_for(world.coordinator)
    meeting = day["mine"].meeting_friday
    _seen(client, "meeting", meeting.pk)
    assert meeting.pk not in ids(blocks(client)["meetings"])
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at + timedelta(hours=2),
        ends_at=meeting.ends_at + timedelta(hours=2),
        sequence=meeting.sequence + 1,
    )
    assert meeting.pk in ids(blocks(client)["meetings"])


def test_no_contact_shows_again_after_a_contact_and_a_long_silence(world, day, wednesday):
    client = client_for(world.coordinator)
    family = Family.objects.filter(pk=world.family_a.pk)
    family.update(last_contact_at=at(wednesday - timedelta(days=60), 9))
    _seen(client, "no_contact", world.family_a.pk)
    assert ids(blocks(client)["no_contact"]) == set()
    family.update(last_contact_at=at(wednesday - timedelta(days=35), 9))  # a contact since
    assert ids(blocks(client)["no_contact"]) == {world.family_a.pk}


def test_the_next_mapping_shows_again(world, day, wednesday):
    client = client_for(world.coordinator)
    _seen(client, "mapping", world.family_a.pk)
    assert ids(blocks(client)["mapping"]) == set()
    Family.objects.filter(pk=world.family_a.pk).update(
        mapping_due_on=wednesday + timedelta(days=20),
        mapping_late_on=wednesday + timedelta(days=51),
    )
    assert ids(blocks(client)["mapping"]) == {world.family_a.pk}


def test_every_kind_of_line_can_be_marked(world, day):
    client = client_for(world.coordinator)
    for block in blocks(client).values():
        for line in block["lines"]:
            assert _seen(client, line.kind, line.object_id).status_code == 302
    assert all(block["lines"] == [] for block in blocks(client).values())


@pytest.mark.parametrize("whose", ["other_municipality"])
def test_a_thing_of_a_family_one_may_not_see_is_not_found(world, day, whose):
    client = client_for(world.coordinator)
    theirs = day[whose]
    for kind, object_id in [
        ("measure", theirs.measure_overdue.pk),
        ("meeting", theirs.meeting_today.pk),
        ("proposal", theirs.proposal.pk),
        ("partner_update", theirs.partner_update_id),
        ("consent", theirs.consent.pk),
        ("no_contact", theirs.family.pk),
    ]:
        assert _seen(client, kind, object_id).status_code == 404, kind
    assert not SeenMark.objects.exists()
    refused = AccessLog.objects.filter(outcome=AccessLog.Outcome.NOT_FOUND, path="/day/seen/")
    assert refused.count() == 6
    assert set(refused.values_list("municipality_id", flat=True)) == {world.muni_b.pk}


def test_another_units_family_is_not_found(world, wednesday):
    from tests.factories import make_user

    other = make_user(role="coordinator", unit=world.unit_a2)
    Family.objects.filter(pk=world.family_a_other_unit.pk).update(coordinator=other)
    world.family_a_other_unit.refresh_from_db()
    theirs = things(world.family_a_other_unit, other)
    client = client_for(world.coordinator)
    assert _seen(client, "proposal", theirs.proposal.pk).status_code == 404
    assert _seen(client_for(world.team_lead), "proposal", theirs.proposal.pk).status_code == 404


def test_bad_input(world, day):
    client = client_for(world.coordinator)
    measure = day["mine"].measure_overdue.pk
    assert _seen(client, "measure", "not-a-uuid").status_code == 404
    assert _seen(client, "nonsense", measure).status_code == 404
    assert _seen(client, "meeting", measure).status_code == 404  # not a meeting
    assert _seen(client, "measure", measure, "a\x00b").status_code == 400
    assert client.get("/day/seen/").status_code == 405
    assert not SeenMark.objects.exists()


@pytest.mark.parametrize("persona", ["partner", "family_member", "researcher", "privacy_officer"])
def test_only_coordinators_and_team_leads_mark_lines(world, day, persona):
    client = client_for(getattr(world, persona))
    # They have no start page with lines: the state is what a forged form would send.
    measure = day["mine"].measure_overdue
    state = measure.due_on.isoformat()
    assert _seen(client, "measure", measure.pk, state=state).status_code == 403
    assert not SeenMark.objects.exists()


def test_a_line_changed_since_the_page_was_shown_is_not_marked(world, day):
    """The page showed the measure due on one day; it was moved before "Sett" was pressed:
    the new date was never seen, so nothing is marked and the line stays."""
    client = client_for(world.coordinator)
    measure = day["mine"].measure_overdue
    shown = _shown_state(client, "measure", measure.pk, "")
    assert shown == measure.due_on.isoformat()
    Measure.objects.filter(pk=measure.pk).update(due_on=measure.due_on + timedelta(days=2))
    response = _seen(client, "measure", measure.pk, state=shown)
    assert response.status_code == 302
    assert not SeenMark.objects.exists()
    assert measure.pk in ids(blocks(client)["measures"])
    htmx = _seen(client, "measure", measure.pk, state=shown, **HTMX)
    assert htmx.status_code == 200 and 'id="today-heading"' in htmx.content.decode()
    assert not SeenMark.objects.exists()

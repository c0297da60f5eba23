"""The visibility matrix of the family's own pages: a parent sees the family's matters, their
own and their young child's; a youth sees the family's and their own; neither sees staff-only
notes, each other's, or another family's. The database filters agree with the note rule."""

from __future__ import annotations

import pytest

from familieplan.journal import rules
from familieplan.journal.models import Note
from familieplan.portal.visibility import consents_for, notes_for, viewer_of

NOTES = {
    # reader: the notes they see
    "mother": {"family", "mother", "child"},
    "youth": {"family", "youth"},
    "child": {"family", "child"},  # no login today, but the rule holds
}


@pytest.mark.parametrize("reader", NOTES)
def test_notes_per_reader(portal, reader):
    member = getattr(portal.shared, reader)
    seen = set(notes_for(viewer_of(member)).values_list("pk", flat=True))
    assert seen == {portal.notes[k].pk for k in NOTES[reader]}


@pytest.mark.parametrize("reader", NOTES)
def test_the_database_filter_agrees_with_the_note_rule(portal, reader):
    member = getattr(portal.shared, reader)
    viewer = viewer_of(member)
    by_filter = set(notes_for(viewer).values_list("pk", flat=True))
    by_rule = {
        note.pk
        for note in Note.objects.filter(family=portal.shared.family)
        if rules.can_read_note(
            note=rules.NoteFacts(
                level=note.level,
                author_id=note.author_id,
                author_role=note.author_role,
                about_member_id=note.about_id,
                about_is_young_child=note.about_id in viewer.people and note.about_id != member.pk,
            ),
            reader=rules.Reader(user_id=-1, member_id=member.pk, is_guardian=viewer.is_guardian),
        )
    }
    assert by_filter == by_rule


@pytest.mark.parametrize(
    ("reader", "expected"),
    [("mother", {"mother", "child"}), ("youth", {"youth"})],
)
def test_consents_per_reader(portal, reader, expected):
    member = getattr(portal.shared, reader)
    seen = set(consents_for(viewer_of(member)).values_list("pk", flat=True))
    assert seen == {portal.consents[k].pk for k in expected}

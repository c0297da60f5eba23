"""The quick note's service (journal/services.py `quick_note_record`): the contact with its
minutes and its note are saved together or not at all, every error comes at once by field,
and the messages are clear bokmål. Whatever reaches it past the form (a replay after the
login, another caller) meets the same checks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from familieplan.journal import services
from familieplan.journal.models import Contact, Note, TimeEntry


def _record(world, **changes):
    values = {
        "family": world.family_a,
        "by": world.coordinator,
        "day": timezone.localdate(),
        "kind": "phone",
        "minutes": 10,
        "text": "Ringte far.",
    }
    values.update(changes)
    return services.quick_note_record(**values)


def _nothing_saved() -> bool:
    return not (Contact.objects.exists() or Note.objects.exists() or TimeEntry.objects.exists())


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"text": ""}, {"text": ["Skriv notatet."]}),
        ({"text": " \n\t "}, {"text": ["Skriv notatet."]}),
        ({"day": None}, {"day": ["Oppgi datoen."]}),
        (
            {"day": "tomorrow", "text": ""},
            {"day": ["Datoen kan ikke være fram i tid."], "text": ["Skriv notatet."]},
        ),
    ],
)
def test_bad_input_saves_nothing_and_says_what_is_wrong(world, changes, errors):
    if changes.get("day") == "tomorrow":
        changes = {**changes, "day": timezone.localdate() + timedelta(days=1)}
    with pytest.raises(ValidationError) as raised:
        _record(world, **changes)
    assert raised.value.message_dict == errors
    assert _nothing_saved()


def test_the_contacts_own_errors_come_with_the_notes(world):
    with pytest.raises(ValidationError) as raised:
        _record(world, text="", minutes=0, kind="nonsense")
    found = raised.value.message_dict
    assert found["text"] == ["Skriv notatet."]
    assert {"minutes", "kind"} <= set(found)
    assert _nothing_saved()


def test_a_good_note_saves_the_contact_and_its_note_together(world):
    contact = _record(world, minutes=25)
    note = Note.objects.get()
    assert (note.contact, note.level, note.text) == (contact, Note.Level.ORDINARY, "Ringte far.")
    assert contact.minutes == 25 and not TimeEntry.objects.exists()

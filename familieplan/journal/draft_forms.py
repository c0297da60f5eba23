"""The follow-up record's forms that keep drafts as they are typed (core/drafts.py), named
through the extension contract: the quick note, the full contact form and the note form. A
draft is saved only by someone who may change the family (its access helper, logged)."""

from __future__ import annotations

from familieplan.core.extensions import DraftForm
from familieplan.families.access import access_family

QUICK_NOTE = "journal.quick_note"
CONTACT = "journal.contact"
NOTE = "journal.note"


def _family_to_change(request, family_id):
    return access_family(request, family_id, write=True)


DRAFT_FORMS = (
    DraftForm(QUICK_NOTE, _family_to_change, ("kind", "day", "members", "text", "minutes")),
    DraftForm(
        CONTACT,
        _family_to_change,
        (
            "day",
            "at_time",
            "kind",
            "minutes",
            "summary",
            "members",
            "partners",
            "goals",
            "measures",
            "note",
            "note_level",
        ),
    ),
    DraftForm(
        NOTE,
        _family_to_change,
        ("level", "about", "text", "shared_with_partner", "shared_topic"),
    ),
)

"""Who may read a journal note, and how a correction may change its level. Pure rules, no
database: the services compute the facts (`NoteFacts`, `Reader`) and call these.

The levels (issue 6, docs/decisions/0003-access-model.md):

- ordinary: staff with case access to the family, and the family itself — but a family member
  reads a note about one person only when it is about themselves, or about a child below the
  programme's youth consent age and the reader is a parent or guardian. So a youth's note is
  never shown to the parents, and an adult's note not to the other adults.
- internal: staff with case access to the family only.
- restricted: among staff with case access, only the author, team leads of the family, and —
  when the author wrote as a coordinator — the family's coordinator and co-coordinator.

"Staff with case access" means the family is visible to the reader by decision 0003
(coordinators and team leads of its unit, team leads of the whole municipality). Nobody
without it reads any staff note — not even its author once they have moved on. Partners never
read notes here; sharing one note with a service by consent comes later.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from familieplan.core.roles import Role

ORDINARY, INTERNAL, RESTRICTED = "ordinary", "internal", "restricted"
LEVELS = (ORDINARY, INTERNAL, RESTRICTED)  # from the least to the most protected


@dataclass(frozen=True)
class NoteFacts:
    """What the rule needs to know about a note."""

    level: str
    author_id: int
    author_role: str
    #: The person the note is about (None: the family as a whole).
    about_member_id: uuid.UUID | None = None
    #: The person it is about is a child below the youth consent age today.
    about_is_young_child: bool = False


@dataclass(frozen=True)
class Reader:
    """What the rule needs to know about the person who wants to read it."""

    user_id: int
    #: The family is visible to the reader as staff (decision 0003).
    has_case_access: bool = False
    #: A team lead of the family's unit or of its whole municipality.
    is_team_lead: bool = False
    #: The family's coordinator or co-coordinator.
    coordinates_family: bool = False
    #: The reader's own person in this family, when they are a member of it.
    member_id: uuid.UUID | None = None
    #: That person is a parent or guardian in the household.
    is_guardian: bool = False


def can_read_note(*, note: NoteFacts, reader: Reader) -> bool:
    """May `reader` read `note`? See the module docstring for the rule."""
    if note.level == ORDINARY:
        return reader.has_case_access or _family_member_may_read(note, reader)
    if note.level == INTERNAL:
        return reader.has_case_access
    if note.level == RESTRICTED:
        return reader.has_case_access and (
            reader.user_id == note.author_id
            or reader.is_team_lead
            or (note.author_role == Role.COORDINATOR and reader.coordinates_family)
        )
    return False


def _family_member_may_read(note: NoteFacts, reader: Reader) -> bool:
    if reader.member_id is None:
        return False
    if note.about_member_id is None or note.about_member_id == reader.member_id:
        return True
    return note.about_is_young_child and reader.is_guardian


def is_lowered(*, old: str, new: str) -> bool:
    """Would changing the level from `old` to `new` let more people read it?"""
    return LEVELS.index(new) < LEVELS.index(old)

"""Who reads a journal note: every reader × level × person it is about × author (pure)."""

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familieplan.journal import rules
from familieplan.journal.rules import INTERNAL, LEVELS, ORDINARY, RESTRICTED, NoteFacts, Reader

MOTHER, YOUTH, CHILD, GRANDMOTHER = (uuid.uuid4() for _ in range(4))

READERS = {
    # Staff: the family is visible to them by decision 0003, or not.
    "coordinator": Reader(user_id=1, has_case_access=True, coordinates_family=True),
    "co_coordinator": Reader(user_id=2, has_case_access=True, coordinates_family=True),
    "colleague": Reader(user_id=3, has_case_access=True),
    "team_lead": Reader(user_id=4, has_case_access=True, is_team_lead=True),
    "coordinator_other_unit": Reader(user_id=5),
    "partner": Reader(user_id=6),
    # The family: the mother (a parent), the youth (16), the grandmother (not a guardian).
    "mother": Reader(user_id=7, member_id=MOTHER, is_guardian=True),
    "youth": Reader(user_id=8, member_id=YOUTH),
    "grandmother": Reader(user_id=9, member_id=GRANDMOTHER),
}

AUTHORS = {
    "coordinator": (1, "coordinator"),
    "colleague": (3, "coordinator"),  # a unit coordinator writing while the family has none
    "team_lead": (4, "team_lead"),
}

#: (member id, a child below the youth consent age?)
ABOUT = {
    "family": (None, False),
    "mother": (MOTHER, False),
    "youth": (YOUTH, False),
    "child": (CHILD, True),
}

STAFF_WITH_CASE_ACCESS = {"coordinator", "co_coordinator", "colleague", "team_lead"}

#: Who in the family reads an ordinary note, by whom it is about.
FAMILY_READS_ORDINARY = {
    "family": {"mother", "youth", "grandmother"},
    "mother": {"mother"},
    "youth": {"youth"},  # never the parents
    "child": {"mother"},  # a parent, not the grandmother or the sibling
}

#: Who reads a restricted note, by who wrote it (whoever it is about).
RESTRICTED_READERS = {
    "coordinator": {"coordinator", "co_coordinator", "team_lead"},
    "colleague": {"colleague", "coordinator", "co_coordinator", "team_lead"},
    "team_lead": {"team_lead"},
}


def expected(level: str, author: str, about: str) -> set[str]:
    if level == ORDINARY:
        return STAFF_WITH_CASE_ACCESS | FAMILY_READS_ORDINARY[about]
    if level == INTERNAL:
        return STAFF_WITH_CASE_ACCESS
    return RESTRICTED_READERS[author]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("about", ABOUT)
@pytest.mark.parametrize("author", AUTHORS)
def test_who_reads_a_note(reader, level, about, author):
    author_id, author_role = AUTHORS[author]
    about_id, young_child = ABOUT[about]
    note = NoteFacts(
        level=level,
        author_id=author_id,
        author_role=author_role,
        about_member_id=about_id,
        about_is_young_child=young_child,
    )
    allowed = rules.can_read_note(note=note, reader=READERS[reader])
    assert allowed == (reader in expected(level, author, about))


def test_the_author_without_case_access_no_longer_reads_a_restricted_note():
    note = NoteFacts(level=RESTRICTED, author_id=5, author_role="coordinator")
    assert not rules.can_read_note(note=note, reader=READERS["coordinator_other_unit"])


def test_an_unknown_level_is_read_by_nobody():
    note = NoteFacts(level="public", author_id=1, author_role="coordinator")
    assert not any(rules.can_read_note(note=note, reader=r) for r in READERS.values())


@given(
    level=st.sampled_from(LEVELS),
    author_role=st.sampled_from(["coordinator", "team_lead"]),
    about=st.sampled_from([None, MOTHER, YOUTH, CHILD]),
    young_child=st.booleans(),
    member=st.sampled_from([None, MOTHER, YOUTH]),
    guardian=st.booleans(),
    team_lead=st.booleans(),
    coordinates=st.booleans(),
)
def test_without_case_access_only_the_family_reads_and_only_ordinary_notes(
    level, author_role, about, young_child, member, guardian, team_lead, coordinates
):
    note = NoteFacts(
        level=level,
        author_id=1,
        author_role=author_role,
        about_member_id=about,
        about_is_young_child=young_child,
    )
    reader = Reader(
        user_id=1,  # even the author
        member_id=member,
        is_guardian=guardian,
        is_team_lead=team_lead,
        coordinates_family=coordinates,
    )
    if rules.can_read_note(note=note, reader=reader):
        assert level == ORDINARY and member is not None


@pytest.mark.parametrize("old", LEVELS)
@pytest.mark.parametrize("new", LEVELS)
def test_a_level_is_lowered_only_towards_ordinary(old, new):
    lowered = {(INTERNAL, ORDINARY), (RESTRICTED, ORDINARY), (RESTRICTED, INTERNAL)}
    assert rules.is_lowered(old=old, new=new) == ((old, new) in lowered)

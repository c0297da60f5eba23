"""Who can give consent for whom (partners/rules.py), table-driven and at the edges."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familieplan.partners.rules import Person, consent_refusal, method_refusal

YOUTH_AGE = 15
PARENT = Person(age=40, is_guardian=True)
OTHER_ADULT = Person(age=40, is_guardian=False)
YOUNG_PARENT = Person(age=17, is_guardian=True)


@pytest.mark.parametrize(
    "giver,subject,same,expected",
    [
        (PARENT, PARENT, True, ""),  # an adult for themselves
        (OTHER_ADULT, OTHER_ADULT, True, ""),
        (Person(age=15, is_guardian=False), None, True, ""),  # a youth from the age
        (Person(age=14, is_guardian=False), None, True, "child_self"),
        (PARENT, Person(age=9, is_guardian=False), False, ""),  # a guardian for a child
        (PARENT, Person(age=14, is_guardian=False), False, ""),
        (PARENT, Person(age=15, is_guardian=False), False, "youth_self"),
        (PARENT, Person(age=17, is_guardian=False), False, "youth_self"),
        (PARENT, Person(age=18, is_guardian=False), False, "adult_self"),
        (PARENT, OTHER_ADULT, False, "adult_self"),  # not even a spouse
        (OTHER_ADULT, Person(age=9, is_guardian=False), False, "not_guardian"),
        (YOUNG_PARENT, Person(age=1, is_guardian=False), False, "not_guardian"),
    ],
)
def test_who_may_consent(giver, subject, same, expected):
    subject = giver if same else subject
    assert consent_refusal(giver=giver, subject=subject, same_person=same, youth_age=15) == expected


@given(age=st.integers(0, 110), youth_age=st.integers(12, 18))
def test_self_consent_follows_the_configured_age(age, youth_age):
    me = Person(age=age, is_guardian=False)
    allowed = consent_refusal(giver=me, subject=me, same_person=True, youth_age=youth_age) == ""
    assert allowed == (age >= youth_age)


@given(child_age=st.integers(0, 110), youth_age=st.integers(12, 18))
def test_exactly_one_person_decides_for_anyone(child_age, youth_age):
    """Either the person decides for themselves or a guardian does, never both."""
    subject = Person(age=child_age, is_guardian=False)
    self_ok = not consent_refusal(
        giver=subject, subject=subject, same_person=True, youth_age=youth_age
    )
    parent_ok = not consent_refusal(
        giver=PARENT, subject=subject, same_person=False, youth_age=youth_age
    )
    assert self_ok != parent_ok


@pytest.mark.parametrize(
    "topics,method,expected",
    [
        ({"plan"}, "oral", ""),
        ({"plan", "school"}, "written", ""),
        ({"health"}, "oral", "strict_needs_written"),
        ({"plan", "child_welfare"}, "digital", "strict_needs_written"),
        ({"health", "child_welfare"}, "written", ""),
    ],
)
def test_health_and_child_welfare_need_written_consent(topics, method, expected):
    assert method_refusal(topics=topics, method=method) == expected

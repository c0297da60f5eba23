"""Who may give consent for whom, and how (MODEL.md §3 item 5, §4). Pure rules, no database.

- An adult (18 or older) consents for themselves, and nobody else does.
- A youth from the programme's consent age (`youth_age`) consents for themselves; a parent
  cannot do it for them.
- For a younger child a parent or guardian (18 or older) consents.
- Health and child-welfare matters are stricter: the consent must be written.
"""

from __future__ import annotations

from dataclasses import dataclass

ADULT_AGE = 18

#: Topics whose information is stricter (MODEL.md §3 item 5): a written consent only.
STRICT_TOPICS = frozenset({"health", "child_welfare"})
WRITTEN = "written"


@dataclass(frozen=True)
class Person:
    age: int
    is_guardian: bool  # parent or guardian in the household


def consent_refusal(*, giver: Person, subject: Person, same_person: bool, youth_age: int) -> str:
    """Why `giver` cannot consent on behalf of `subject` (a code), or "" when they can."""
    if same_person:
        return "" if giver.age >= youth_age else "child_self"
    if subject.age >= ADULT_AGE:
        return "adult_self"
    if subject.age >= youth_age:
        return "youth_self"
    if not giver.is_guardian or giver.age < ADULT_AGE:
        return "not_guardian"
    return ""


def method_refusal(*, topics: set[str] | frozenset[str], method: str) -> str:
    """Why the way consent was given is not enough for these topics, or ""."""
    return "strict_needs_written" if topics & STRICT_TOPICS and method != WRITTEN else ""

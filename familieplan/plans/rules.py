"""Pure rules for the plan: the measure lifecycle and what a change to a final measure means.

No database access; the models and services call these.
"""

from __future__ import annotations

SUGGESTED, PLANNED, IN_PROGRESS, DONE, CANCELLED = (
    "suggested",
    "planned",
    "in_progress",
    "done",
    "cancelled",
)
FINAL = frozenset({DONE, CANCELLED})

#: suggested → planned → in progress → done / cancelled; done and cancelled are final.
MEASURE_TRANSITIONS: dict[str, frozenset[str]] = {
    SUGGESTED: frozenset({PLANNED, CANCELLED}),
    PLANNED: frozenset({IN_PROGRESS, DONE, CANCELLED}),
    IN_PROGRESS: frozenset({DONE, CANCELLED}),
    DONE: frozenset(),
    CANCELLED: frozenset(),
}


def can_move(current: str, target: str) -> bool:
    return target in MEASURE_TRANSITIONS[current]


def needs_reason(target: str) -> bool:
    """Closing a measure (done or cancelled) needs a short reason."""
    return target in FINAL


def is_final(status: str) -> bool:
    return status in FINAL


def may_agree(*, adult_role: bool, age: int, youth_consent_age: int, in_household: bool) -> bool:
    """Who may be recorded as agreeing to the family's plan: a member living in the household
    today who is an adult, or a youth from the programme's self-consent age (the age from which
    a youth decides about their own matters). Never a younger child, never someone who moved
    out."""
    return in_household and (adult_role or age >= youth_consent_age)

"""The measure lifecycle as a table (pure rules)."""

import pytest

from familieplan.plans import rules

ALL = ["suggested", "planned", "in_progress", "done", "cancelled"]
ALLOWED = {
    ("suggested", "planned"),
    ("suggested", "cancelled"),
    ("planned", "in_progress"),
    ("planned", "done"),
    ("planned", "cancelled"),
    ("in_progress", "done"),
    ("in_progress", "cancelled"),
}


@pytest.mark.parametrize("current", ALL)
@pytest.mark.parametrize("target", ALL)
def test_transition_table(current, target):
    assert rules.can_move(current, target) == ((current, target) in ALLOWED)


def test_done_and_cancelled_are_final_and_need_a_reason():
    assert rules.is_final("done") and rules.is_final("cancelled")
    assert not rules.is_final("in_progress")
    assert rules.needs_reason("done") and rules.needs_reason("cancelled")
    assert not rules.needs_reason("planned")
    assert all(not rules.MEASURE_TRANSITIONS[s] for s in rules.FINAL)

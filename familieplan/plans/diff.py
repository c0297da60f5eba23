"""What changed between two plan snapshots (pure; no database)."""

from __future__ import annotations

from dataclasses import dataclass

PLAN_FIELDS = (
    "legal_basis",
    "period",
    "participants",
    "resources",
    "needs",
    "contributions",
    "next_review_on",
)
GOAL_FIELDS = (
    "domain",
    "member",
    "own_words",
    "professional_wording",
    "priority",
    "target_date",
    "status",
    "status_reason",
)
MEASURE_FIELDS = ("what", "responsible", "due_on", "family_part", "status", "closing_reason")


@dataclass(frozen=True)
class Change:
    kind: str  # "plan", "goal" or "measure"
    change: str  # "added", "removed" or "changed"
    item: str  # which goal or measure (its text), or the plan field
    field: str = ""
    old: object = None
    new: object = None


def _by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def _fields(kind, label, old, new, names) -> list[Change]:
    return [
        Change(kind, "changed", label, name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    ]


def diff(old: dict, new: dict) -> list[Change]:
    changes = [
        Change("plan", "changed", name, name, old.get(name), new.get(name))
        for name in PLAN_FIELDS
        if old.get(name) != new.get(name)
    ]
    old_goals, new_goals = _by_id(old.get("goals", [])), _by_id(new.get("goals", []))
    for goal_id, goal in new_goals.items():
        before = old_goals.get(goal_id)
        if before is None:
            changes.append(Change("goal", "added", goal["own_words"]))
            before = {"measures": []}
        else:
            changes += _fields("goal", goal["own_words"], before, goal, GOAL_FIELDS)
        old_measures, new_measures = _by_id(before["measures"]), _by_id(goal["measures"])
        for measure_id, measure in new_measures.items():
            if measure_id not in old_measures:
                changes.append(Change("measure", "added", measure["what"]))
            else:
                changes += _fields(
                    "measure", measure["what"], old_measures[measure_id], measure, MEASURE_FIELDS
                )
        changes += [
            Change("measure", "removed", m["what"])
            for mid, m in old_measures.items()
            if mid not in new_measures
        ]
    changes += [
        Change("goal", "removed", g["own_words"])
        for gid, g in old_goals.items()
        if gid not in new_goals
    ]
    return changes

"""What changed between two plan snapshots (pure; no database)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy

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

    # What a person reads (words in the reader's language, never the stored keys).

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS[self.change])

    @property
    def field_label(self) -> str:
        return field_label(self.kind, self.field) if self.field else ""

    @property
    def old_text(self) -> str:
        return value_text(self.kind, self.field, self.old)

    @property
    def new_text(self) -> str:
        return value_text(self.kind, self.field, self.new)


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


# --- words for the history page ----------------------------------------------------------

KIND_LABELS = {
    "plan": gettext_lazy("Planen"),
    "goal": gettext_lazy("Mål"),
    "measure": gettext_lazy("Tiltak"),
}
CHANGE_LABELS = {
    "added": gettext_lazy("lagt til"),
    "removed": gettext_lazy("fjernet"),
    "changed": gettext_lazy("endret"),
}
#: Snapshot fields that are not one model field.
OTHER_FIELDS = {
    ("plan", "period"): gettext_lazy("planperiode"),
    ("measure", "responsible"): gettext_lazy("ansvarlig"),
}


def _model(kind: str):
    from familieplan.plans.models import FamilyPlan, Goal, Measure

    return {"plan": FamilyPlan, "goal": Goal, "measure": Measure}[kind]


def _field(kind: str, name: str):
    try:
        return _model(kind)._meta.get_field(name)
    except (FieldDoesNotExist, KeyError):
        return None


def field_label(kind: str, name: str) -> str:
    """A snapshot field's name in words: the model field's own name."""
    if (kind, name) in OTHER_FIELDS:
        return str(OTHER_FIELDS[(kind, name)])
    field = _field(kind, name)
    return str(field.verbose_name) if field is not None else name.replace("_", " ")


def value_text(kind: str, name: str, value) -> str:
    """A snapshot value as a person reads it: a choice by its label (a status, a priority,
    the legal basis), a period as its two ends, anything else as stored."""
    if value is None or value == "":
        return ""
    if isinstance(value, list | tuple):
        return "–".join(_date_text(str(part)) for part in value)
    if name in DATE_FIELDS:
        return _date_text(str(value))
    if name == "domain":
        return domain_name(str(value))
    field = _field(kind, name)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


#: Snapshot fields that hold a date (ISO 8601, as `services.snapshot` stores them).
DATE_FIELDS = frozenset({"period", "next_review_on", "target_date", "due_on"})


def _date_text(value: str) -> str:
    """An ISO date from a snapshot as the reader's language writes dates (`lib/times.py`)."""
    from datetime import date

    from django.utils.translation import get_language

    from familieplan.lib.times import person_date

    try:
        return person_date(date.fromisoformat(value), get_language())
    except ValueError:
        return value


def domain_name(name: str) -> str:
    """A life domain as a snapshot stores it (its name then): a shipped default name in the
    reader's language, any other as written."""
    from familieplan.core.languages import translated
    from familieplan.families.models.programme import DEFAULT_DOMAIN_NAMES

    return translated(name).text if name in DEFAULT_DOMAIN_NAMES.values() else name

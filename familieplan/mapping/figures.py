"""Programme figures: per municipality, unit or intake cohort — families, mappings done on time,
and per indicator the mean change from intake to year 1, 2, … and exit, and the distribution
of categorical indicators; groups of fewer than five families are suppressed (decision 0011).

Computed in the database from `ScoreValue` (one row per score of a completed mapping, with
its intake value beside it) and `Assessment` with a handful of GROUP BY queries, whatever the
number of families; the same queries run on SQLite and PostgreSQL. The change from intake and
the distributions are read per cell — municipality, score, occasion, unit and cohort, in the
order of their partial covering indexes, so PostgreSQL aggregates straight from the index
without a sort (decision 0014) — and the cells are added up here to the grouping asked for.
A family is counted once per cell: one mapping lies in one cell (its unit and cohort), so a
family counts twice only if it was enrolled twice.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear

from familieplan.families.models import Family
from familieplan.mapping.models import Assessment, ScoreValue

#: A group (or a cell of a distribution) of fewer families than this is not shown.
MIN_FAMILIES = 5
GROUPINGS = {"municipality": "municipality_id", "unit": "unit_id", "cohort": "cohort"}


@dataclass(frozen=True)
class Scope:
    municipality_ids: tuple[int, ...]
    unit_ids: tuple | None = None  # None: the whole municipalities
    cohort: int | None = None
    group_by: str = "municipality"
    #: One instrument's scores only (None: every instrument).
    instrument: str | None = None


@dataclass
class Change:
    """One indicator from intake to one later occasion, in one group."""

    group: object
    instrument_key: str
    score_key: str
    occasion: str
    number: int
    families: int
    pairs: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None

    @property
    def suppressed(self) -> bool:
        return self.families < MIN_FAMILIES


@dataclass
class Timeliness:
    group: object
    occasion: str
    number: int
    done: int
    on_time: int

    @property
    def suppressed(self) -> bool:
        return self.done < MIN_FAMILIES

    @property
    def share(self) -> float | None:
        return None if self.suppressed or not self.done else self.on_time / self.done


@dataclass
class Figures:
    scope: Scope
    families: dict = field(default_factory=dict)  # group → enrolled families
    timeliness: list[Timeliness] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    distributions: dict = field(default_factory=dict)
    # (group, instrument, score, occasion, number) → {category: families}; None when suppressed


def compute(scope: Scope) -> Figures:
    if not scope.municipality_ids:
        return Figures(scope)
    figures = Figures(scope)
    figures.families = _families(scope)
    figures.timeliness = _timeliness(scope)
    figures.changes = _changes(scope)
    figures.distributions = _distributions(scope)
    return figures


def _families(scope: Scope) -> dict:
    """Families that have started in the programme, per group."""
    families = Family.objects.filter(
        municipality_id__in=scope.municipality_ids,
        stage__in=[Family.Stage.ACTIVE, Family.Stage.PAUSED, Family.Stage.ENDED],
    )
    if scope.unit_ids is not None:
        families = families.filter(unit_id__in=scope.unit_ids)
    if scope.group_by == "cohort" or scope.cohort is not None:
        families = families.filter(enrolments__started_on__isnull=False)
        if scope.cohort is not None:
            families = families.filter(enrolments__started_on__year=scope.cohort)
    if scope.group_by == "cohort":
        rows = (
            families.annotate(group=ExtractYear("enrolments__started_on"))
            .values("group")
            .annotate(n=Count("pk", distinct=True))
        )
    else:
        column = "unit_id" if scope.group_by == "unit" else "municipality_id"
        rows = families.values(group=F(column)).annotate(n=Count("pk", distinct=True))
    return {row["group"]: row["n"] for row in rows}


def _timeliness(scope: Scope) -> list[Timeliness]:
    assessments = Assessment.objects.filter(
        municipality_id__in=scope.municipality_ids, status=Assessment.Status.COMPLETED
    ).exclude(occasion=Assessment.Occasion.EXTRA)
    if scope.unit_ids is not None:
        assessments = assessments.filter(family__unit_id__in=scope.unit_ids)
    if scope.cohort is not None:
        assessments = assessments.filter(cohort=scope.cohort)
    group = {"municipality": "municipality_id", "unit": "family__unit_id", "cohort": "cohort"}[
        scope.group_by
    ]
    rows = (
        assessments.values(group, "occasion", "number")
        .annotate(done=Count("pk"), on_time_count=Count("pk", filter=Q(on_time=True)))
        .order_by(group, "occasion", "number")
    )
    return [
        Timeliness(r[group], r["occasion"], r["number"], r["done"], r["on_time_count"])
        for r in rows
    ]


def _scores(scope: Scope):
    """The score rows in the scope: municipalities, and the unit, cohort and instrument."""
    values = ScoreValue.objects.filter(municipality_id__in=scope.municipality_ids)
    if scope.unit_ids is not None:
        values = values.filter(unit_id__in=scope.unit_ids)
    if scope.cohort is not None:
        values = values.filter(cohort=scope.cohort)
    if scope.instrument is not None:
        values = values.filter(instrument_key=scope.instrument)
    return values


#: A cell of the change from intake, in the order of the index `score_change`.
CHANGE_CELL = (
    "municipality_id",
    "instrument_key",
    "score_key",
    "occasion",
    "number",
    "unit_id",
    "cohort",
)
#: A cell of the distributions, in the order of the index `score_categories`.
CATEGORY_CELL = (*CHANGE_CELL[:5], "category", "unit_id", "cohort")


def change_cells(scope: Scope):
    """The change from intake per cell: one pass over the partial covering index
    `score_change` in its order (a test checks the plan). Every row with an intake value is
    from a yearly or exit mapping and has a value (constraint `score_baseline_later`)."""
    return (
        _scores(scope)
        .filter(baseline__isnull=False)
        .values(*CHANGE_CELL)
        .annotate(
            # Only columns the index holds (never the primary key, which it does not), so
            # PostgreSQL answers from the index alone; sums, so cells add up exactly.
            families=Count("family_first", filter=Q(family_first=True)),
            pairs=Count("baseline"),
            before=Sum("baseline"),
            after=Sum("value"),
        )
        .order_by()
    )


def _changes(scope: Scope) -> list[Change]:
    """Mean change per indicator from intake to each later occasion, over the people (or
    families) with a value at both (`ScoreValue.baseline`, services.link_baselines);
    `families` counts each family once per mapping (`family_first`)."""
    sums: dict = defaultdict(lambda: [0, 0, 0.0, 0.0])
    for row in change_cells(scope):
        key = (_group_of(scope, row), *(row[c] for c in CHANGE_CELL[1:5]))
        cell = sums[key]
        cell[0] += row["families"]
        cell[1] += row["pairs"]
        cell[2] += row["before"]
        cell[3] += row["after"]
    changes = []
    for (group, instrument_key, score_key, occasion, number), cell in sums.items():
        families, pairs, before, after = cell
        changes.append(
            Change(
                group=group,
                instrument_key=instrument_key,
                score_key=score_key,
                occasion=occasion,
                number=number,
                families=families,
                pairs=pairs,
                mean_before=before / pairs,
                mean_after=after / pairs,
                mean_change=(after - before) / pairs,
            )
        )
    changes.sort(
        key=lambda c: (
            c.instrument_key,
            c.score_key,
            str(c.group),
            c.occasion != Assessment.Occasion.YEARLY,
            c.number,
        )
    )
    return changes


def _group_of(scope: Scope, row: dict):
    """The group a cell adds to; unit ids come back as text on SQLite."""
    value = row[GROUPINGS[scope.group_by]]
    if scope.group_by == "unit" and isinstance(value, str):
        return uuid.UUID(value)
    return value


def category_cells(scope: Scope):
    """Families per category and cell: one pass over the partial covering index
    `score_categories` in its order (a test checks the plan)."""
    return (
        _scores(scope)
        .exclude(category="")
        .values(*CATEGORY_CELL)
        .annotate(n=Count("family_id", distinct=True))
        .order_by()
    )


def _distributions(scope: Scope) -> dict:
    """Families per category of each categorical score and occasion, suppressed as
    `suppress_column` says (None: the whole column is hidden)."""
    cells: dict = defaultdict(lambda: defaultdict(int))
    for row in category_cells(scope):
        key = (_group_of(scope, row), *(row[c] for c in CATEGORY_CELL[1:5]))
        cells[key][row["category"]] += row["n"]
    return {key: suppress_column(counts) for key, counts in cells.items()}


def suppress_column(counts: dict) -> dict | None:
    """One column of a distribution as it may be shown: a cell of 1–4 families is hidden;
    when that leaves exactly one hidden cell, the smallest shown cell is hidden too, so the
    hidden one cannot be worked out by subtraction from a total shown elsewhere (how many
    mappings were done); a column of fewer than five families in all, or with nothing left
    to show, is hidden whole (None)."""
    if sum(counts.values()) < MIN_FAMILIES:
        return None
    shown = {c: (n if n >= MIN_FAMILIES else None) for c, n in counts.items()}
    hidden = [c for c, n in shown.items() if n is None]
    if len(hidden) == 1:
        smallest = min((n, c) for c, n in shown.items() if n is not None)
        shown[smallest[1]] = None
    if all(n is None for n in shown.values()):
        return None
    return shown

"""Programme figures: per municipality, unit or intake cohort — families, mappings done on time,
and per indicator the mean change from intake to year 1, 2, … and exit, and the distribution
of categorical indicators; groups of fewer than five families are suppressed (decision 0011).

Computed in the database from `ScoreValue` (one row per score of a completed mapping, with
its intake value beside it) and `Assessment` with a handful of GROUP BY queries, whatever the
number of families; the same queries run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q
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


def _changes(scope: Scope) -> list[Change]:
    """Mean change per indicator from intake to each later occasion, over the people (or
    families) with a value at both (`ScoreValue.baseline`, services.link_baselines);
    `families` counts each family once (`family_first`). One grouped scan of a partial
    index, whatever the number of families."""
    group = GROUPINGS[scope.group_by]
    values = _scores(scope).filter(
        baseline__isnull=False,
        occasion__in=[Assessment.Occasion.YEARLY, Assessment.Occasion.EXIT],
    )
    rows = (
        values.values(group, "instrument_key", "score_key", "occasion", "number")
        .annotate(
            families=Count("pk", filter=Q(family_first=True)),
            pairs=Count("pk"),
            before=Avg("baseline"),
            after=Avg("value"),
            change=Avg(F("value") - F("baseline")),
        )
        # No ORDER BY: PostgreSQL then aggregates from the partial covering index alone
        # (`score_change`) with a hash; the few hundred rows are sorted here.
        .order_by()
    )
    rows = sorted(
        rows,
        key=lambda r: (
            r["instrument_key"],
            r["score_key"],
            str(r[group]),
            r["occasion"] != Assessment.Occasion.YEARLY,
            r["number"],
        ),
    )
    return [
        Change(
            group=_group_value(scope, row[group]),
            instrument_key=row["instrument_key"],
            score_key=row["score_key"],
            occasion=row["occasion"],
            number=row["number"],
            families=row["families"],
            pairs=row["pairs"],
            mean_before=row["before"],
            mean_after=row["after"],
            mean_change=row["change"],
        )
        for row in rows
    ]


def _group_value(scope: Scope, value):
    """Unit ids come back as text on SQLite."""
    if scope.group_by == "unit" and isinstance(value, str):
        return uuid.UUID(value)
    return value


def _distributions(scope: Scope) -> dict:
    """Families per category of each categorical score and occasion; a cell of 1–4 families
    and a column of fewer than five families in all are suppressed."""
    group = {"municipality": "municipality_id", "unit": "unit_id", "cohort": "cohort"}[
        scope.group_by
    ]
    values = _scores(scope).exclude(category="")
    rows = values.values(
        group, "instrument_key", "score_key", "occasion", "number", "category"
    ).annotate(n=Count("family_id", distinct=True))
    cells: dict = defaultdict(dict)
    for row in rows:
        key = (row[group], row["instrument_key"], row["score_key"], row["occasion"], row["number"])
        cells[key][row["category"]] = row["n"]
    result = {}
    for key, counts in cells.items():
        if sum(counts.values()) < MIN_FAMILIES:
            result[key] = None
        else:
            result[key] = {c: (n if n >= MIN_FAMILIES else None) for c, n in counts.items()}
    return result

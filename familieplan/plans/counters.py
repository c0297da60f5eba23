"""Caseload counters from the plan: overdue measures and plan reviews due."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from familieplan.core.extensions import CaseloadContext, Counter
from familieplan.plans.models import FamilyPlan, Measure

REVIEW_NOTICE_DAYS = 14


# Each condition is an `Exists` on the family, within the reader's municipalities
# (`ctx.municipality_ids`, the measures' and plans' indexes led by the municipality).
# PostgreSQL chooses per query: a coordinator's twenty families each look up their own plan
# and measures; a team's thousands hash the municipality's measures once. (An uncorrelated
# `IN` over every measure in the country was hashed for every caseload: 250 ms at 100,000
# families with their plans.)


def _within(rows, ctx: CaseloadContext):
    return rows.filter(municipality_id__in=ctx.municipality_ids) if ctx.municipality_ids else rows


def _of_family(measures, ctx: CaseloadContext) -> Q:
    return Q(Exists(_within(measures, ctx).filter(goal__plan__family_id=OuterRef("pk"))))


def overdue_measures(ctx: CaseloadContext) -> Q:
    return _of_family(Measure.objects.on_current_plan().overdue(ctx.today), ctx)


MEASURE_NOTICE_DAYS = 7


def due_soon(today):
    """Open measures of current plans due within a week, overdue ones included (the counter
    below and the coordinator's day read the same rule)."""
    return (
        Measure.objects.on_current_plan()
        .open()
        .filter(due_on__lte=today + timedelta(days=MEASURE_NOTICE_DAYS))
    )


def measures_due_soon(ctx: CaseloadContext) -> Q:
    """Open measures due within a week, overdue ones included (the daily digest's list)."""
    return _of_family(due_soon(ctx.today), ctx)


def review_due(ctx: CaseloadContext) -> Q:
    due = FamilyPlan.objects.current().filter(
        next_review_on__lte=ctx.today + timedelta(days=REVIEW_NOTICE_DAYS)
    )
    return Q(Exists(_within(due, ctx).filter(family_id=OuterRef("pk"))))


COUNTERS = (
    Counter("overdue_measures", _("Tiltak over fristen"), overdue_measures, order=40),
    Counter(
        "measures_due",
        _("Tiltak med frist innen en uke"),
        measures_due_soon,
        order=45,
        digest=lambda n: (
            ngettext(
                "%(n)s familie har tiltak med frist innen en uke",
                "%(n)s familier har tiltak med frist innen en uke",
                n,
            )
            % {"n": n}
        ),
    ),
    Counter(
        "review_due",
        _("Planen skal evalueres snart"),
        review_due,
        order=50,
        digest=lambda n: (
            ngettext(
                "%(n)s familie skal snart evaluere planen",
                "%(n)s familier skal snart evaluere planen",
                n,
            )
            % {"n": n}
        ),
    ),
)

"""Caseload counters from the plan: overdue measures and plan reviews due."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from familieplan.families.caseload import CaseloadContext, Counter, register_counter
from familieplan.plans import rules
from familieplan.plans.models import FamilyPlan, Measure

REVIEW_NOTICE_DAYS = 14


def overdue_measures(ctx: CaseloadContext) -> Q:
    overdue = Measure.objects.filter(
        goal__plan__family=OuterRef("pk"), goal__plan__is_current=True, due_on__lt=ctx.today
    ).exclude(status__in=rules.FINAL)
    return Q(Exists(overdue))


MEASURE_NOTICE_DAYS = 7


def measures_due_soon(ctx: CaseloadContext) -> Q:
    """Open measures due within a week, overdue ones included (the daily digest's list)."""
    due = Measure.objects.filter(
        goal__plan__family=OuterRef("pk"),
        goal__plan__is_current=True,
        due_on__lte=ctx.today + timedelta(days=MEASURE_NOTICE_DAYS),
    ).exclude(status__in=rules.FINAL)
    return Q(Exists(due))


def review_due(ctx: CaseloadContext) -> Q:
    due = FamilyPlan.objects.filter(
        family=OuterRef("pk"),
        is_current=True,
        next_review_on__lte=ctx.today + timedelta(days=REVIEW_NOTICE_DAYS),
    )
    return Q(Exists(due))


def register() -> None:
    register_counter(
        Counter("overdue_measures", _("Tiltak over fristen"), overdue_measures, order=40)
    )
    register_counter(
        Counter("measures_due", _("Tiltak med frist innen en uke"), measures_due_soon, order=45)
    )
    register_counter(Counter("review_due", _("Planen skal evalueres snart"), review_due, order=50))

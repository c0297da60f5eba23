"""The family's plan page (`/family/plan/`), shown by the page itself and again by an action
on it that was refused ("mark done", "I agree"): then the message stands at that measure or at
the agreement, in an error summary the browser moves to, instead of at the top of a long page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render

from familieplan.plans.queries import may_agree
from familieplan.portal import services
from familieplan.portal.visibility import Viewer, current_plan, goals_for, measures_for


@dataclass(frozen=True)
class Refused:
    """An action on the plan page that was refused: where (a measure's id, or "agree") and
    why."""

    at: object
    message: str


def plan_page(request, viewer: Viewer, *, refused: Refused | None = None, status: int = 200):
    current = current_plan(viewer)
    goals, agreed = [], False
    if current is not None:
        measures = list(measures_for(viewer, current))
        goals = [
            (
                goal,
                [(m, services.may_complete(viewer, m)) for m in measures if m.goal_id == goal.pk],
            )
            for goal in goals_for(viewer, current).order_by("priority", "domain__order")
        ]
        agreed = current.agreements.filter(
            member=viewer.member, version_number=current.version
        ).exists()
    return render(
        request,
        "portal/plan.html",
        {
            "viewer": viewer,
            "family": viewer.family,
            "plan": current,
            "goals": goals,
            "agreed": agreed,
            "may_agree": may_agree(viewer.member, on=viewer.today),
            "refused": refused,
            "proposals": viewer.family.proposals.filter(by=viewer.member).select_related(
                "goal", "domain"
            )[:20],
        },
        status=status,
    )

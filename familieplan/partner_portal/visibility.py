"""What a partner service sees inside a family it may see (partners/scope.py decides the
scope): the measures it is responsible for, within consented topics, and the meetings it
takes part in when a consent covers meetings. Minutes only after the coordinator releases them.
"""

from __future__ import annotations

from familieplan.families.models import Family
from familieplan.meetings.models import Meeting
from familieplan.partners.models import Topic
from familieplan.partners.scope import PartnerScope
from familieplan.plans.models import Measure


def measures_for(family: Family, scope: PartnerScope) -> list[Measure]:
    measures = (
        Measure.objects.filter(
            goal__plan__family=family,
            goal__plan__is_current=True,
            responsible_partner_id__in=scope.partner_ids,
        )
        .select_related("goal__domain", "goal__member", "responsible_partner")
        .prefetch_related("comments")
        .order_by("due_on")
    )
    return [m for m in measures if scope.allows(Topic.PLAN, m.goal.member_id)]


def meetings_for(family: Family, scope: PartnerScope):
    if Topic.MEETINGS not in scope.all_topics:
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(family=family, participants__partner_id__in=scope.partner_ids)
        .distinct()
        .order_by("-starts_at")
    )

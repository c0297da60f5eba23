"""Changes to the family's plan on the follow-up timeline (core/extensions.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import TimelineEvent, TimelineSource
from familieplan.plans.models import PlanVersion


def _keys(user, family, before, n):
    qs = PlanVersion.objects.filter(plan__family=family)
    if before is not None:
        qs = qs.filter(at__lt=before)
    return qs.order_by("-at").values_list("at", "pk")[:n]


def _events(user, family, ids):
    qs = PlanVersion.objects.filter(plan__family=family, pk__in=ids).select_related("by")
    history = reverse("plans:history", args=[family.pk])
    return {
        v.pk: TimelineEvent(
            at=v.at,
            kind="plan",
            title=str(_("Planen, versjon %(n)s") % {"n": v.number}),
            text=Truncator(v.summary).words(40),
            by=v.by.display_name,
            url=history,
        )
        for v in qs
    }


PLAN_VERSIONS = TimelineSource("plan", _("Endringer i planen"), _keys, _events, order=40)

"""What the plan adds through the contract (core/extensions.py): its link on the family page,
its counters (two of them in the daily digest), its versions on the timeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import Extension, FamilyLink
from familieplan.plans import day
from familieplan.plans.counters import COUNTERS
from familieplan.plans.timeline_source import PLAN_VERSIONS

PLAN_STAGES = ("active", "paused", "ended")


def _has_plan_stage(family) -> bool:
    return family.stage in PLAN_STAGES


def extension() -> Extension:
    return Extension(
        app="plans",
        day_blocks=(day.BLOCK,),
        what=_("familiens plan"),
        urls="familieplan.plans.urls",
        url_prefix="plans/",
        counters=COUNTERS,
        timeline=(PLAN_VERSIONS,),
        family_links=(
            FamilyLink(_("Familiens plan"), "plans:detail", order=10, shown=_has_plan_stage),
        ),
    )

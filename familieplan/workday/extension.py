"""What the coordinator's day adds through the contract (core/extensions.py): its pages at
/day/, the start page's "I dag" section (the blocks in it come from the apps that own the data,
each through its own `day_blocks`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import DemoStep, Extension, MainLink, StartSection
from familieplan.core.roles import Role
from familieplan.workday import today
from familieplan.workday.team_demo import build_team
from familieplan.workday.today_demo import build_today


def extension() -> Extension:
    return Extension(
        app="workday",
        what=_("koordinatorens arbeidsoversikt"),
        urls="familieplan.workday.urls",
        url_prefix="day/",
        start_sections=(StartSection("workday/_today.html", today.section, order=10),),
        # The team lead's view (team.py): per coordinator, families and what needs action.
        main_links=(
            MainLink(
                _("Teamet"),
                "workday:team",
                frozenset({Role.TEAM_LEAD}),
                order=15,
                start=_("Se familiene og arbeidsmengden til hver koordinator"),
            ),
        ),
        demo_steps=(
            DemoStep("workday.team", build_team, order=50),
            # After the hand-overs: the start page's lines land with today's coordinators.
            DemoStep("workday.today", build_today, order=60),
        ),
    )

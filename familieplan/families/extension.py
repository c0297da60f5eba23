"""What the families app adds through the contract (core/extensions.py): the caseload in the
menu, the household's counters, enrolment events on the timeline, finding a family by name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import Extension, MainLink
from familieplan.core.roles import Role
from familieplan.families import day
from familieplan.families.caseload import COUNTERS
from familieplan.families.finding import FINDER
from familieplan.families.timeline_source import ENROLMENT

CASE_STAFF = frozenset({Role.COORDINATOR, Role.TEAM_LEAD})


def extension() -> Extension:
    return Extension(
        app="families",
        day_blocks=(day.BLOCK,),
        what=_("familiens opplysninger"),
        urls="familieplan.families.urls",
        url_prefix="families/",
        counters=COUNTERS,
        timeline=(ENROLMENT,),
        family_finder=FINDER,
        main_links=(
            MainLink(
                _("Familier"), "families:list", CASE_STAFF, order=10, start=_("Se familiene dine")
            ),
        ),
    )

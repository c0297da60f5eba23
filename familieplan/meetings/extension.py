"""What meetings add through the contract (core/extensions.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import Destination, Extension, FamilyLink, MainLink
from familieplan.families.extension import CASE_STAFF
from familieplan.meetings import day
from familieplan.meetings.timeline_source import MEETINGS


def extension() -> Extension:
    return Extension(
        app="meetings",
        day_blocks=(day.BLOCK,),
        what=_("møter"),
        urls="familieplan.meetings.urls",
        url_prefix="meetings/",
        timeline=(MEETINGS,),
        family_links=(FamilyLink(_("Møter"), "meetings:list", order=30),),
        main_links=(
            MainLink(
                _("Kalender"),
                "meetings:my_calendar",
                CASE_STAFF,
                order=15,
                start=_("Se møtene dine i kalenderen"),
            ),
        ),
        destinations=(
            Destination(
                "staff.meeting",
                lambda family_id, meeting_id: reverse(
                    "meetings:detail", args=[family_id, meeting_id]
                ),
            ),
        ),
    )

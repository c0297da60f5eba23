"""What meetings add through the contract (core/extensions.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import Destination, Extension, FamilyLink
from familieplan.meetings.timeline_source import MEETINGS


def extension() -> Extension:
    return Extension(
        app="meetings",
        what=_("møter"),
        urls="familieplan.meetings.urls",
        url_prefix="meetings/",
        timeline=(MEETINGS,),
        family_links=(FamilyLink(_("Møter"), "meetings:list", order=30),),
        destinations=(
            Destination(
                "staff.meeting",
                lambda family_id, meeting_id: reverse(
                    "meetings:detail", args=[family_id, meeting_id]
                ),
            ),
        ),
    )

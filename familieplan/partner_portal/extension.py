"""What the partner's pages add through the contract (core/extensions.py): their menu entry
and the address of a meeting there, which the meeting invitations name."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import Destination, Extension, MainLink
from familieplan.core.roles import Role
from familieplan.partner_portal import day


def _meeting(family_id, meeting_id) -> str:
    return reverse("partner_portal:meeting", args=[family_id, meeting_id])


def extension() -> Extension:
    return Extension(
        app="partner_portal",
        day_blocks=(day.BLOCK,),
        what=_("det som er delt med tjenesten"),
        urls="familieplan.partner_portal.urls",
        url_prefix="partner/",
        main_links=(
            MainLink(
                _("Familier som deler med oss"),
                "partner_portal:home",
                frozenset({Role.PARTNER}),
                order=60,
                start=_("Familier som deler med tjenesten din"),
            ),
        ),
        destinations=(Destination("partner.meeting", _meeting),),
    )

"""What the partners app adds through the contract (core/extensions.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import Extension, FamilyLink, MainLink
from familieplan.core.roles import Role
from familieplan.partners import day
from familieplan.partners.counters import COUNTERS


def extension() -> Extension:
    return Extension(
        app="partners",
        day_blocks=(day.BLOCK,),
        what=_("samtykker og deling"),
        urls="familieplan.partners.urls",
        url_prefix="partners/",
        counters=COUNTERS,
        family_links=(FamilyLink(_("Samtykke og deling"), "partners:consents", order=50),),
        main_links=(
            MainLink(
                _("Samarbeidspartnere"),
                "partners:directory",
                frozenset({Role.COORDINATOR, Role.TEAM_LEAD, Role.ADMINISTRATOR}),
                order=40,
                start=_("Samarbeidspartnere"),
            ),
        ),
    )

"""What mapping adds through the contract (core/extensions.py): its link and progress section
on the family page, its counters, the programme figures in the menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import Extension, FamilyLink, FamilySection, MainLink
from familieplan.core.roles import Role
from familieplan.mapping import day, views
from familieplan.mapping.counters import COUNTERS


def extension() -> Extension:
    return Extension(
        app="mapping",
        day_blocks=(day.BLOCK,),
        what=_("kartleggingen"),
        urls="familieplan.mapping.urls",
        url_prefix="mapping/",
        counters=COUNTERS,
        family_links=(FamilyLink(_("Kartlegging og framgang"), "mapping:family", order=40),),
        family_sections=(
            FamilySection("mapping/_family_section.html", views.family_section, order=10),
        ),
        main_links=(
            MainLink(
                _("Tall"),
                "mapping:figures",
                frozenset({Role.TEAM_LEAD, Role.ADMINISTRATOR}),
                order=70,
            ),
        ),
    )

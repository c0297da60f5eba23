"""What the family's pages add through the contract (core/extensions.py): the pages in the
family's menu, the family member's start page, the places lower apps send the family to, the
proposals section on the staff's family page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import (
    DemoStep,
    Destination,
    Extension,
    FamilySection,
    MainLink,
    PortalPage,
)
from familieplan.core.roles import Role
from familieplan.portal import day, economy_views, staff_views
from familieplan.portal.day_demo import build_proposals

FAMILY = frozenset({Role.FAMILY_MEMBER})


def extension() -> Extension:
    return Extension(
        app="portal",
        day_blocks=(day.BLOCK,),
        # The families' proposals on the coordinators' start page.
        demo_steps=(DemoStep("portal.proposals", build_proposals, order=60),),
        what=_("familiens side"),
        urls="familieplan.portal.urls",
        url_prefix="family/",
        family_sections=(
            FamilySection("portal/_family_section.html", staff_views.family_section, order=20),
        ),
        portal_pages=(
            PortalPage("home", _("Oversikt"), "portal:home", order=0),
            PortalPage("plan", _("Planen vår"), "portal:plan", order=10),
            PortalPage(
                "economy",
                _("Økonomi"),
                "portal:economy",
                order=15,
                shown=economy_views.lives_here,
            ),
            PortalPage("meetings", _("Møter"), "portal:meetings", order=20),
            PortalPage("record", _("Kontakter og notater"), "portal:record", order=30),
            PortalPage("progress", _("Kartlegging"), "portal:progress", order=40),
            PortalPage("consents", _("Samtykker"), "portal:consents", order=50),
            # Pages other apps add come between (order 60–190).
            PortalPage(
                "access_log", _("Hvem har sett opplysningene"), "portal:access_log", order=200
            ),
            PortalPage("copy", _("Kopi av alt"), "portal:copy", order=210),
        ),
        main_links=(MainLink(_("Vår side"), "portal:home", FAMILY, order=50),),
        homes={Role.FAMILY_MEMBER: "portal:home"},
        destinations=(
            Destination("family.home", lambda: reverse("portal:home")),
            Destination("family.meetings", lambda: reverse("portal:meetings")),
        ),
    )

"""What the economy adds through the contract (core/extensions.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import Extension, FamilyLink
from familieplan.economy.demo import DEMO_STEPS


def extension() -> Extension:
    return Extension(
        app="economy",
        what=_("økonomien deres"),
        urls="familieplan.economy.urls",
        url_prefix="economy/",
        family_links=(FamilyLink(_("Økonomi"), "economy:overview", order=40),),
        demo_steps=DEMO_STEPS,
    )

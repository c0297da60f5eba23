"""What the follow-up record adds through the contract (core/extensions.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import Extension, FamilyLink, MainLink
from familieplan.families.extension import CASE_STAFF
from familieplan.journal.draft_forms import DRAFT_FORMS
from familieplan.journal.timeline import SOURCES


def extension() -> Extension:
    return Extension(
        app="journal",
        what=_("kontakter og notater"),
        urls="familieplan.journal.urls",
        url_prefix="journal/",
        timeline=SOURCES,
        family_links=(
            FamilyLink(_("Oppfølging (kontakter og notater)"), "journal:timeline", order=20),
            FamilyLink(
                _("Hurtignotat"),
                "journal:quick_note",
                order=21,
                caseload=True,
                inline=True,
                writes=True,
            ),
        ),
        drafts=DRAFT_FORMS,
        main_links=(
            MainLink(_("Søk"), "journal:search", CASE_STAFF, order=20),
            MainLink(_("Tidsbruk"), "journal:time_overview", CASE_STAFF, order=30),
        ),
    )

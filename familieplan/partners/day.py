"""Consent's block of the coordinator's day ("I dag"): consents that run out within 30 days,
by the caseload's "Samtykke utløper innen 30 dager" (`counters.expiring_consents`), soonest
first. A consent is never edited (a renewal is a new consent), so a mark holds until it ends."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.core.day_reads import finder, first_and_total
from familieplan.core.extensions import DayBlock, DayLine, DayScope
from familieplan.families.day import caseload_url
from familieplan.lib.times import person_date
from familieplan.partners.counters import expiring_consents
from familieplan.partners.models import Consent

KIND = "consent"


def lines(scope: DayScope, n: int) -> tuple[list[DayLine], int]:
    consents = (
        scope.unseen(
            expiring_consents(scope.today).filter(
                municipality_id__in=scope.municipality_ids, family__in=scope.families
            ),
            KIND,
        )
        .select_related("family", "partner", "subject")
        .only("family_id", "valid_until", "family__name", "partner__name", "subject__first_name")
        .order_by("valid_until", "pk")
    )
    rows, total = first_and_total(consents, n, scope.count_at_most)
    language = translation.get_language()
    return [
        DayLine(
            kind=KIND,
            object_id=consent.pk,
            family_id=consent.family_id,
            family_name=consent.family.name,
            text=_("Samtykke til %(service)s for %(person)s")
            % {"service": consent.partner.name, "person": consent.subject.first_name},
            url=reverse("partners:consents", args=[consent.family_id]),
            when=_("Utløper %(day)s") % {"day": person_date(consent.valid_until, language)},
        )
        for consent in rows
    ], total


BLOCK = DayBlock(
    key="consents",
    title=gettext_lazy("Samtykker som utløper"),
    lines=lines,
    find=finder(KIND, Consent, "family_id"),
    empty=gettext_lazy("Ingen samtykker utløper de neste 30 dagene."),
    more=lambda scope: caseload_url(scope, "consent_expiring"),
    order=50,
)

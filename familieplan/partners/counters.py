"""Caseload counter: consents that run out within 30 days (ask the family to renew them)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from familieplan.core.extensions import CaseloadContext, Counter
from familieplan.partners.models import Consent

EXPIRY_NOTICE_DAYS = 30


def expiring_consents(today):
    return Consent.objects.valid_on(today).filter(
        valid_until__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS)
    )


def consent_expiring(ctx: CaseloadContext) -> Q:
    # Uncorrelated: PostgreSQL hashes the few family ids once (see plans/counters.py).
    return Q(pk__in=expiring_consents(ctx.today).values("family_id"))


COUNTERS = (
    Counter(
        "consent_expiring",
        _("Samtykke utløper innen 30 dager"),
        consent_expiring,
        order=60,
        digest=lambda n: (
            ngettext(
                "%(n)s familie har samtykker som utløper innen 30 dager",
                "%(n)s familier har samtykker som utløper innen 30 dager",
                n,
            )
            % {"n": n}
        ),
    ),
)

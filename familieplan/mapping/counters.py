"""Caseload counters from mapping: a mapping due soon, and one that is late.

Both read the family's own columns (`mapping_due_on`, `mapping_late_on`, kept by
mapping/services.py), which the caseload's covering indexes include.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import CaseloadContext, Counter

DUE_NOTICE_DAYS = 30


def mapping_due(ctx: CaseloadContext) -> Q:
    """Due within a month (or past its date), not yet late."""
    return Q(mapping_due_on__lte=ctx.today + timedelta(days=DUE_NOTICE_DAYS)) & Q(
        mapping_late_on__gt=ctx.today
    )


def mapping_late(ctx: CaseloadContext) -> Q:
    return Q(mapping_late_on__lte=ctx.today)


COUNTERS = (
    Counter("mapping_due", _("Kartlegging snart"), mapping_due, order=60),
    Counter("mapping_late", _("Kartlegging forsinket"), mapping_late, order=65),
)

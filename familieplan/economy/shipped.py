"""What ships with Familieplan, loaded after every migrate (and a test database's flush):
the built-in income schemes (`catalogue.py`) and the state guideline rates for 2019–2022
(`lib/assistance.py`, REFERENCE.md §2b), each rate set valid until the next one starts and
the last until 31 December 2022. Existing rows are brought in line; an administrator's own
schemes and a municipality's norms are never touched."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from familieplan.economy.catalogue import BUILT_IN
from familieplan.economy.models import GuidelineRateSet, Scheme
from familieplan.lib.assistance import STATE_GUIDELINE_RATES, STATE_RATES_VALID_UNTIL


@transaction.atomic
def sync_shipped() -> None:
    for built_in in BUILT_IN:
        Scheme.objects.update_or_create(
            code=built_in.code,
            municipality=None,
            defaults={
                "name": str(built_in.name),
                "payer": str(built_in.payer),
                "counts_for_social_assistance": built_in.counts_for_social_assistance,
                "counts_for_low_income": built_in.counts_for_low_income,
                "built_in": True,
            },
        )
    ordered = sorted(STATE_GUIDELINE_RATES, key=lambda r: r.valid_from)
    for index, rates in enumerate(ordered):
        following = ordered[index + 1].valid_from if index + 1 < len(ordered) else None
        GuidelineRateSet.objects.update_or_create(
            municipality=None,
            valid_from=rates.valid_from,
            defaults={
                "valid_to": following - timedelta(days=1) if following else STATE_RATES_VALID_UNTIL,
                "single": rates.single,
                "couple": rates.couple,
                "shared_housing": rates.shared_housing,
                "child_0_5": rates.child_0_5,
                "child_6_10": rates.child_6_10,
                "child_11_17": rates.child_11_17,
                "source": rates.source,
                "verified": False,
                "built_in": True,
            },
        )

"""What ships with Familieplan, loaded after every migrate (and a test database's flush):
the built-in income schemes (`catalogue.py`) and the state guideline rates for 2019–2022
(`lib/assistance.py`, REFERENCE.md §2b), each rate set valid until the next one starts and
the last until 31 December 2022. Rows that are already as shipped are left alone (two reads
when nothing changed); an administrator's own schemes and a municipality's norms are never
touched."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from familieplan.economy.catalogue import BUILT_IN
from familieplan.economy.models import GuidelineRateSet, Scheme
from familieplan.lib.assistance import STATE_GUIDELINE_RATES, STATE_RATES_VALID_UNTIL


def _scheme_values() -> dict[str, dict]:
    return {
        str(b.code): {
            "name": str(b.name),
            "payer": str(b.payer),
            "counts_for_social_assistance": b.counts_for_social_assistance,
            "counts_for_low_income": b.counts_for_low_income,
            "built_in": True,
        }
        for b in BUILT_IN
    }


def _rate_values() -> dict:
    ordered = sorted(STATE_GUIDELINE_RATES, key=lambda r: r.valid_from)
    values = {}
    for index, rates in enumerate(ordered):
        following = ordered[index + 1].valid_from if index + 1 < len(ordered) else None
        values[rates.valid_from] = {
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
        }
    return values


def _sync(model, rows: dict, key: str) -> None:
    stored = {getattr(r, key): r for r in model.objects.filter(municipality__isnull=True)}
    for value, wanted in rows.items():
        row = stored.get(value)
        if row is None:
            model.objects.create(municipality=None, **{key: value}, **wanted)
        elif any(getattr(row, name) != shipped for name, shipped in wanted.items()):
            model.objects.filter(pk=row.pk).update(**wanted)


@transaction.atomic
def sync_shipped() -> None:
    _sync(Scheme, _scheme_values(), "code")
    _sync(GuidelineRateSet, _rate_values(), "valid_from")

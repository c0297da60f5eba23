"""Rows of a family's economy for the tests, made directly (the services are tested on
their own): an income of a shipped scheme and an expense, with whatever timing is given."""

from __future__ import annotations

from decimal import Decimal

from familieplan.economy.models import Expense, IncomeSource, Scheme


def income(family, by, *, amount, code="work", **fields) -> IncomeSource:
    return IncomeSource.objects.create(
        municipality=family.municipality,
        family=family,
        scheme=Scheme.objects.get(code=code, municipality=None),
        amount=Decimal(amount),
        created_by=by,
        **fields,
    )


def expense(family, by, *, amount, kind="other", **fields) -> Expense:
    return Expense.objects.create(
        municipality=family.municipality,
        family=family,
        kind=kind,
        amount=Decimal(amount),
        created_by=by,
        **fields,
    )

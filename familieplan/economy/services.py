"""Changes to a family's economy, each recorded in `EconomyChange` with who made it.

Staff and the family use the same functions; `by_family` marks a change the family made on its
own pages. The municipality and family always come from the family the caller fetched through
its access helper, never from the input; a member of another family is refused.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from familieplan.core.concurrency import shown_value
from familieplan.economy.models import (
    Balance,
    Debt,
    EconomyChange,
    Expense,
    IncomeSource,
    Scenario,
    ScenarioChange,
)
from familieplan.families.models import Family

SUBJECTS = {IncomeSource: "income", Expense: "expense", Debt: "debt", Balance: "balance"}
#: Columns that are bookkeeping, never shown in the history.
_QUIET = {"id", "municipality", "family", "created_by", "created_at", "changed_at", "version"}


def _shown(row: models.Model, field: models.Field) -> str:
    """A column as a person reads it: a choice by its label, an amount with grouping, a row
    by its name, the rest as the stale-form message shows stored values."""
    value = getattr(row, field.name)
    if value not in (None, "") and getattr(field, "choices", None):
        return str(getattr(row, f"get_{field.name}_display")())
    if isinstance(value, Decimal):
        return formats.number_format(value, 2, use_l10n=True, force_grouping=True)
    if isinstance(value, models.Model):
        return str(getattr(value, "label", None) or value)
    return shown_value(value)


def _fields(row: models.Model) -> list[models.Field]:
    return [
        f
        for f in row._meta.concrete_fields
        if f.name not in _QUIET and f.editable and f.name != "submit_token"
    ]


def _differences(before: models.Model | None, after: models.Model | None) -> list[dict]:
    shown_row = after if after is not None else before
    assert shown_row is not None
    changes = []
    for field in _fields(shown_row):
        old = _shown(before, field) if before is not None else "–"
        new = _shown(after, field) if after is not None else "–"
        if old != new:
            changes.append({"field": str(field.verbose_name), "old": old, "new": new})
    return changes


def _record(*, family: Family, by, by_family: bool, action: str, row, before=None, after=None):
    EconomyChange.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        by=by,
        by_family=by_family,
        action=action,
        subject=SUBJECTS.get(type(row), type(row)._meta.model_name),
        object_id=row.pk,
        title=str(getattr(row, "label", None) or row)[:200],
        fields=_differences(before, after),
    )


def _check_member(family: Family, row) -> None:
    member = getattr(row, "member", None)
    if member is not None and member.family_id != family.pk:
        raise ValidationError(
            {"member": _("Personen hører ikke til denne familien.")}, code="other_family"
        )


@transaction.atomic
def row_save(*, family: Family, by, row, before=None, by_family: bool = False):
    """Save a new or edited income, expense or debt of `family` (the form's instance, the
    version already checked by the form's submit) and record what changed. `before` is the
    row as stored before the edit (None for a new row)."""
    _check_member(family, row)
    row.family = family
    row.municipality_id = family.municipality_id
    adding = row._state.adding
    if adding:
        row.created_by = by
    row.full_clean(exclude=["created_by", "family", "municipality"])
    row.save()
    _record(
        family=family,
        by=by,
        by_family=by_family,
        action=EconomyChange.Action.ADDED if adding else EconomyChange.Action.CHANGED,
        row=row,
        before=before,
        after=row,
    )
    return row


@transaction.atomic
def row_remove(*, family: Family, by, row, by_family: bool = False) -> None:
    """Remove an income, expense or debt entered in error (an ended one gets its end date
    instead); the history keeps what it was. Scenario changes about it go with it."""
    if row.family_id != family.pk:
        raise ValidationError(_("Raden hører ikke til denne familien."), code="other_family")
    _record(
        family=family,
        by=by,
        by_family=by_family,
        action=EconomyChange.Action.REMOVED,
        row=row,
        before=row,
    )
    type(row)._base_manager.filter(pk=row.pk).delete()


@transaction.atomic
def balance_state(*, family: Family, by, amount: Decimal, on, by_family: bool = False):
    balance = Balance.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        amount=amount,
        on=on,
        stated_by=by,
    )
    _record(
        family=family,
        by=by,
        by_family=by_family,
        action=EconomyChange.Action.ADDED,
        row=balance,
        after=balance,
    )
    return balance


@transaction.atomic
def scenario_create(*, family: Family, by, name: str, estimate_assistance: bool):
    return Scenario.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        name=name,
        estimate_assistance=estimate_assistance,
        created_by=by,
    )


_NEEDS = {
    ScenarioChange.Kind.NEW_INCOME: ("scheme", "amount", "day_of_month"),
    ScenarioChange.Kind.INCOME_ENDS: ("income",),
    ScenarioChange.Kind.INCOME_AMOUNT: ("income", "amount"),
    ScenarioChange.Kind.NEW_EXPENSE: ("expense_kind", "amount", "day_of_month"),
    ScenarioChange.Kind.EXPENSE_ENDS: ("expense",),
    ScenarioChange.Kind.EXPENSE_AMOUNT: ("expense", "amount"),
}

_NEEDED_MESSAGES = {
    "scheme": _("Velg hvilken ordning den nye inntekten er."),
    "amount": _("Skriv beløpet per måned."),
    "day_of_month": _("Skriv hvilken dag i måneden."),
    "income": _("Velg hvilken inntekt det gjelder."),
    "expense": _("Velg hvilken utgift det gjelder."),
    "expense_kind": _("Velg hva slags utgift."),
}


@transaction.atomic
def scenario_change_add(*, scenario: Scenario, change: ScenarioChange) -> ScenarioChange:
    """Add one change to a scenario; what the kind needs must be there, and a source it
    changes must be the scenario's family's."""
    errors = {
        name: _NEEDED_MESSAGES[name]
        for name in _NEEDS[ScenarioChange.Kind(change.kind)]
        if getattr(change, ScenarioChange._meta.get_field(name).attname) in (None, "")
    }
    if errors:
        raise ValidationError(errors, code="incomplete")
    for name in ("income", "expense"):
        source = getattr(change, name)
        if source is not None and source.family_id != scenario.family_id:
            raise ValidationError({name: _NEEDED_MESSAGES[name]}, code="other_family")
    change.scenario = scenario
    change.municipality_id = scenario.municipality_id
    change.save()
    return change

"""A family's economy read in one go: incomes, expenses, debts and the latest balance, four
queries whatever the family holds. Pages and the scenario compute from this, never query per
row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from familieplan.economy.models import Balance, Debt, Expense, IncomeSource
from familieplan.families.models import Family
from familieplan.lib.cashflow import Flow
from familieplan.lib.rhythm import Rhythm, Schedule, occurrences


@dataclass
class Economy:
    family: Family
    incomes: list[IncomeSource]
    expenses: list[Expense]
    debts: list[Debt]
    balance: Balance | None
    #: Everyone ever registered in the family (who lives there on a day: `in_household_on`).
    members: list = field(default_factory=list)
    #: Instalments as monthly schedules (a debt with an instalment and its day).
    instalments: list[tuple[Debt, Schedule]] = field(default_factory=list)
    #: The norms for social assistance, read once when first needed.
    rate_table: list | None = None

    @property
    def empty(self) -> bool:
        return not (self.incomes or self.expenses or self.debts)

    @property
    def in_collection(self) -> bool:
        return any(debt.in_collection for debt in self.debts)

    @property
    def outstanding(self) -> Decimal:
        return sum(
            (d.outstanding for d in self.debts if d.status != Debt.Status.SETTLED), Decimal(0)
        )


def load(family: Family) -> Economy:
    incomes = list(
        IncomeSource.objects.filter(municipality_id=family.municipality_id, family=family)
        .select_related("scheme", "member")
        .order_by("scheme__name", "created_at")
    )
    expenses = list(
        Expense.objects.filter(municipality_id=family.municipality_id, family=family)
        .select_related("member")
        .order_by("kind", "created_at")
    )
    debts = list(
        Debt.objects.filter(municipality_id=family.municipality_id, family=family)
        .select_related("member")
        .order_by("status", "-outstanding")
    )
    balance = (
        Balance.objects.filter(municipality_id=family.municipality_id, family=family)
        .order_by("-on", "-created_at")
        .first()
    )
    members = list(family.members.all())
    economy = Economy(family, incomes, expenses, debts, balance, members)
    economy.instalments = [
        (debt, Schedule(rhythm=Rhythm.MONTHLY, day_of_month=debt.instalment_day))
        for debt in debts
        if debt.instalment and debt.instalment_day and debt.status != Debt.Status.SETTLED
    ]
    return economy


def flows(economy: Economy, start: date, end: date) -> list[Flow]:
    """Money in and out on each day from `start` to `end`; irregular incomes have no day and
    are left out (the overview counts them per month)."""
    out: list[Flow] = []
    for income in economy.incomes:
        for on in occurrences(income.schedule(), start, end):
            out.append(Flow(on=on, amount=income.amount, label=income.label, key=f"i{income.pk}"))
    for expense in economy.expenses:
        for on in occurrences(expense.schedule(), start, end):
            out.append(
                Flow(on=on, amount=-expense.amount, label=expense.label, key=f"e{expense.pk}")
            )
    for debt, schedule in economy.instalments:
        for on in occurrences(schedule, start, end):
            out.append(
                Flow(on=on, amount=-debt.instalment, label=str(debt.creditor), key=f"d{debt.pk}")
            )
    return out

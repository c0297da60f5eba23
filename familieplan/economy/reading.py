"""A family's economy read in one go: incomes, expenses, debts, the latest balance and the
members, five queries whatever the family holds. Pages and the scenario compute from this,
never query per row."""

from __future__ import annotations

import dataclasses
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

    def only(self, keep) -> Economy:
        """The same economy with only the incomes, expenses and debts `keep(row)` allows
        (what one reader may see); the balance and the members stay."""
        return dataclasses.replace(
            self,
            incomes=[r for r in self.incomes if keep(r)],
            expenses=[r for r in self.expenses if keep(r)],
            debts=[d for d in self.debts if keep(d)],
            instalments=[(d, s) for d, s in self.instalments if keep(d)],
        )

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


@dataclass(frozen=True)
class Entry:
    """One row with dates: an income, an expense or a debt's monthly instalment."""

    key: str  # "i<pk>", "e<pk>" or "d<pk>": the same row keeps its key on every page
    row: IncomeSource | Expense | Debt
    schedule: Schedule
    amount: Decimal
    money_in: bool
    label: str


def entries(economy: Economy) -> list[Entry]:
    """Every dated row of the economy, incomes first (the month, the scenario and the
    payment-day feed read the rows through this one list)."""
    out = [Entry(f"i{i.pk}", i, i.schedule(), i.amount, True, i.label) for i in economy.incomes]
    out += [Entry(f"e{e.pk}", e, e.schedule(), e.amount, False, e.label) for e in economy.expenses]
    out += [
        Entry(f"d{d.pk}", d, schedule, d.instalment, False, str(d.creditor))
        for d, schedule in economy.instalments
    ]
    return out


def flows(economy: Economy, start: date, end: date) -> list[Flow]:
    """Money in and out on each day from `start` to `end`; irregular incomes have no day and
    are left out (the overview counts them per month)."""
    return [
        Flow(
            on=on,
            amount=entry.amount if entry.money_in else -entry.amount,
            label=entry.label,
            key=entry.key,
        )
        for entry in entries(economy)
        for on in occurrences(entry.schedule, start, end)
    ]

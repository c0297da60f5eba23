"""The family's economy (issue: the family's economy; decision 0023)."""

from familieplan.economy.models.catalogue import Scheme
from familieplan.economy.models.feed import MoneyFeed
from familieplan.economy.models.household import (
    Balance,
    Debt,
    EconomyChange,
    Expense,
    IncomeSource,
)
from familieplan.economy.models.reference import (
    BudgetBracket,
    BudgetHouseholdRow,
    BudgetYear,
    GuidelineRateSet,
)
from familieplan.economy.models.scenario import Scenario, ScenarioChange

__all__ = [
    "Balance",
    "BudgetBracket",
    "BudgetHouseholdRow",
    "BudgetYear",
    "Debt",
    "EconomyChange",
    "Expense",
    "GuidelineRateSet",
    "IncomeSource",
    "MoneyFeed",
    "Scenario",
    "ScenarioChange",
    "Scheme",
]

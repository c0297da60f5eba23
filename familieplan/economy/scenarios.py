""" "What if": the economy now and with a scenario's changes, side by side, month by month.

Each change applies from its date: a new income or expense monthly on its day; one that stops
has no payment from that date; a changed amount (per month) counts from that date. With
`estimate_assistance`, social assistance in the scenario is not the entered payments but the
estimate from the norm in force that month plus the housing costs, less the income that
counts (`lib.assistance`); a month no rate set covers shows no estimate and names its year.
A planning aid, not a decision.
"""

from __future__ import annotations

import calendar
import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from familieplan.economy.models import Expense, Scenario, ScenarioChange
from familieplan.economy.overview import (
    HOUSING,
    AssistanceEstimate,
    estimate_assistance,
    is_assistance,
    is_assistance_scheme,
)
from familieplan.economy.reading import Economy, entries
from familieplan.lib.rhythm import Rhythm, Schedule, occurrences

ZERO = Decimal(0)
MONTHS = 12
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    schedule: Schedule
    amount: Decimal
    money_in: bool
    counts: bool = True  # income that counts for social assistance
    assistance: bool = False  # this is social assistance itself
    housing: bool = False  # rent or electricity

    def in_month(self, first: date, last: date) -> Decimal:
        if self.schedule.rhythm == Rhythm.IRREGULAR:
            valid = (self.schedule.valid_from is None or self.schedule.valid_from <= last) and (
                self.schedule.valid_to is None or self.schedule.valid_to >= first
            )
            return self.amount if valid else ZERO
        return self.amount * len(occurrences(self.schedule, first, last))


def lines_now(economy: Economy) -> list[Line]:
    return [
        Line(
            entry.key,
            entry.label,
            entry.schedule,
            entry.amount,
            entry.money_in,
            counts=entry.row.counts_for_social_assistance if entry.money_in else True,
            assistance=entry.money_in and is_assistance(entry.row),
            housing=isinstance(entry.row, Expense) and entry.row.kind in HOUSING,
        )
        for entry in entries(economy)
    ]


def _until(line: Line, day: date) -> Line | None:
    """The line with no payment from `day` on (None when nothing is left of it)."""
    end = day - DAY
    s = line.schedule
    if s.valid_from is not None and end < s.valid_from:
        return None
    valid_to = end if s.valid_to is None else min(s.valid_to, end)
    return dataclasses.replace(line, schedule=dataclasses.replace(s, valid_to=valid_to))


def _from(line: Line, day: date, amount: Decimal, day_of_month: int | None = None) -> Line | None:
    """The line from `day` on with the changed amount, which the form takes per month: a
    payment every 14 days becomes one monthly payment of that amount (on `day_of_month`, or
    the date's day), so a month shows the amount entered, not two or three times it. A
    monthly, yearly or one-off line keeps its dates (an irregular one is per month already)."""
    s = line.schedule
    if s.valid_to is not None and s.valid_to < day:
        return None
    valid_from = day if s.valid_from is None else max(s.valid_from, day)
    if s.rhythm == Rhythm.EVERY_14_DAYS:
        schedule = Schedule(
            rhythm=Rhythm.MONTHLY,
            day_of_month=day_of_month or valid_from.day,
            valid_from=valid_from,
            valid_to=s.valid_to,
        )
    else:
        schedule = dataclasses.replace(s, valid_from=valid_from)
    return dataclasses.replace(
        line, key=f"{line.key}:{day.isoformat()}", amount=amount, schedule=schedule
    )


def lines_with(lines: list[Line], changes: list[ScenarioChange]) -> list[Line]:
    out = list(lines)
    for change in changes:
        kind = change.kind
        if kind in (ScenarioChange.Kind.NEW_INCOME, ScenarioChange.Kind.NEW_EXPENSE):
            income = kind == ScenarioChange.Kind.NEW_INCOME
            label = change.label or (
                str(change.scheme.label) if income else str(Expense.Kind(change.expense_kind).label)
            )
            out.append(
                Line(
                    f"c{change.pk}",
                    label,
                    Schedule(
                        rhythm=Rhythm.MONTHLY,
                        day_of_month=change.day_of_month,
                        valid_from=change.starts_on,
                    ),
                    change.amount,
                    income,
                    counts=change.scheme.counts_for_social_assistance if income else True,
                    # Social assistance entered as a new income is replaced by the estimate,
                    # never counted as income against it.
                    assistance=income and is_assistance_scheme(change.scheme),
                    housing=not income and change.expense_kind in HOUSING,
                )
            )
            continue
        key = f"i{change.income_id}" if change.income_id else f"e{change.expense_id}"
        replaced = []
        for line in out:
            if line.key != key and not line.key.startswith(key + ":"):
                replaced.append(line)
                continue
            before = _until(line, change.starts_on)
            if before is not None:
                replaced.append(before)
            if kind in (ScenarioChange.Kind.INCOME_AMOUNT, ScenarioChange.Kind.EXPENSE_AMOUNT):
                after = _from(line, change.starts_on, change.amount, change.day_of_month)
                if after is not None:
                    replaced.append(after)
        out = replaced
    return out


@dataclass(frozen=True)
class Column:
    money_in: Decimal
    money_out: Decimal
    assistance: Decimal
    estimate: AssistanceEstimate | None = None

    @property
    def net(self) -> Decimal:
        return self.money_in - self.money_out


@dataclass(frozen=True)
class MonthRow:
    first: date
    now: Column
    scenario: Column

    @property
    def difference(self) -> Decimal:
        return self.scenario.net - self.now.net


def _column(economy, lines, first, last, *, estimate: bool) -> Column:
    money_in = sum((line.in_month(first, last) for line in lines if line.money_in), ZERO)
    money_out = sum((line.in_month(first, last) for line in lines if not line.money_in), ZERO)
    entered_assistance = sum(
        (line.in_month(first, last) for line in lines if line.assistance), ZERO
    )
    if not estimate:
        return Column(money_in, money_out, entered_assistance)
    counted = [
        (line.label, line.in_month(first, last), line.counts)
        for line in lines
        if line.money_in and not line.assistance
    ]
    housing = sum((line.in_month(first, last) for line in lines if line.housing), ZERO)
    result = estimate_assistance(economy, on=first, incomes=counted, housing=housing)
    if result.estimate is None:
        # No rates for the month: no estimate, and no guess of 0 kr either. The assistance
        # stays as entered, so the month's difference shows only what the changes do.
        return Column(money_in, money_out, entered_assistance, result)
    amount = result.estimate.amount
    return Column(money_in - entered_assistance + amount, money_out, amount, result)


def compare(economy: Economy, scenario: Scenario, changes: list[ScenarioChange], start: date):
    now_lines = lines_now(economy)
    scenario_lines = lines_with(now_lines, changes)
    rows = []
    first = start.replace(day=1)
    for _i in range(MONTHS):
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        rows.append(
            MonthRow(
                first,
                _column(economy, now_lines, first, last, estimate=False),
                _column(
                    economy, scenario_lines, first, last, estimate=scenario.estimate_assistance
                ),
            )
        )
        first = last + DAY
    return rows


def missing_rate_years(rows: list[MonthRow]) -> list[int]:
    return sorted(
        {
            row.scenario.estimate.missing_day.year
            for row in rows
            if row.scenario.estimate is not None and row.scenario.estimate.missing_day
        }
    )

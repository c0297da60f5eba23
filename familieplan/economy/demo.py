"""The demo's family economy: every active demo family gets incomes from several schemes on
different days, its fixed expenses, for some a debt, and the balance it stated at the start of
this month; one family has a "what if".

The amounts are made up for the demo and sized for a low-income household. None of them is a
rate, a norm or a reference figure: those are reference data with a source (REFERENCE.md), and
the demo adds none (no SIFO budget, no municipal norm). The same seed gives the same economy;
its dates are counted from the day the demo is loaded.

What the demo shows on purpose:

* Familien Warsame (the `forelder` and `ungdom` logins): social assistance, barnetrygd,
  utvidet barnetrygd, child maintenance and bostøtte; this month the money runs out before the
  20th; rent arrears on a payment agreement; a correction Amina made herself; and the scenario
  «Deltidsjobb fra neste måned» (a new work income and a monthly ticket; barnetrygd unchanged).
* the demo coordinator's first other active family: a debt in collection.
* the first active family in Fjordvik: money runs out this month too.

Every other family's balance is set so that this month's bills leave it a margin; how the
following months go depends on its payments (a dagpenger period ends, say).
"""

from __future__ import annotations

import copy
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from familieplan.core.extensions import DemoStep
from familieplan.economy import month as month_view
from familieplan.economy import reading, services
from familieplan.economy.demo_households import (
    BARNETRYGD_PER_CHILD,
    FAMILY_BENEFITS_DAY,
    PAYDAY,
    UTVIDET_BARNETRYGD,
    E,
    Household,
    K,
    kr,
    round_up,
    synthetic,
    weekday_before,
)
from familieplan.economy.models import (
    Balance,
    Debt,
    EconomyChange,
    Expense,
    IncomeSource,
    ScenarioChange,
    Scheme,
)
from familieplan.families.models import Address, Family, Member
from familieplan.lib.schemes import Scheme as Code

SCENARIO_NAME = "Deltidsjobb fra neste måned"


def warsame(h: Household) -> Household:
    """Amina (single parent), Hamza (16) and Sagal (9), in a municipal flat."""
    by_name = {m.first_name: m for m in h.members}
    amina, hamza = by_name["Amina"], by_name.get("Hamza")
    children = [m for m, age in h.children if age < 18]
    h.income(
        Code.BARNETRYGD,
        BARNETRYGD_PER_CHILD * len(children),
        member=amina,
        day=FAMILY_BENEFITS_DAY,
    )
    h.income(Code.UTVIDET_BARNETRYGD, UTVIDET_BARNETRYGD, member=amina, day=FAMILY_BENEFITS_DAY)
    h.income(
        Code.BOSTOTTE,
        Decimal(2140),
        day=FAMILY_BENEFITS_DAY,
        note="Varierer med inntekten måneden før.",
    )
    h.income(
        Code.BARNEBIDRAG,
        Decimal(1650),
        member=amina,
        day=3,
        evidence=E.FAMILY_SAID,
        note="Fra Sagals far; kommer av og til noen dager for sent.",
    )
    h.income(
        Code.SOSIALHJELP,
        Decimal(9300),
        member=amina,
        day=1,
        note="Vedtak for tre måneder om gangen.",
    )
    h.expense(K.RENT, Decimal(9650), label="Husleie, kommunal bolig", day=1)
    h.expense(K.PHONE, Decimal(399), label="Mobil Amina", member=amina, day=5)
    if hamza is not None:
        h.expense(K.PHONE, Decimal(249), label=f"Mobil {hamza.first_name}", member=hamza, day=5)
    h.expense(K.PHONE, Decimal(449), label="Internett", day=5)
    h.expense(K.INSURANCE, Decimal(179), label="Innboforsikring", day=10)
    # Entered at 1 100 kr by the coordinator; Amina corrects it from the bill (see build).
    h.expense(K.ELECTRICITY, Decimal(1100), label="Strøm og nettleie", day=15)
    h.expense(
        K.OTHER,
        Decimal(2900),
        label="Mat og dagligvarer",
        anchor=weekday_before(h.first - timedelta(days=h.rng.randint(1, 14))),
        note="Handler for to uker om gangen.",
    )
    h.debt(
        Debt.Kind.RENT_ARREARS,
        "Kommunen (husleierestanse)",
        Decimal(6400),
        member=amina,
        instalment=Decimal(500),
        instalment_day=12,
        status=Debt.Status.AGREEMENT,
        debt_advice=True,
        note="Betalingsavtale etter to måneder uten husleie i fjor.",
    )
    return h


WARSAME_ELECTRICITY = Decimal(1250)


def _warsame_after(h: Household, users, registered: datetime) -> None:
    """Amina's own correction of the electricity bill, and the coordinator's scenario."""
    amina_user = users.get("forelder")
    electricity = next(e for e in h.expenses if e.kind == K.ELECTRICITY)
    if amina_user is not None:
        before = copy.copy(electricity)
        electricity.amount = WARSAME_ELECTRICITY
        services.row_save(
            family=h.family, by=amina_user, row=electricity, before=before, by_family=True
        )
        corrected = registered + timedelta(days=2, hours=10)
        EconomyChange.objects.filter(
            family=h.family, object_id=electricity.pk, action=EconomyChange.Action.CHANGED
        ).update(at=min(corrected, timezone.now()))
    coming = (h.first + timedelta(days=32)).replace(day=1)
    after_that = (coming + timedelta(days=32)).replace(day=1)
    scenario = services.scenario_create(
        family=h.family, by=h.by, name=SCENARIO_NAME, estimate_assistance=False
    )
    assistance = next(i for i in h.incomes if i.scheme.code == Code.SOSIALHJELP)
    for change in (
        ScenarioChange(
            kind=ScenarioChange.Kind.NEW_INCOME,
            starts_on=coming,
            scheme=h.schemes[Code.WORK],
            amount=Decimal(8900),
            day_of_month=PAYDAY,
            label="Deltidsjobb, 50 %",
        ),
        ScenarioChange(
            kind=ScenarioChange.Kind.NEW_EXPENSE,
            starts_on=coming,
            expense_kind=K.TRANSPORT,
            amount=Decimal(790),
            day_of_month=1,
            label="Månedskort Amina",
        ),
        ScenarioChange(
            kind=ScenarioChange.Kind.INCOME_AMOUNT,
            starts_on=after_that,
            income=assistance,
            amount=Decimal(1800),
            label="Anslag; NAV-kontoret avgjør",
        ),
    ):
        services.scenario_change_add(scenario=scenario, change=change)


# -- The stated balance ----------------------------------------------------------------


def _balance(h: Household, *, short: bool, stated_by) -> Balance:
    """The balance the family stated on the first of the month (or a day or two before): so
    much that this month's lowest point is a small margin, or, for a family whose money runs
    out, a few hundred or a thousand kroner below zero."""
    rng = h.rng
    on = h.first if short else h.first - timedelta(days=rng.choice([0, 0, 1, 2]))
    economy = reading.load(h.family)
    economy.balance = Balance(amount=Decimal(0), on=on)
    lowest = month_view.month(economy, h.first).period.lowest or Decimal(0)
    target = -kr(rng, 400, 1800, 50) if short else kr(rng, 300, 3500, 50)
    amount = max(round_up(target - lowest, 10), kr(rng, 150, 900))
    return Balance(
        municipality_id=h.family.municipality_id,
        family=h.family,
        amount=amount,
        on=on,
        stated_by=stated_by,
    )


# -- The step --------------------------------------------------------------------------


def _moment(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _history(h: Household, balance: Balance, registered: datetime, by_family: bool):
    """An "added" entry per row, as the services write them, dated when they were entered."""
    rows = [*h.incomes, *h.expenses, *h.debts]
    changes = [
        EconomyChange(
            municipality_id=h.family.municipality_id,
            family=h.family,
            by=h.by,
            action=EconomyChange.Action.ADDED,
            subject=services.SUBJECTS[type(row)],
            object_id=row.pk,
            title=str(getattr(row, "label", None) or row)[:200],
        )
        for row in rows
    ]
    changes.append(
        EconomyChange(
            municipality_id=h.family.municipality_id,
            family=h.family,
            by=balance.stated_by,
            by_family=by_family,
            action=EconomyChange.Action.ADDED,
            subject=services.SUBJECTS[Balance],
            object_id=balance.pk,
            title="Saldo",
        )
    )
    times = [registered + timedelta(minutes=2 * i) for i in range(len(rows))]
    times.append(min(_moment(balance.on, 9, 30), timezone.now()))
    return changes, times


def build(families, users, today, seed) -> None:
    ids = [f.pk for f in families]
    active = Family.objects.filter(pk__in=ids, stage=Family.Stage.ACTIVE).select_related(
        "coordinator", "municipality"
    )
    by_pk = {f.pk: f for f in active}
    ordered = [(i, by_pk[f.pk]) for i, f in enumerate(families) if f.pk in by_pk]
    if not ordered:
        return
    schemes = {s.code: s for s in Scheme.objects.filter(municipality__isnull=True, built_in=True)}
    members: dict = {}
    for m in Member.objects.filter(family_id__in=by_pk).order_by("birth_date", "first_name"):
        members.setdefault(m.family_id, []).append(m)
    housing: dict = {}
    for a in Address.objects.filter(family_id__in=by_pk).order_by("-valid_from"):
        housing.setdefault(a.family_id, a.housing)

    demo_coordinator = users.get("koordinator")
    collection_family = next(
        (
            f
            for _i, f in ordered
            if f.coordinator_id == getattr(demo_coordinator, "pk", None)
            and f.name != "Familien Warsame"
        ),
        None,
    )
    fjordvik_short = next((f for _i, f in ordered if f.municipality.number == "9902"), None)

    households: list[tuple[Household, bool, bool]] = []  # (household, short, is Warsame)
    for index, family in ordered:
        household = Household(
            family=family,
            members=members.get(family.pk, []),
            housing=housing.get(family.pk, ""),
            by=family.coordinator or demo_coordinator or next(iter(users.values())),
            rng=random.Random(f"{seed}-economy-{index}"),
            today=today,
            schemes=schemes,
        )
        if not household.adults:
            continue
        if family.name == "Familien Warsame" and "Amina" in {
            m.first_name for m in household.members
        }:
            households.append((warsame(household), True, True))
        else:
            synthetic(household, collection=family is collection_family)
            households.append((household, family is fjordvik_short, False))

    IncomeSource.objects.bulk_create([r for h, _s, _w in households for r in h.incomes])
    Expense.objects.bulk_create([r for h, _s, _w in households for r in h.expenses])
    Debt.objects.bulk_create([r for h, _s, _w in households for r in h.debts])

    registered_at = {}
    for h, _short, is_warsame in households:
        registered_at[h.family.pk] = _moment(
            h.first - timedelta(days=h.rng.randint(3, 40)), 10, h.rng.randint(0, 40)
        )
        if is_warsame:
            _warsame_after(h, users, registered_at[h.family.pk])

    balances, changes, times = [], [], []
    for h, short, is_warsame in households:
        stated_by = users.get("forelder") if is_warsame else None
        balance = _balance(h, short=short, stated_by=stated_by or h.by)
        balances.append(balance)
        rows, at = _history(h, balance, registered_at[h.family.pk], stated_by is not None)
        changes += rows
        times += at
    Balance.objects.bulk_create(balances)
    EconomyChange.objects.bulk_create(changes)
    # `at` is set when the row is written; the demo dates the entries back to their day.
    for change, at in zip(changes, times, strict=True):
        change.at = at
    EconomyChange.objects.bulk_update(changes, ["at"], batch_size=500)


DEMO_STEPS = (DemoStep("economy", build, order=30),)

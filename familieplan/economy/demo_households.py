"""The made-up households of the demo economy: each family's incomes, expenses and debts from
its members and a seeded random generator (see `demo.py`). The amounts are made up for the
demo; none is a rate, a norm or a reference figure."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from familieplan.economy.models import (
    Debt,
    Expense,
    IncomeSource,
    Scheme,
)
from familieplan.families.models import Family, Member
from familieplan.lib.rhythm import Rhythm
from familieplan.lib.schemes import Scheme as Code

E = IncomeSource.Evidence
K = Expense.Kind

#: Demo amounts (kr), the same in every demo family; not rates.
BARNETRYGD_PER_CHILD = Decimal(1766)
UTVIDET_BARNETRYGD = Decimal(2516)
SMABARNSTILLEGG = Decimal(1626)
KONTANTSTOTTE = Decimal(7500)
BIDRAGSFORSKUDD_PER_CHILD = Decimal(1860)

#: Demo choice: single parents whose youngest child is this young have overgangsstønad.
OVERGANGSSTONAD_YOUNGEST_UNDER = 8
#: NAV's family benefits land on this day in the demo.
FAMILY_BENEFITS_DAY = 20
#: Work paid monthly lands on this day in the demo.
PAYDAY = 12


def kr(rng: random.Random, low: int, high: int, step: int = 10) -> Decimal:
    return Decimal(rng.randrange(low, high + 1, step))


def round_up(amount: Decimal, step: int) -> Decimal:
    """`amount` rounded up to a multiple of `step` kroner."""
    return (amount / step).to_integral_value(rounding=ROUND_CEILING) * step


def weekday_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _per_month(row) -> Decimal:
    """Roughly what a row comes to in a month (for sizing the demo, not for the pages)."""
    if row.rhythm == Rhythm.EVERY_14_DAYS:
        return row.amount * 26 / 12
    if row.rhythm == Rhythm.YEARLY:
        return row.amount / 12
    if row.rhythm == Rhythm.ONCE:
        return Decimal(0)
    return row.amount


@dataclass
class Household:
    """One family's economy as it is being made up (rows not saved yet)."""

    family: Family
    members: list[Member]
    housing: str
    by: object
    rng: random.Random
    today: date
    schemes: dict[str, Scheme]
    incomes: list[IncomeSource] = field(default_factory=list)
    expenses: list[Expense] = field(default_factory=list)
    debts: list[Debt] = field(default_factory=list)
    workers: list[Member] = field(default_factory=list)

    @property
    def first(self) -> date:
        return self.today.replace(day=1)

    @property
    def adults(self) -> list[Member]:
        return [m for m in self.members if m.is_adult_role and m.in_household_on(self.today)]

    @property
    def children(self) -> list[tuple[Member, int]]:
        return [
            (m, m.age_on(self.today))
            for m in self.members
            if not m.is_adult_role and m.in_household_on(self.today)
        ]

    def payday_14(self) -> date:
        """The first of a run of payments every 14 days, some weeks back, on a weekday."""
        back = self.rng.randint(1, 13) + 14 * self.rng.randint(1, 4)
        return weekday_before(self.first - timedelta(days=back))

    def _common(self, amount: Decimal, *, day, anchor, rhythm, **extra) -> dict:
        if rhythm is None:
            rhythm = Rhythm.EVERY_14_DAYS if anchor is not None else Rhythm.MONTHLY
        return {
            "municipality_id": self.family.municipality_id,
            "family": self.family,
            "amount": amount,
            "rhythm": rhythm,
            "day_of_month": day if rhythm == Rhythm.MONTHLY else None,
            "anchor": anchor if Rhythm(rhythm).uses_anchor else None,
            "created_by": self.by,
            **extra,
        }

    def income(
        self,
        code: str,
        amount: Decimal,
        *,
        member: Member | None = None,
        day: int | None = None,
        anchor: date | None = None,
        rhythm: str | None = None,
        evidence: str = E.DECISION,
        **extra,
    ) -> IncomeSource:
        scheme = self.schemes[code]
        row = IncomeSource(
            scheme=scheme,
            member=member,
            evidence=evidence,
            counts_for_social_assistance=scheme.counts_for_social_assistance,
            counts_for_low_income=scheme.counts_for_low_income,
            **self._common(amount, day=day, anchor=anchor, rhythm=rhythm, **extra),
        )
        self.incomes.append(row)
        return row

    def expense(
        self,
        kind: str,
        amount: Decimal,
        *,
        label: str = "",
        member: Member | None = None,
        day: int | None = None,
        anchor: date | None = None,
        rhythm: str | None = None,
        **extra,
    ) -> Expense:
        row = Expense(
            kind=kind,
            label_text=label,
            member=member,
            **self._common(amount, day=day, anchor=anchor, rhythm=rhythm, **extra),
        )
        self.expenses.append(row)
        return row

    def debt(self, kind: str, creditor: str, outstanding: Decimal, **extra) -> Debt:
        row = Debt(
            municipality_id=self.family.municipality_id,
            family=self.family,
            kind=kind,
            creditor=creditor,
            outstanding=outstanding,
            created_by=self.by,
            **extra,
        )
        self.debts.append(row)
        return row

    def money_in(self) -> Decimal:
        return sum((_per_month(r) for r in self.incomes), Decimal(0))

    def money_out(self) -> Decimal:
        return sum((_per_month(r) for r in self.expenses), Decimal(0)) + sum(
            (d.instalment or Decimal(0) for d in self.debts if d.status != Debt.Status.SETTLED),
            Decimal(0),
        )


# -- A synthetic family's economy --------------------------------------------------------


def _childcare(h: Household) -> tuple[list[Member], list[Member], list[Member]]:
    """Who is in kindergarten, at SFO, and which one-year-olds are at home."""
    kindergarten, after_school, at_home = [], [], []
    for child, age in h.children:
        if 1 <= age <= 5:
            at_kindergarten = age >= 2 or h.rng.random() < 0.5
            (kindergarten if at_kindergarten else at_home).append(child)
        elif 6 <= age <= 9 and h.rng.random() < 0.6:
            after_school.append(child)
    return kindergarten, after_school, at_home


def _incomes(h: Household, at_home: list[Member]) -> None:
    rng, adults = h.rng, h.adults
    ages = [age for _c, age in h.children]
    under_18 = [c for c, age in h.children if age < 18]
    first_adult = adults[0]
    if under_18:
        h.income(
            Code.BARNETRYGD,
            BARNETRYGD_PER_CHILD * len(under_18),
            member=first_adult,
            day=FAMILY_BENEFITS_DAY,
        )
    if len(adults) == 1:
        _single_parent(h, first_adult, min(ages) if ages else 18, under_18)
    else:
        _two_adults(h, adults[0], adults[1], baby=bool(ages) and min(ages) == 0)
    if at_home:
        h.income(
            Code.KONTANTSTOTTE,
            KONTANTSTOTTE * len(at_home),
            member=first_adult,
            day=FAMILY_BENEFITS_DAY,
        )
    if h.housing in ("rented", "municipal", "temporary") and rng.random() < 0.6:
        h.income(
            Code.BOSTOTTE,
            kr(rng, 1200, 3600),
            day=FAMILY_BENEFITS_DAY,
            note="Varierer med inntekten måneden før.",
        )
    on_overgangsstonad = any(i.scheme.code == Code.OVERGANGSSTONAD for i in h.incomes)
    if h.workers and not on_overgangsstonad and rng.random() < 0.25:
        h.income(
            Code.WORK,
            kr(rng, 1000, 2500, 100),
            member=h.workers[0],
            rhythm=Rhythm.IRREGULAR,
            amount_max=kr(rng, 3000, 4500, 100),
            evidence=E.FAMILY_SAID,
            note="Ekstravakter, ikke hver måned.",
        )


def _single_parent(h: Household, parent: Member, youngest: int, under_18: list[Member]) -> None:
    rng = h.rng
    h.income(Code.UTVIDET_BARNETRYGD, UTVIDET_BARNETRYGD, member=parent, day=FAMILY_BENEFITS_DAY)
    if youngest < OVERGANGSSTONAD_YOUNGEST_UNDER:
        works = rng.random() < 0.4
        if works:
            h.income(
                Code.WORK,
                kr(rng, 3200, 5200, 100),
                member=parent,
                anchor=h.payday_14(),
                evidence=E.DOCUMENT,
                note="Deltid, timelønn.",
            )
            h.workers.append(parent)
        # Lower beside a wage: the family's decision letter says how much.
        low, high = (5800, 8800) if works else (9800, 14600)
        h.income(
            Code.OVERGANGSSTONAD, kr(rng, low, high, 100), member=parent, day=FAMILY_BENEFITS_DAY
        )
        if youngest < 3:
            h.income(Code.SMABARNSTILLEGG, SMABARNSTILLEGG, member=parent, day=FAMILY_BENEFITS_DAY)
    else:
        pick = rng.random()
        if pick < 0.5:
            h.income(
                Code.WORK,
                kr(rng, 17500, 23500, 100),
                member=parent,
                day=PAYDAY,
                evidence=E.DOCUMENT,
            )
            h.workers.append(parent)
        elif pick < 0.75:
            h.income(Code.AAP, kr(rng, 6900, 8600, 100), member=parent, anchor=h.payday_14())
        # else: social assistance tops up below (the household's own income is too small).
    # Barnebidrag comes from the other parent on a day of its own: always where every other
    # payment falls on the 20th, else for half the families (bidragsforskudd for the rest).
    one_day = all(i.day_of_month == FAMILY_BENEFITS_DAY for i in h.incomes)
    if under_18 and (one_day or rng.random() < 0.5):
        h.income(
            Code.BARNEBIDRAG,
            kr(rng, 1100, 2400, 50) * len(under_18),
            member=parent,
            day=rng.randint(1, 5),
            evidence=E.FAMILY_SAID,
            note="Fra den andre forelderen.",
        )
    elif under_18:
        h.income(
            Code.BIDRAGSFORSKUDD,
            BIDRAGSFORSKUDD_PER_CHILD * len(under_18),
            member=parent,
            day=FAMILY_BENEFITS_DAY,
        )


def _two_adults(h: Household, one: Member, other: Member, *, baby: bool) -> None:
    rng = h.rng
    profile = rng.choice(["work_dagpenger", "work_14_days", "introduction", "aap_work"])
    if profile == "introduction":
        for adult in (one, other):
            h.income(
                Code.INTRODUKSJONSSTONAD,
                kr(rng, 6400, 7400, 100),
                member=adult,
                anchor=h.payday_14(),
                note="Introduksjonsprogrammet.",
            )
            h.workers.append(adult)  # goes to the programme every day
        return
    if profile == "aap_work":
        h.income(Code.AAP, kr(rng, 7000, 9000, 100), member=one, anchor=h.payday_14())
        h.income(
            Code.WORK, kr(rng, 11000, 15500, 100), member=other, day=PAYDAY, evidence=E.DOCUMENT
        )
        h.workers.append(other)
        return
    if profile == "work_14_days":
        h.income(
            Code.WORK,
            kr(rng, 7800, 11500, 100),
            member=one,
            anchor=h.payday_14(),
            evidence=E.DOCUMENT,
            note="Timelønn, lønn hver 14. dag.",
        )
    else:
        h.income(Code.WORK, kr(rng, 19000, 24000, 100), member=one, day=PAYDAY, evidence=E.DOCUMENT)
    h.workers.append(one)
    if baby:
        h.income(Code.FORELDREPENGER, kr(rng, 11000, 15500, 100), member=other, day=25)
    elif profile == "work_dagpenger":
        start = h.payday_14()
        h.income(
            Code.DAGPENGER,
            kr(rng, 5400, 7400, 100),
            member=other,
            anchor=start,
            valid_from=start,
            valid_to=h.today + timedelta(days=rng.randint(90, 240)),
            note="Dagpengeperioden slutter.",
        )


def _expenses(h: Household, kindergarten: list[Member], after_school: list[Member]) -> None:
    rng = h.rng
    persons = len(h.adults) + len(h.children)
    rent = {
        "municipal": ("Husleie, kommunal bolig", 7400, 10800),
        "temporary": ("Husleie, midlertidig bolig", 8200, 11800),
    }.get(h.housing, ("Husleie", 8800, 12800))
    label, low, high = rent
    size = max(0, persons - 3) * 900
    h.expense(K.RENT, kr(rng, low + size, high + size), label=label, day=1)
    h.expense(
        K.ELECTRICITY,
        kr(rng, 600 + 120 * persons, 1100 + 180 * persons),
        label="Strøm og nettleie",
        day=rng.choice([15, 20, 25]),
    )
    care_day = rng.choice([15, 20])
    for child in kindergarten:
        h.expense(
            K.KINDERGARTEN,
            kr(rng, 800, 1500),
            label=f"Barnehage {child.first_name}",
            member=child,
            day=care_day,
        )
    for child in after_school:
        h.expense(
            K.AFTER_SCHOOL,
            kr(rng, 1100, 2300),
            label=f"SFO {child.first_name}",
            member=child,
            day=care_day,
        )
    phone_day = rng.randint(5, 10)
    for adult in h.adults:
        h.expense(
            K.PHONE,
            Decimal(rng.choice([249, 299, 349, 399, 449])),
            label=f"Mobil {adult.first_name}",
            member=adult,
            day=phone_day,
        )
    for child, age in h.children:
        if age >= 13:
            h.expense(
                K.PHONE,
                Decimal(rng.choice([199, 249, 299])),
                label=f"Mobil {child.first_name}",
                member=child,
                day=phone_day,
            )
    h.expense(K.PHONE, Decimal(rng.choice([399, 449, 499, 549])), label="Internett", day=phone_day)
    if rng.random() < 0.6:
        h.expense(K.INSURANCE, kr(rng, 139, 289), label="Innboforsikring", day=10)
    else:
        renews = date(h.today.year - 1, rng.randint(1, 12), rng.randint(1, 28))
        h.expense(
            K.INSURANCE,
            kr(rng, 1600, 3200, 50),
            label="Innboforsikring",
            rhythm=Rhythm.YEARLY,
            anchor=renews,
        )
    if h.workers and rng.random() < 0.3:
        h.expense(
            K.TRANSPORT,
            kr(rng, 900, 1600, 50),
            label="Bensin",
            rhythm=Rhythm.IRREGULAR,
            note="Bilen brukes til jobb.",
        )
    else:
        for worker in h.workers:
            h.expense(
                K.TRANSPORT,
                kr(rng, 650, 900),
                label=f"Månedskort {worker.first_name}",
                member=worker,
                day=1,
            )
    for child, age in h.children:
        if 6 <= age <= 15 and rng.random() < 0.35:
            activity = rng.choice(["Fotball", "Svømming", "Korps", "Turn", "Kulturskolen"])
            if rng.random() < 0.5:
                h.expense(
                    K.OTHER,
                    kr(rng, 900, 2400, 50),
                    label=f"{activity} {child.first_name} (kontingent)",
                    member=child,
                    rhythm=Rhythm.YEARLY,
                    anchor=date(h.today.year - 1, rng.choice([1, 8, 9]), rng.randint(1, 28)),
                )
            else:
                h.expense(
                    K.OTHER,
                    kr(rng, 250, 450, 50),
                    label=f"{activity} {child.first_name}",
                    member=child,
                    day=rng.randint(1, 28),
                )
    food = Decimal(1300 * len(h.adults) + 750 * len(h.children) + rng.randrange(-300, 301, 50))
    h.expense(
        K.OTHER,
        food,
        label="Mat og dagligvarer",
        anchor=weekday_before(h.first - timedelta(days=rng.randint(1, 14))),
        note="Familien handler for to uker om gangen.",
    )


#: (kind, creditor, outstanding low/high, instalment low/high, day, status)
DEBTS = [
    (Debt.Kind.CREDIT_CARD, "Banken (kredittkort)", 6000, 28000, 400, 900, 25, "agreement"),
    (Debt.Kind.CONSUMER_LOAN, "Forbrukslån i nettbank", 25000, 90000, 900, 1800, 15, "agreement"),
    (Debt.Kind.POWER_ARREARS, "Strømleverandøren", 3000, 9000, 400, 600, 10, "agreement"),
    (Debt.Kind.PUBLIC, "Statens innkrevingssentral", 4000, 20000, 300, 700, 20, "agreement"),
    (Debt.Kind.RENT_ARREARS, "Utleier (husleierestanse)", 5000, 15000, 500, 1000, 5, "agreement"),
    (Debt.Kind.CONSUMER_LOAN, "Nettbutikk (delbetaling)", 3000, 12000, 0, 0, 0, "unpaid"),
    (Debt.Kind.CONSUMER_LOAN, "Forbrukslån (nedbetalt)", 0, 0, 0, 0, 0, "settled"),
]


def _debts(h: Household, *, collection: bool) -> None:
    rng = h.rng
    if collection:
        h.debt(
            Debt.Kind.COLLECTION,
            "Inkassobyrå (ubetalt mobilregning)",
            kr(rng, 6500, 18500),
            member=h.adults[0],
            status=Debt.Status.IN_COLLECTION,
            debt_advice=True,
            note="Betalingsoppfordring kom i forrige måned; gjeldsrådgiveren er kontaktet.",
        )
    count = 1 if collection else rng.choice([0, 0, 0, 1, 1, 2])
    for kind, creditor, low, high, inst_low, inst_high, day, status in rng.sample(DEBTS, count):
        h.debt(
            kind,
            creditor,
            kr(rng, low, high, 100) if high else Decimal(0),
            member=h.adults[0],
            instalment=kr(rng, inst_low, inst_high, 50) if inst_high else None,
            instalment_day=day or None,
            status=status,
        )


def _top_up(h: Household, *, always: bool) -> None:
    """Social assistance for a household whose own income does not cover its bills."""
    short = h.money_out() - h.money_in()
    if short <= 0 and not always:
        return
    amount = round_up(max(short, Decimal(0)) + kr(h.rng, 300, 1200), 100)
    h.income(
        Code.SOSIALHJELP,
        amount,
        member=h.adults[0],
        day=h.rng.choice([1, 28]),
        note="Vedtak for tre måneder om gangen.",
    )


def synthetic(h: Household, *, collection: bool) -> Household:
    kindergarten, after_school, at_home = _childcare(h)
    _incomes(h, at_home)
    _expenses(h, kindergarten, after_school)
    care = [e.amount for e in h.expenses if e.kind in (K.KINDERGARTEN, K.AFTER_SCHOOL)]
    if len(h.adults) == 1 and h.workers and care:
        share = Decimal(h.rng.randrange(50, 61)) / 100
        h.income(
            Code.BARNETILSYN,
            round_up(sum(care) * share, 10),
            member=h.adults[0],
            day=FAMILY_BENEFITS_DAY,
        )
    _debts(h, collection=collection)
    assisted = not h.workers and not any(i.scheme.code == Code.AAP for i in h.incomes)
    _top_up(h, always=assisted and h.rng.random() < 0.7)
    return h


# -- Familien Warsame ------------------------------------------------------------------

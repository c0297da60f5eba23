"""Add the families' economy to a generated database (the economy benchmark's data).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.economy_data --seed 1

Run once after `benchmarks.generate` (refuses a database that already holds incomes), then
`benchmarks.economy`. Every family gets 5–12 income sources and 8–20 expenses (some ended,
some ending), as the economy's forms would have stored them: rhythms monthly on a day, every
14 days from a date, yearly, one-off and irregular with a range, valid from/to, net or gross,
the scheme's counting rules and where the figure comes from. Besides:

- debts for 40 % of the families (1–4 each: arrears, consumer loans, collection, wage
  deductions, settlements; about half with a monthly instalment on a day);
- stated balances for half of them (1–3 in the last 120 days);
- one family in 1,000 (open, with a coordinator; at least one in the biggest municipality)
  has the most an economy here holds — 12 incomes, 20 expenses, 3 debts, a balance — and a
  scenario with 2–3 changes (a part-time job from a date, an income that stops, the rent
  going up): the benchmark measures the worst case.

Amounts are synthetic ranges (`INCOMES`, `EXPENSES`, …), not rates. Two pieces of reference
data the pages read are added where missing, marked unverified and named as benchmark data:
each municipality's norm for social assistance from 2023 to the end of next year, carried
forward from the state's latest guideline rates (REFERENCE.md §2b: the state table ends in
2022, so without it every scenario month is "no rates"), and a SIFO-shaped reference budget
for this year and next with made-up amounts (REFERENCE.md ships no SIFO figures), so the
overview prices the household as it would with the year's figures entered.

Rows are built in Python and streamed with binary COPY (`synthetic.load_rows`) with the
tables' keys, indexes and foreign keys dropped and rebuilt (`without_foreign_keys_and_indexes`),
in the order they would have been written (by `created_at`), so a family's rows lie apart as
after years of use; the garbage collector is off while they are built, as in `generate`. One
`random.Random(seed)` drives everything; dates are relative to today.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from operator import itemgetter

from django.db import connection, transaction

from benchmarks.runtime import setup_django

SCENARIO_EVERY = 1000  # one open family in this many gets the heaviest economy and a scenario
DEBT_SHARE = 0.40
BALANCE_SHARE = 0.50
ENDING_SHARE = 0.15  # current benefits that end within the next ten months
GROSS_SHARE = 0.10  # work income entered before tax
EVIDENCE = (("family_said", 60), ("document", 25), ("decision", 15))

# Synthetic monthly amounts (NOK, low–high); not rates.
INCOMES = {
    # a member's main income: scheme → (weight, rhythm, low, high)
    "adult": {
        "work": (40, "monthly", 9_000, 34_000),
        "aap": (12, "monthly", 11_000, 22_000),
        "uforetrygd": (5, "monthly", 14_000, 24_000),
        "dagpenger": (6, "every_14_days", 6_000, 12_000),
        "introduksjonsstonad": (8, "monthly", 11_000, 17_000),
        "kvalifiseringsstonad": (5, "monthly", 13_000, 18_000),
        "sykepenger": (4, "monthly", 12_000, 30_000),
        None: (20, "", 0, 0),  # none of their own
    },
    "barnetrygd_per_child": (1_000, 1_800),
    "utvidet_barnetrygd": (2_000, 2_600),
    "smabarnstillegg": (500, 700),
    "kontantstotte": (5_000, 7_500),
    "overgangsstonad": (15_000, 20_000),
    "stonad_barnetilsyn": (3_000, 6_000),
    "barnebidrag": (1_500, 5_000),
    "bidragsforskudd": (1_500, 2_000),
    "bostotte": (1_000, 4_500),
    "sosialhjelp": (4_000, 18_000),
    "foreldrepenger": (14_000, 30_000),
    "extra_shifts": (1_000, 4_000),  # irregular work, up to 2,000–6,000 more
    "holiday_pay": (8_000, 25_000),  # yearly, in June
    "engangsstonad": (20_000, 95_000),
    "sosialhjelp_once": (1_000, 5_000),
    "startlan_grant": (20_000, 80_000),
}
EXPENSES = {
    "rent": (5_500, 17_000),
    "electricity": (500, 2_500),
    "kindergarten": (1_000, 3_400),
    "after_school": (1_500, 3_000),
    "home_insurance": (150, 450),
    "phone": (250, 600),
    "transport": (500, 900),
    "yearly_insurance": (1_200, 6_000),
    "child_phone": (200, 400),
    "internet": (400, 700),
    "car_loan": (1_500, 4_000),
    "streaming": (100, 250),
    "club_fee": (800, 3_000),
    "school_trip": (500, 2_500),
    "dentist": (800, 4_000),
    "clothes": (500, 1_500),
    "union_fee": (300, 600),
}
DEBTS = {
    # kind → (weight, creditor, outstanding low, high, usual status)
    "consumer_loan": (20, "Forbruksbanken", 10_000, 250_000, "agreement"),
    "credit_card": (20, "Kortutstederen", 5_000, 80_000, "unpaid"),
    "rent_arrears": (12, "Utleier", 5_000, 40_000, "agreement"),
    "power_arrears": (12, "Strømleverandøren", 2_000, 15_000, "unpaid"),
    "public": (12, "Skatteetaten", 3_000, 60_000, "agreement"),
    "collection": (14, "Inkassobyrået", 2_000, 50_000, "in_collection"),
    "wage_deduction": (6, "Namsmannen", 10_000, 120_000, "agreement"),
    "settlement": (4, "Gjeldsordning (tingretten)", 50_000, 400_000, "agreement"),
}
BALANCE_RANGE = (-3_000, 20_000)
#: How often each further income (`EconomyData.incomes`, `extras`) fills a family's list:
#: extra shifts, holiday pay, one-off assistance, an ended benefit or job, engangsstønad,
#: ended assistance, a housing grant.
EXTRA_INCOME_WEIGHTS = (30, 20, 15, 30, 3, 20, 3)

BUDGET_SOURCE = "Benchmark data: made-up amounts in SIFO's shape, not SIFO's figures"
NORM_SOURCE = (
    "Benchmark data: the state guideline rates from {start:%d.%m.%Y} carried forward, "
    "not this municipality's norm"
)
#: A SIFO-shaped set of age brackets (sex split 14–66) with made-up food/clothes amounts.
BUDGET_BRACKETS = [
    (0, 0, ""),
    (1, 3, ""),
    (4, 5, ""),
    (6, 9, ""),
    (10, 13, ""),
    *[
        (lo, hi, sex)
        for lo, hi in ((14, 17), (18, 19), (20, 30), (31, 50), (51, 60), (61, 66))
        for sex in ("female", "male")
    ],
    (67, 73, ""),
    (74, 120, ""),
]
BUDGET_PERSONS = 7


def uuid_of(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def kroner(rng: random.Random, low: int, high: int, step: int = 10) -> Decimal:
    return Decimal(rng.randrange(low // step, high // step + 1) * step)


def pick(rng: random.Random, weighted: dict):
    keys = list(weighted)
    return rng.choices(keys, weights=[weighted[k][0] for k in keys])[0]


class EconomyData:
    def __init__(self, *, seed: int, log=print) -> None:
        self.rng = random.Random(f"{seed}-economy")
        self.log = log
        from django.utils import timezone

        self.today = timezone.localdate()
        self.zone = timezone.get_current_timezone()
        self.rows: dict[str, list[tuple]] = {
            name: [] for name in ("income", "expense", "debt", "balance", "scenario", "change")
        }

    # -- small helpers ------------------------------------------------------------------

    def ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def ahead(self, low: int, high: int) -> date:
        return self.today + timedelta(days=self.rng.randint(low, high))

    def at(self, day: date, minute: int) -> datetime:
        """09:00 local time on `day` plus `minute` minutes (the zone looked up once)."""
        return datetime.combine(day, clock(9, 0), tzinfo=self.zone) + timedelta(minutes=minute)

    def evidence(self) -> str:
        return self.rng.choices([e for e, _ in EVIDENCE], weights=[w for _, w in EVIDENCE])[0]

    # -- the build ----------------------------------------------------------------------

    def build(self) -> dict[str, int]:
        from familieplan.economy.models import Scheme
        from familieplan.families.models import Family, Member

        self.schemes = {
            s.code: s for s in Scheme.objects.filter(municipality__isnull=True, built_in=True)
        }
        self.lead_of = self._unit_leads()
        members: dict = {}
        for row in (
            Member.objects.order_by("family_id", "birth_date", "id")
            .values_list("family_id", "id", "role", "first_name", "birth_date", "left_on")
            .iterator(chunk_size=20000)
        ):
            members.setdefault(row[0], []).append(row[1:])
        families = list(
            Family.objects.order_by("id").values_list(
                "id", "municipality_id", "unit_id", "coordinator_id", "stage", "created_at"
            )
        )
        heavy = self._scenario_families(families)
        gc.disable()  # millions of small tuples: no cycles to find, only time lost looking
        try:
            for family in families:
                self.add_family(family, members.get(family[0], []), heavy=family[0] in heavy)
        finally:
            gc.enable()
        return {
            "incomes": len(self.rows["income"]),
            "expenses": len(self.rows["expense"]),
            "debts": len(self.rows["debt"]),
            "balances": len(self.rows["balance"]),
            "scenarios": len(self.rows["scenario"]),
            "scenario changes": len(self.rows["change"]),
        }

    def _unit_leads(self) -> dict[int, int]:
        from familieplan.accounts.models import Membership
        from familieplan.core.roles import Role

        leads: dict[int, int] = {}
        for unit_id, user_id in (
            Membership.objects.filter(role=Role.TEAM_LEAD, unit__isnull=False)
            .order_by("unit_id", "pk")
            .values_list("unit_id", "user_id")
        ):
            leads.setdefault(unit_id, user_id)
        return leads

    def _scenario_families(self, families) -> set:
        from collections import Counter

        from familieplan.families.models import Family

        open_stages = {Family.Stage.ACTIVE, Family.Stage.PAUSED}
        candidates = [f for f in families if f[4] in open_stages and f[3] is not None]
        chosen = {f[0] for i, f in enumerate(candidates) if i % SCENARIO_EVERY == 0}
        if candidates:
            biggest = Counter(f[1] for f in families).most_common(1)[0][0]
            if not any(f[1] == biggest for f in candidates if f[0] in chosen):
                first = next((f for f in candidates if f[1] == biggest), None)
                if first is not None:
                    chosen.add(first[0])
        return chosen

    def add_family(self, family, members, *, heavy: bool) -> None:
        rng = self.rng
        family_id, municipality, unit, coordinator, _stage, created = family
        by = coordinator or self.lead_of.get(unit)
        if by is None:
            return
        today = self.today
        present = [m for m in members if m[4] is None or m[4] > today]
        adults = [m for m in present if m[1] in ("parent", "guardian", "other_adult")]
        children = [m for m in present if age(m[3], today) < 18]
        # The economy was registered on one day (a session with the family), 0–2 years ago.
        session = max(created.date(), today - timedelta(days=730))
        session += timedelta(days=rng.randint(0, max(0, (today - session).days)))
        self.family = (family_id, municipality, by, session)
        self.minute = 0
        n_incomes = 12 if heavy else rng.randint(5, 12)
        n_expenses = 20 if heavy else rng.randint(8, 20)
        incomes = self.incomes(adults, children, n_incomes)
        expenses = self.expenses(adults, children, n_expenses)
        if heavy or rng.random() < DEBT_SHARE:
            self.debts(adults, 3 if heavy else rng.randint(1, 4), heavy=heavy)
        if heavy:
            self.balance(today - timedelta(days=rng.randint(3, 20)))
        elif rng.random() < BALANCE_SHARE:
            for on in sorted(self.ago(0, 120) for _ in range(rng.randint(1, 3))):
                self.balance(on)
        if heavy:
            self.scenario(incomes, expenses)

    def stamp(self, valid_from: date | None = None) -> tuple[datetime, datetime]:
        """(created_at, changed_at): in the session, or a few days before a later start."""
        self.minute += 1
        session = self.family[3]
        if valid_from is not None and valid_from > session:
            day = max(session, valid_from - timedelta(days=self.rng.randint(0, 10)))
            day = min(day, self.today)
            created = self.at(day, self.minute)
        else:
            created = self.at(session, self.minute)
        return created, created

    # -- incomes ------------------------------------------------------------------------

    def incomes(self, adults, children, wanted: int) -> list[tuple]:
        """Add `wanted` income sources; returns the current monthly ones (id, code, amount)."""
        rng, today = self.rng, self.today
        planned: list[dict] = []
        own = INCOMES["adult"]
        earners = 0
        for adult in adults:
            code = pick(rng, own)
            if code is None:
                continue
            earners += 1
            _w, rhythm, low, high = own[code]
            gross = code == "work" and rng.random() < GROSS_SHARE
            if gross:
                low, high = low * 13 // 10, high * 13 // 10
            ends = code in ("aap", "dagpenger", "introduksjonsstonad", "kvalifiseringsstonad")
            planned.append(
                {
                    "code": code,
                    "rhythm": rhythm,
                    "member": adult[0],
                    "amount": kroner(rng, low, high),
                    "day": rng.choice((12, 20, 25)) if code == "work" else 20,
                    "gross": gross,
                    "ending": ends and rng.random() < ENDING_SHARE,
                }
            )
        single = len(adults) == 1 and bool(children)
        first_adult = adults[0][0] if adults else None
        ages = [age(c[3], today) for c in children]
        if children:
            low, high = INCOMES["barnetrygd_per_child"]
            planned.append(
                {
                    "code": "barnetrygd",
                    "member": first_adult,
                    "day": 20,
                    "amount": kroner(rng, low, high) * len(children),
                }
            )
        if any(a == 0 for a in ages) and adults:
            planned.append(
                {
                    "code": "foreldrepenger",
                    "member": first_adult,
                    "day": 25,
                    "amount": kroner(rng, *INCOMES["foreldrepenger"]),
                    "ending": True,
                }
            )
        household = []
        if single:
            household += ["utvidet_barnetrygd"]
            if rng.random() < 0.35:
                household += ["overgangsstonad"]
                if any(a < 3 for a in ages):
                    household += ["smabarnstillegg"]
            if rng.random() < 0.25:
                household += ["stonad_barnetilsyn"]
            if rng.random() < 0.7:
                household += ["barnebidrag" if rng.random() < 0.65 else "bidragsforskudd"]
        if any(a in (1, 2) for a in ages) and rng.random() < 0.3:
            household += ["kontantstotte"]
        if rng.random() < 0.45:
            household += ["bostotte"]
        if earners == 0 or rng.random() < 0.35:
            household += ["sosialhjelp"]
        for code in household:
            planned.append(
                {
                    "code": code,
                    "member": first_adult if code != "bostotte" else None,
                    "day": rng.randint(1, 28)
                    if code == "barnebidrag"
                    else (1 if code == "sosialhjelp" else 20),
                    "amount": kroner(rng, *INCOMES[code]),
                }
            )
        extras = [
            lambda: {
                "code": "work",
                "rhythm": "irregular",
                "member": first_adult,
                "amount": kroner(rng, *INCOMES["extra_shifts"]),
            },
            lambda: {
                "code": "work",
                "rhythm": "yearly",
                "member": first_adult,
                "anchor": date(today.year - rng.randint(1, 3), 6, rng.randint(10, 20)),
                "amount": kroner(rng, *INCOMES["holiday_pay"]),
            },
            lambda: {
                "code": "sosialhjelp",
                "rhythm": "once",
                "member": first_adult,
                "anchor": self.ago(-60, 300),
                "amount": kroner(rng, *INCOMES["sosialhjelp_once"]),
            },
            lambda: {
                "code": rng.choice(("work", "aap", "sykepenger", "dagpenger")),
                "member": first_adult,
                "ended": True,
                "day": 20,
                "amount": kroner(rng, 6_000, 25_000),
            },
            lambda: {
                "code": "engangsstonad",
                "rhythm": "once",
                "member": first_adult,
                "anchor": self.ago(200, 1400),
                "amount": kroner(rng, *INCOMES["engangsstonad"]),
            },
            lambda: {
                "code": "sosialhjelp",
                "member": None,
                "ended": True,
                "day": 1,
                "amount": kroner(rng, *INCOMES["sosialhjelp"]),
            },
            lambda: {
                "code": "startlan",
                "rhythm": "once",
                "member": None,
                "anchor": self.ago(100, 1400),
                "amount": kroner(rng, *INCOMES["startlan_grant"]),
            },
        ]
        while len(planned) < wanted:
            planned.append(rng.choices(extras, weights=EXTRA_INCOME_WEIGHTS)[0]())
        current = []
        for row in planned[:wanted]:
            added = self.add_income(**row)
            if added is not None:
                current.append(added)
        return current

    def add_income(
        self,
        *,
        code,
        member,
        amount,
        rhythm="monthly",
        day=None,
        anchor=None,
        gross=False,
        ending=False,
        ended=False,
    ):
        rng, today = self.rng, self.today
        scheme = self.schemes[code]
        if code == "dagpenger" and rhythm == "monthly":
            rhythm = "every_14_days"  # as the catalogue pays it
        valid_from = valid_to = None
        if ended:
            valid_to = self.ago(30, 390)
            valid_from = valid_to - timedelta(days=rng.randint(60, 900))
        elif ending:
            valid_to = self.ahead(20, 300)
        periodic = rhythm in ("monthly", "every_14_days", "irregular")
        if periodic and valid_from is None and rng.random() < 0.5:
            valid_from = self.ago(30, 1200)
        if rhythm == "every_14_days":
            anchor = (valid_from or self.ago(60, 700)) + timedelta(days=rng.randint(0, 13))
            if valid_to is not None and valid_to < anchor:
                valid_to = anchor
        amount_max = None
        if rhythm == "irregular":
            amount_max = amount + kroner(rng, 2_000, 6_000)
        created, changed = self.stamp(valid_from)
        if ended:
            changed = self.at(min(valid_to + timedelta(days=rng.randint(0, 20)), today), 600)
            changed = max(changed, created)
        income_id = uuid_of(rng)
        f, municipality, by, _session = self.family
        self.rows["income"].append(
            (
                created,
                income_id,
                municipality,
                f,
                member if code != "bostotte" else None,
                scheme.pk,
                amount,
                rhythm,
                day if rhythm == "monthly" else None,
                anchor if rhythm in ("every_14_days", "yearly", "once") else None,
                valid_from,
                valid_to,
                "",
                by,
                created,
                changed,
                1 if ended else 0,
                "gross" if gross else "net",
                amount_max,
                scheme.counts_for_social_assistance,
                scheme.counts_for_low_income,
                self.evidence(),
            )
        )
        if rhythm == "monthly" and not ended:
            return (income_id, code, amount)
        return None

    # -- expenses -----------------------------------------------------------------------

    def expenses(self, adults, children, wanted: int) -> list[tuple]:
        """Add `wanted` expenses; returns the current monthly ones (id, kind, amount)."""
        rng, today = self.rng, self.today
        e = EXPENSES
        planned = [
            {"kind": "rent", "label": "Husleie", "amount": kroner(rng, *e["rent"], 50), "day": 1},
            {
                "kind": "electricity",
                "label": "Strøm",
                "amount": kroner(rng, *e["electricity"]),
                "day": rng.randint(15, 20),
                "rhythm": "irregular" if rng.random() < 0.2 else "monthly",
            },
        ]
        for child in children:
            years = age(child[3], today)
            if 1 <= years <= 5 and rng.random() < 0.8:
                planned.append(
                    {
                        "kind": "kindergarten",
                        "label": f"Barnehage {child[2]}",
                        "member": child[0],
                        "amount": kroner(rng, *e["kindergarten"]),
                        "day": 1,
                    }
                )
            if 6 <= years <= 9 and rng.random() < 0.6:
                planned.append(
                    {
                        "kind": "after_school",
                        "label": f"SFO {child[2]}",
                        "member": child[0],
                        "amount": kroner(rng, *e["after_school"]),
                        "day": 1,
                    }
                )
        planned.append(
            {
                "kind": "insurance",
                "label": "Innboforsikring",
                "amount": kroner(rng, *e["home_insurance"]),
                "day": 1,
            }
        )
        for adult in adults:
            planned.append(
                {
                    "kind": "phone",
                    "label": f"Mobil {adult[2]}",
                    "member": adult[0],
                    "amount": kroner(rng, *e["phone"]),
                    "day": rng.randint(15, 25),
                }
            )
            if rng.random() < 0.6:
                planned.append(
                    {
                        "kind": "transport",
                        "label": f"Månedskort {adult[2]}",
                        "member": adult[0],
                        "amount": kroner(rng, *e["transport"]),
                        "day": 1,
                    }
                )
        teens = [c for c in children if age(c[3], today) >= 11]
        extras = [
            lambda: {
                "kind": "insurance",
                "label": rng.choice(("Reiseforsikring", "Bilforsikring")),
                "rhythm": "yearly",
                "anchor": self.ago(30, 1000),
                "amount": kroner(rng, *e["yearly_insurance"]),
            },
            lambda: {
                "kind": "phone",
                "label": "Internett",
                "amount": kroner(rng, *e["internet"]),
                "day": rng.randint(1, 28),
            },
            lambda: {
                "kind": "instalment",
                "label": "Billån",
                "amount": kroner(rng, *e["car_loan"]),
                "day": 20,
                "ending": rng.random() < 0.3,
            },
            lambda: {
                "kind": "other",
                "label": "Strømmetjeneste",
                "amount": kroner(rng, *e["streaming"]),
                "day": rng.randint(1, 28),
            },
            lambda: {
                "kind": "other",
                "label": "Treningsavgift",
                "rhythm": rng.choice(("yearly", "once")),
                "anchor": self.ago(-90, 600),
                "amount": kroner(rng, *e["club_fee"]),
            },
            lambda: {
                "kind": "other",
                "label": "Skoletur",
                "rhythm": "once",
                "anchor": self.ago(-120, 400),
                "amount": kroner(rng, *e["school_trip"]),
            },
            lambda: {
                "kind": "other",
                "label": "Tannlege",
                "rhythm": "once",
                "anchor": self.ago(-60, 500),
                "amount": kroner(rng, *e["dentist"]),
            },
            lambda: {
                "kind": "other",
                "label": "Klær",
                "rhythm": "irregular",
                "amount": kroner(rng, *e["clothes"]),
            },
            lambda: {
                "kind": "other",
                "label": "Fagforening",
                "amount": kroner(rng, *e["union_fee"]),
                "day": rng.randint(1, 28),
            },
            lambda: {
                "kind": "rent",
                "label": "Husleie, forrige bolig",
                "ended": True,
                "day": 1,
                "amount": kroner(rng, *e["rent"], 50),
            },
            lambda: {
                "kind": "phone",
                "label": "Mobil, gammelt abonnement",
                "ended": True,
                "day": rng.randint(1, 28),
                "amount": kroner(rng, *e["phone"]),
            },
        ]
        if teens:
            extras.append(
                lambda: {
                    "kind": "phone",
                    "label": f"Mobil {teens[0][2]}",
                    "member": teens[0][0],
                    "amount": kroner(rng, *e["child_phone"]),
                    "day": rng.randint(1, 28),
                }
            )
        while len(planned) < wanted:
            planned.append(rng.choice(extras)())
        current = []
        for row in planned[:wanted]:
            added = self.add_expense(**row)
            if added is not None:
                current.append(added)
        return current

    def add_expense(
        self,
        *,
        kind,
        label,
        amount,
        rhythm="monthly",
        day=None,
        anchor=None,
        member=None,
        ending=False,
        ended=False,
    ):
        rng, today = self.rng, self.today
        valid_from = valid_to = None
        if ended:
            valid_to = self.ago(30, 390)
            valid_from = valid_to - timedelta(days=rng.randint(60, 900))
        elif ending:
            valid_to = self.ahead(30, 400)
        elif rhythm in ("monthly", "irregular") and rng.random() < 0.5:
            valid_from = self.ago(30, 1200)
        created, changed = self.stamp(valid_from)
        if ended:
            changed = max(created, self.at(min(valid_to, today), 600))
        expense_id = uuid_of(rng)
        f, municipality, by, _session = self.family
        self.rows["expense"].append(
            (
                created,
                expense_id,
                municipality,
                f,
                amount,
                rhythm,
                day if rhythm == "monthly" else None,
                anchor if rhythm in ("every_14_days", "yearly", "once") else None,
                valid_from,
                valid_to,
                "",
                by,
                created,
                changed,
                1 if ended else 0,
                kind,
                label,
                member,
            )
        )
        if rhythm == "monthly" and not ended:
            return (expense_id, kind, amount)
        return None

    # -- debts, balances, the scenario ----------------------------------------------------

    def debts(self, adults, count: int, *, heavy: bool) -> None:
        rng = self.rng
        f, municipality, by, _session = self.family
        kinds = [pick(rng, DEBTS) for _ in range(count)]
        if heavy:
            kinds[0] = "collection"
        for i, kind in enumerate(kinds):
            _w, creditor, low, high, status = DEBTS[kind]
            if rng.random() < 0.1:
                status = "settled"
            instalment = day = None
            if (heavy and i == 0) or rng.random() < 0.5:
                instalment, day = kroner(rng, 300, 3_000), rng.randint(1, 28)
            created, changed = self.stamp()
            self.rows["debt"].append(
                (
                    created,
                    uuid_of(rng),
                    municipality,
                    f,
                    rng.choice(adults)[0] if adults else None,
                    creditor,
                    kind,
                    kroner(rng, low, high),
                    instalment,
                    day,
                    status,
                    rng.random() < 0.25,
                    "",
                    by,
                    created,
                    changed,
                    0,
                )
            )

    def balance(self, on: date) -> None:
        rng = self.rng
        f, municipality, by, _session = self.family
        created = self.at(on, rng.randint(0, 480))
        self.rows["balance"].append(
            (created, uuid_of(rng), municipality, f, kroner(rng, *BALANCE_RANGE), on, by, created)
        )

    def scenario(self, incomes, expenses) -> None:
        """A part-time job from next month; the social assistance (or another current
        income) stopping then; the rent going up a month later (half of them)."""
        rng, today = self.rng, self.today
        f, municipality, by, _session = self.family
        scenario_id = uuid_of(rng)
        starts = (today.replace(day=1) + timedelta(days=45)).replace(day=1)
        created = self.at(today - timedelta(days=rng.randint(1, 30)), 0)
        self.rows["scenario"].append(
            (
                created,
                scenario_id,
                municipality,
                f,
                f"Deltidsjobb fra {starts:%m.%Y}",
                True,
                by,
                created,
            )
        )
        changes = [
            (
                "new_income",
                starts,
                None,
                None,
                self.schemes["work"].pk,
                "",
                kroner(rng, 9_000, 14_000),
                20,
                "Deltidsjobb",
            ),
        ]
        stopping = [i for i in incomes if i[1] == "sosialhjelp"] or [
            i for i in incomes if i[1] not in ("barnetrygd", "utvidet_barnetrygd")
        ]
        if stopping:
            changes.append(("income_ends", starts, stopping[0][0], None, None, "", None, None, ""))
        rent = [e for e in expenses if e[1] == "rent"]
        if rent and (len(changes) < 2 or rng.random() < 0.5):
            later = (starts + timedelta(days=40)).replace(day=1)
            raised = (rent[0][2] * Decimal("1.08")).quantize(Decimal(1))
            changes.append(("expense_amount", later, None, rent[0][0], None, "", raised, None, ""))
        for kind, on, income, expense, scheme, expense_kind, amount, day, label in changes:
            self.rows["change"].append(
                (
                    created,
                    uuid_of(rng),
                    municipality,
                    scenario_id,
                    kind,
                    on,
                    income,
                    expense,
                    scheme,
                    expense_kind,
                    amount,
                    day,
                    label,
                )
            )

    # -- loading ------------------------------------------------------------------------

    def load(self) -> None:
        from benchmarks.synthetic import load_rows, without_foreign_keys_and_indexes
        from familieplan.economy.models import (
            Balance,
            Debt,
            Expense,
            IncomeSource,
            Scenario,
            ScenarioChange,
        )

        timed = (
            "municipality",
            "family",
            "amount",
            "rhythm",
            "day_of_month",
            "anchor",
            "valid_from",
            "valid_to",
            "note",
            "created_by",
            "created_at",
            "changed_at",
            "version",
        )
        tables = [
            (
                "income",
                IncomeSource,
                (
                    "id",
                    *timed[:2],
                    "member",
                    "scheme",
                    *timed[2:],
                    "basis",
                    "amount_max",
                    "counts_for_social_assistance",
                    "counts_for_low_income",
                    "evidence",
                ),
            ),
            ("expense", Expense, ("id", *timed, "kind", "label_text", "member")),
            (
                "debt",
                Debt,
                (
                    "id",
                    "municipality",
                    "family",
                    "member",
                    "creditor",
                    "kind",
                    "outstanding",
                    "instalment",
                    "instalment_day",
                    "status",
                    "debt_advice",
                    "note",
                    "created_by",
                    "created_at",
                    "changed_at",
                    "version",
                ),
            ),
            (
                "balance",
                Balance,
                ("id", "municipality", "family", "amount", "on", "stated_by", "created_at"),
            ),
            (
                "scenario",
                Scenario,
                (
                    "id",
                    "municipality",
                    "family",
                    "name",
                    "estimate_assistance",
                    "created_by",
                    "created_at",
                ),
            ),
            (
                "change",
                ScenarioChange,
                (
                    "id",
                    "municipality",
                    "scenario",
                    "kind",
                    "starts_on",
                    "income",
                    "expense",
                    "scheme",
                    "expense_kind",
                    "amount",
                    "day_of_month",
                    "label",
                ),
            ),
        ]
        with without_foreign_keys_and_indexes([t[1] for t in tables], log=self.log):
            for name, model, columns in tables:
                rows = self.rows[name]
                rows.sort(key=itemgetter(0))  # as written: by created_at
                started = time.perf_counter()
                load_rows(model, columns, [row[1:] for row in rows])
                self.log(
                    f"  {model._meta.db_table}: {len(rows):,} rows in "
                    f"{time.perf_counter() - started:.1f} s"
                )
                rows.clear()


def age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def add_reference_data(today: date, log=print) -> None:
    """Where missing: each municipality's norm from 2023 to the end of next year (the state's
    latest rates carried forward) and a made-up SIFO-shaped budget for this year and next,
    both unverified and named as benchmark data."""
    from familieplan.core.models import Municipality
    from familieplan.economy.models import (
        BudgetBracket,
        BudgetHouseholdRow,
        BudgetYear,
        GuidelineRateSet,
    )
    from familieplan.lib.assistance import STATE_GUIDELINE_RATES, STATE_RATES_VALID_UNTIL

    latest = max(STATE_GUIDELINE_RATES, key=lambda r: r.valid_from)
    start = STATE_RATES_VALID_UNTIL + timedelta(days=1)
    until = date(today.year + 1, 12, 31)
    have = set(
        GuidelineRateSet.objects.filter(valid_from=start).values_list("municipality_id", flat=True)
    )
    norms = [
        GuidelineRateSet(
            municipality_id=m,
            valid_from=start,
            valid_to=until,
            single=latest.single,
            couple=latest.couple,
            shared_housing=latest.shared_housing,
            child_0_5=latest.child_0_5,
            child_6_10=latest.child_6_10,
            child_11_17=latest.child_11_17,
            source=NORM_SOURCE.format(start=latest.valid_from),
            verified=False,
        )
        for m in Municipality.objects.values_list("pk", flat=True)
        if m not in have
    ]
    GuidelineRateSet.objects.bulk_create(norms)
    budgets = 0
    for year in (today.year, today.year + 1):
        if BudgetYear.objects.filter(year=year).exists():
            continue
        budget = BudgetYear.objects.create(year=year, source=BUDGET_SOURCE, verified=False)
        BudgetBracket.objects.bulk_create(
            BudgetBracket(
                year=budget,
                min_age=low,
                max_age=high,
                sex=sex,
                food=Decimal(1_000 + 60 * min(high, 40)),
                clothes=Decimal(400 + 20 * min(high, 20)),
                personal_care=Decimal(150 + 10 * min(high, 30)),
                play_sport_media=Decimal(300 + 30 * min(high, 17)),
                travel=Decimal(0 if high < 6 else 450),
                infant_equipment=Decimal(600 if high == 0 else 0),
                kindergarten=Decimal(3_000 if 1 <= low <= 5 else 0),
                after_school=Decimal(2_500 if 6 <= low <= 9 else 0),
            )
            for low, high, sex in BUDGET_BRACKETS
        )
        BudgetHouseholdRow.objects.bulk_create(
            BudgetHouseholdRow(
                year=budget,
                persons=n,
                daily_goods=Decimal(300 + 100 * n),
                household_articles=Decimal(200 + 60 * n),
                furniture=Decimal(400 + 80 * n),
                media_leisure=Decimal(700 + 90 * n),
                car=Decimal(3_500),
            )
            for n in range(1, BUDGET_PERSONS + 1)
        )
        budgets += 1
    log(f"  reference data: {len(norms)} municipal norms, {budgets} budget years added")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1, help="seed for every random choice")
    args = parser.parse_args(argv)
    setup_django()
    from django.core.management import call_command

    from familieplan.economy.models import IncomeSource
    from familieplan.families.models import Family

    call_command("migrate", interactive=False, verbosity=0)
    if IncomeSource.objects.exists():
        raise SystemExit("The database already holds incomes; run this once per database.")
    if not Family.objects.exists():
        raise SystemExit("No families: run `python -m benchmarks.generate` first.")
    started = time.perf_counter()
    data = EconomyData(seed=args.seed)
    with transaction.atomic():
        add_reference_data(data.today)
        counts = data.build()
        built = time.perf_counter()
        print(
            ", ".join(f"{n:,} {what}" for what, n in counts.items())
            + f" built in {built - started:.0f} s",
            flush=True,
        )
        data.load()
    loaded = time.perf_counter()
    tables = ", ".join(
        f"economy_{t}"
        for t in ("incomesource", "expense", "debt", "balance", "scenario", "scenariochange")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"VACUUM (ANALYZE) {tables}" if connection.vendor == "postgresql" else "ANALYZE"
        )
    print(
        f"loaded in {loaded - built:.0f} s, analyze {time.perf_counter() - loaded:.0f} s, "
        f"total {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()

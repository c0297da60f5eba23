"""A national-scale synthetic dataset: tenancy, staff, families and their history.

Import only after `django.setup()` (see benchmarks/generate.py, the entry point).

All randomness comes from one `random.Random(seed)`, UUIDs included, so a seed reproduces
the same data on the same day (dates are relative to today). Small tables go through
`bulk_create`; the big family tables are streamed with PostgreSQL COPY (SQLite: executemany).
Every tenant row carries the municipality of its family's unit.
"""

from __future__ import annotations

import gc
import json
import math
import random
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, models
from django.utils import timezone

from benchmarks import names
from familieplan.accounts.models import Membership, User
from familieplan.core.models import Municipality, Unit
from familieplan.core.roles import Role
from familieplan.families.models import (
    Address,
    CoordinatorAssignment,
    Domain,
    Enrolment,
    EnrolmentEvent,
    Family,
    IntakeDecision,
    Member,
    ProgrammeSettings,
    ReferenceMedian,
    Referral,
    Screening,
)
from familieplan.families.models.household import search_text
from familieplan.families.models.programme import DEFAULT_DOMAINS
from familieplan.families.services import rules_for
from familieplan.lib import eligibility
from familieplan.lib.equivalence import consumption_units

#: (number prefix, county, municipalities): the 356 municipalities of 2020–2023.
COUNTIES = [
    ("03", "Oslo", 1),
    ("11", "Rogaland", 23),
    ("15", "Møre og Romsdal", 26),
    ("18", "Nordland", 41),
    ("30", "Viken", 51),
    ("34", "Innlandet", 46),
    ("38", "Vestfold og Telemark", 23),
    ("42", "Agder", 25),
    ("46", "Vestland", 43),
    ("50", "Trøndelag", 38),
    ("54", "Troms og Finnmark", 39),
]

Stage = Family.Stage
STAGE_SHARES = {
    Stage.REFERRED: 8,
    Stage.WAITING: 7,
    Stage.ACTIVE: 55,
    Stage.PAUSED: 5,
    Stage.ENDED: 20,
    Stage.NOT_INCLUDED: 5,
}
OPEN = (Stage.ACTIVE, Stage.PAUSED)
COORDINATED = (Stage.ACTIVE, Stage.PAUSED, Stage.ENDED)
FAMILIES_PER_COORDINATOR = 15
#: Share of a municipality's families per unit, by number of units.
UNIT_SHARES = {1: (1.0,), 2: (0.6, 0.4), 3: (0.5, 0.3, 0.2)}
UNIT_KINDS = [
    (Unit.Kind.FAMILY_CENTRE, "Familiesenteret"),
    (Unit.Kind.NAV_OFFICE, "NAV"),
    (Unit.Kind.TEAM, "Familieteamet"),
]
CHILDREN_WEIGHTS = {1: 38, 2: 33, 3: 18, 4: 7, 5: 4}
HOUSING_WEIGHTS = {"rented": 45, "municipal": 30, "owned": 12, "temporary": 8, "other": 5}
REFERRAL_SOURCE_WEIGHTS = {
    "nav": 35,
    "social_services": 15,
    "health_clinic": 12,
    "school": 10,
    "kindergarten": 8,
    "child_welfare": 8,
    "follow_up_service": 3,
    "health_service": 4,
    "self": 3,
    "other": 2,
}
END_REASONS = list(Enrolment.EndReason.values)
INCOME_YEAR = 2022
#: Income as a share of the household's low-income threshold, by stage (default: included).
INCOME_FACTORS = {Stage.REFERRED: (0.55, 1.4), Stage.NOT_INCLUDED: (0.9, 1.5)}
#: Mean days since the last registered activity of an open family (about 19 % beyond 30 days).
MEAN_DAYS_SINCE_ACTIVITY = 18
BATCH = 5000
#: The tables written row by row, in load order.
FAMILY_TABLES = (
    Family,
    Member,
    Address,
    Referral,
    Screening,
    IntakeDecision,
    Enrolment,
    EnrolmentEvent,
    CoordinatorAssignment,
)
COUNTED = (Municipality, Unit, User, Membership, ProgrammeSettings, Domain, *FAMILY_TABLES)


def _field_default(name: str):
    return ProgrammeSettings._meta.get_field(name).default


PLANNED_MONTHS = _field_default("planned_duration_months")
FOLLOW_UP_MONTHS = _field_default("follow_up_months_after_exit")


@dataclass
class Staff:
    """The people working in one unit."""

    lead: int
    coordinators: list[int]


@dataclass
class Timeline:
    """When things happened to one family; fields stay None where the stage has not come."""

    received: date
    screened: date | None = None
    decided: date | None = None
    started: date | None = None
    pause: tuple[date, date | None] | None = None  # (paused on, resumed on)
    ended: date | None = None


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Generator:
    def __init__(self, *, families: int, seed: int, log: Callable[[str], None] = print) -> None:
        self.log = log
        self.family_count = families
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.columns: dict[type[models.Model], tuple[str, ...]] = {}
        self.rows: dict[type[models.Model], list[tuple]] = defaultdict(list)
        self.results: dict[tuple, dict] = {}
        programme = ProgrammeSettings()  # the defaults every generated municipality uses
        self.rules = rules_for(programme)
        self.manual_confirmed = frozenset(programme.manual_criteria_list)
        median = ReferenceMedian.objects.get(year=INCOME_YEAR, scale=programme.scale)
        self.median = eligibility.Median(
            year=median.year,
            amount=median.amount,
            source=median.source,
            verified=median.verified,
            scale=median.scale,
        )
        self.threshold = median.amount * programme.threshold_percent / 100
        self.backgrounds = names.BACKGROUNDS
        self.background_cum = list(accumulate(b.weight for b in self.backgrounds))

    # --- helpers ----------------------------------------------------------------------------

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def pick(self, weights: dict):
        """A key of `weights`, drawn with the given weights."""
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def at(self, day: date) -> datetime:
        """A working-hours moment on `day`, never in the future."""
        moment = datetime(
            day.year,
            day.month,
            day.day,
            self.rng.randint(8, 15),
            self.rng.randrange(60),
            tzinfo=self.tz,
        )
        return min(moment, self.now)

    def add(self, model: type[models.Model], **values) -> None:
        """Queue one row; every row of a model must name the same columns."""
        columns = self.columns.setdefault(model, tuple(values))
        if len(values) != len(columns):
            raise ValueError(f"{model.__name__}: columns differ from the first row")
        self.rows[model].append(tuple(values[c] for c in columns))

    # --- tenancy and staff ------------------------------------------------------------------

    def build_tenancy(self) -> list[tuple[Municipality, float]]:
        """356 municipalities, ranked by size (Zipf): Oslo first, then the county centres."""
        numbers = [
            (f"{prefix}{i:02d}", county)
            for prefix, county, count in COUNTIES
            for i in range(1, count + 1)
        ]
        centres = [n for n in numbers if n[0].endswith("01") and n[0] != "0301"]
        rest = [n for n in numbers if not n[0].endswith("01")]
        self.rng.shuffle(centres)
        self.rng.shuffle(rest)
        ranked = [("0301", "Oslo"), *centres, *rest]
        municipalities = Municipality.objects.bulk_create(
            Municipality(number=number, name=f"Kommune {number}", county=county)
            for number, county in ranked
        )
        ProgrammeSettings.objects.bulk_create(
            ProgrammeSettings(municipality=m) for m in municipalities
        )
        Domain.objects.bulk_create(
            Domain(municipality=m, code=code, name=str(label), order=i)
            for m in municipalities
            for i, (code, label) in enumerate(DEFAULT_DOMAINS)
        )
        return [(m, 1 / rank) for rank, m in enumerate(municipalities, start=1)]

    def build_units(self, municipalities: list[tuple[Municipality, float]]):
        """1–3 units per municipality (3 in the ten biggest, 2 in the next fifty)."""
        units = []
        for rank, (municipality, weight) in enumerate(municipalities, start=1):
            count = 3 if rank <= 10 else 2 if rank <= 60 else 1
            for (kind, label), share in zip(UNIT_KINDS, UNIT_SHARES[count], strict=False):
                name = f"{label} {municipality.number}" if kind == Unit.Kind.NAV_OFFICE else label
                units.append(
                    (Unit(municipality=municipality, name=name, kind=kind), weight * share)
                )
        Unit.objects.bulk_create(unit for unit, _ in units)
        return units

    def plan_families(self, units) -> list[tuple[Unit, str]]:
        unit_cum = list(accumulate(weight for _, weight in units))
        stages = list(STAGE_SHARES)
        stage_cum = list(accumulate(STAGE_SHARES.values()))
        return [
            (
                self.rng.choices(units, cum_weights=unit_cum)[0][0],
                self.rng.choices(stages, cum_weights=stage_cum)[0],
            )
            for _ in range(self.family_count)
        ]

    def build_staff(self, units, plans) -> dict[int, Staff]:
        """A team lead per unit, a coordinator per 15 open families, and a municipality-wide
        team lead (unit-less membership) where a municipality has more than one unit."""
        open_families = Counter(unit.pk for unit, stage in plans if stage in OPEN)
        coordinated = {unit.pk for unit, stage in plans if stage in COORDINATED}
        users, memberships = [], []

        def person(username: str, municipality_id: int, unit_id: int | None, role: str):
            user = User(
                username=username,
                first_name=self.rng.choice(names.STAFF_FIRST),
                last_name=self.rng.choice(names.STAFF_LAST),
                email=f"{username}@bench.familieplan.local",
                password=UNUSABLE_PASSWORD_PREFIX,
            )
            users.append(user)
            memberships.append((user, municipality_id, unit_id, role))
            return user

        unit_people = {}
        for index, (unit, _) in enumerate(units):
            number = unit.municipality.number
            lead = person(f"leder-{number}-{index}", unit.municipality_id, unit.pk, Role.TEAM_LEAD)
            count = math.ceil(open_families[unit.pk] / FAMILIES_PER_COORDINATOR)
            if not count and unit.pk in coordinated:  # only ended families: one coordinator
                count = 1
            coordinators = [
                person(
                    f"koord-{number}-{index}-{k}", unit.municipality_id, unit.pk, Role.COORDINATOR
                )
                for k in range(1, count + 1)
            ]
            unit_people[unit.pk] = (lead, coordinators)
        units_per_municipality = Counter(unit.municipality for unit, _ in units)
        for municipality, count in units_per_municipality.items():
            if count > 1:
                person(f"leder-{municipality.number}", municipality.pk, None, Role.TEAM_LEAD)
        User.objects.bulk_create(users)
        Membership.objects.bulk_create(
            Membership(user=user, municipality_id=municipality_id, unit_id=unit_id, role=role)
            for user, municipality_id, unit_id, role in memberships
        )
        return {
            unit_id: Staff(lead=lead.pk, coordinators=[c.pk for c in coordinators])
            for unit_id, (lead, coordinators) in unit_people.items()
        }

    # --- one family -------------------------------------------------------------------------

    def timeline(self, stage: str) -> Timeline:
        rng = self.rng
        if stage == Stage.REFERRED:
            line = Timeline(received=self.days_ago(0, 75))
            if rng.random() < 0.5:
                line.screened = min(line.received + timedelta(days=rng.randint(1, 7)), self.today)
            return line
        if stage in (Stage.NOT_INCLUDED, Stage.WAITING):
            received = self.days_ago(30, 1800 if stage == Stage.NOT_INCLUDED else 400)
            decided = min(received + timedelta(days=rng.randint(7, 40)), self.today)
            screened = received + timedelta(days=rng.randint(1, (decided - received).days))
            return Timeline(received=received, screened=screened, decided=decided)
        started = {
            Stage.ACTIVE: lambda: self.days_ago(0, 1900),
            Stage.PAUSED: lambda: self.days_ago(60, 1700),
            Stage.ENDED: lambda: self.days_ago(200, 2900),
        }[stage]()
        received = started - timedelta(days=rng.randint(14, 120))
        screened = received + timedelta(days=rng.randint(1, 10))
        line = Timeline(received=received, screened=screened, decided=started, started=started)
        days_in = (self.today - started).days
        if stage == Stage.PAUSED:
            line.pause = (self.today - timedelta(days=rng.randint(1, min(180, days_in - 1))), None)
        elif stage == Stage.ACTIVE and days_in > 120 and rng.random() < 0.12:
            paused = started + timedelta(days=rng.randint(30, days_in - 60))
            line.pause = (paused, paused + timedelta(days=rng.randint(14, 45)))
        elif stage == Stage.ENDED:
            ended = started + timedelta(days=rng.randint(180, 1900))
            line.ended = min(ended, self.today - timedelta(days=1))
        return line

    def household(self) -> tuple[str, list[dict]]:
        """A surname and members (adults first) with realistic sizes, ages and languages."""
        rng = self.rng
        background = rng.choices(self.backgrounds, cum_weights=self.background_cum)[0]
        surname = self.surname(background)
        norwegian = background.languages == "norsk"
        adult_languages = (
            "norsk"
            if norwegian
            else background.languages + (", norsk" if rng.random() < 0.6 else "")
        )
        children_languages = "norsk" if norwegian else f"{background.languages}, norsk"
        parent_age = int(rng.triangular(22, 55, 35))
        adult_ages = [parent_age]
        if rng.random() < 0.5:
            adult_ages.append(max(20, parent_age + rng.randint(-6, 6)))
        child_count = rng.choices(list(CHILDREN_WEIGHTS), weights=CHILDREN_WEIGHTS.values())[0]
        child_ages = [rng.randint(0, min(17, parent_age - 19)) for _ in range(child_count)]
        members = []
        for i, age in enumerate(adult_ages):
            other_name = i == 1 and rng.random() < 0.25
            members.append(
                {
                    "role": Member.Role.PARENT,
                    "first_name": rng.choice(background.adults),
                    "last_name": self.surname(background) if other_name else surname,
                    "birth_date": self.birth_date(age),
                    "languages": adult_languages,
                    "needs_interpreter": "norsk" not in adult_languages and rng.random() < 0.7,
                    "phone": f"9{rng.randrange(10**7):07d}",
                }
            )
        for age in child_ages:
            born = self.birth_date(age)
            members.append(
                {
                    "role": Member.Role.YOUTH
                    if age_on(born, self.today) >= 13
                    else Member.Role.CHILD,
                    "first_name": rng.choice(background.children),
                    "last_name": surname,
                    "birth_date": born,
                    "languages": children_languages,
                    "needs_interpreter": False,
                    "phone": "",
                }
            )
        return surname, members

    def surname(self, background: names.Background) -> str:
        if background.surname_weights:
            return self.rng.choices(background.surnames, weights=background.surname_weights)[0]
        return self.rng.choice(background.surnames)

    def birth_date(self, age: int) -> date:
        return self.today - timedelta(days=int(age * 365.25) + self.rng.randrange(365))

    def screening(self, stage: str, members: list[dict]) -> tuple[dict, dict, bool | None]:
        """Inputs, explained result and verdict, as `services.screening_perform` stores them.

        Incomes (to the nearest 5,000 kr) sit around the low-income threshold: included
        families mostly below it, families not included mostly above it, and some referred
        families have no income registered yet (undetermined result).
        """
        year_end = date(INCOME_YEAR, 12, 31)
        ages_then = tuple(
            age_on(m["birth_date"], year_end) for m in members if m["birth_date"] <= year_end
        )
        ages_now = tuple(age_on(m["birth_date"], self.today) for m in members)
        units = consumption_units(
            ages=ages_then, scale=self.rules.scale, child_rule=self.rules.child_rule
        )
        low, high = INCOME_FACTORS.get(stage, (0.5, 0.99))
        income = None
        if stage != Stage.REFERRED or self.rng.random() < 0.7:
            amount = float(self.threshold * units) * self.rng.uniform(low, high)
            income = Decimal(round(amount / 5000) * 5000)
        # The result depends only on these three values; equal keys share one computation.
        key = (income, units, sum(age < 18 for age in ages_now))
        if key not in self.results:
            data = eligibility.ScreeningInput(
                income_year=INCOME_YEAR,
                years=[
                    eligibility.HouseholdYear(
                        year=INCOME_YEAR, income_after_tax=income, ages=ages_then
                    )
                ]
                if income is not None
                else [],
                medians=[self.median],
                member_ages=ages_now,
                manual_confirmed=self.manual_confirmed,
            )
            self.results[key] = eligibility.screen(rules=self.rules, data=data).as_dict()
        inputs = {
            "incomes": {str(INCOME_YEAR): str(income)} if income is not None else {},
            "months_on_social_assistance": None,
            "manual_confirmed": sorted(self.manual_confirmed),
            "member_count": len(members),
        }
        return inputs, self.results[key], self.results[key]["eligible"]

    def add_family(self, unit: Unit, stage: str, staff: Staff) -> None:
        rng = self.rng
        municipality_id = unit.municipality_id
        family_id = self.uuid()
        tenant = {"municipality_id": municipality_id, "family_id": family_id}
        line = self.timeline(stage)
        surname, members = self.household()
        member_ids = []
        for member in members:
            member_ids.append(self.uuid())
            self.add(
                Member,
                id=member_ids[-1],
                **tenant,
                national_id="",
                email="",
                joined_on=None,  # part of the household since before it was registered
                left_on=None,
                user_id=None,
                **member,
            )

        self.add(
            Address,
            id=self.uuid(),
            **tenant,
            street=f"{rng.choice(names.STREETS)} {rng.randint(1, 120)}",
            postal_code=f"{rng.randint(1, 9990):04d}",
            city=unit.municipality.name,
            valid_from=line.received - timedelta(days=rng.randint(30, 2000)),
            housing=self.pick(HOUSING_WEIGHTS),
            created_at=self.at(line.received),
        )
        self.add(
            Referral,
            id=self.uuid(),
            **tenant,
            source=self.pick(REFERRAL_SOURCE_WEIGHTS),
            received_on=line.received,
            reason=rng.choice(names.REFERRAL_REASONS),
            contact_name="",
            contact_phone="",
            created_by_id=staff.lead,
            created_at=self.at(line.received),
        )

        screening_id = eligible = None
        if line.screened:
            screening_id = self.uuid()
            inputs, result, eligible = self.screening(stage, members)
            self.add(
                Screening,
                id=screening_id,
                **tenant,
                income_year=INCOME_YEAR,
                inputs=inputs,
                result=result,
                eligible=eligible,
                rule_version=result["rule_version"],
                performed_by_id=staff.lead,
                performed_at=self.at(line.screened),
            )

        coordinator = co_coordinator = None
        if stage in COORDINATED:
            coordinator = rng.choice(staff.coordinators)
            others = [c for c in staff.coordinators if c != coordinator]
            if stage in OPEN and others and rng.random() < 0.08:
                co_coordinator = rng.choice(others)
            self.add_assignments(tenant, line, staff, coordinator, co_coordinator, others)

        if line.decided:
            self.add_decision(tenant, stage, line, staff, screening_id, eligible, member_ids[0])
        planned_end = self.add_enrolment(tenant, stage, line, staff, coordinator)

        self.add(
            Family,
            id=family_id,
            municipality_id=municipality_id,
            unit_id=unit.pk,
            name=f"Familien {surname}",
            search_names=search_text(
                f"Familien {surname}", [(m["first_name"], m["last_name"]) for m in members]
            ),
            coordinator_id=coordinator,
            co_coordinator_id=co_coordinator,
            stage=stage,
            planned_end=planned_end,
            last_activity_at=self.last_activity(stage, line),
            created_at=self.at(line.received),
        )

    def add_assignments(self, tenant, line, staff, coordinator, co_coordinator, others):
        """The current assignments, and for some families an earlier hand-over."""
        rng = self.rng
        since = line.started
        days_in = (self.today - line.started).days
        if others and days_in > 180 and rng.random() < 0.1:
            since = line.started + timedelta(days=rng.randint(60, days_in - 30))
            self.add(
                CoordinatorAssignment,
                id=self.uuid(),
                **tenant,
                coordinator_id=rng.choice(others),
                kind=CoordinatorAssignment.Kind.PRIMARY,
                started_on=line.started,
                ended_on=since,
                note="",
                assigned_by_id=staff.lead,
                created_at=self.at(line.started),
            )
        current = [(CoordinatorAssignment.Kind.PRIMARY, coordinator, since)]
        if co_coordinator:
            current.append((CoordinatorAssignment.Kind.CO, co_coordinator, since))
        for kind, user_id, start in current:
            self.add(
                CoordinatorAssignment,
                id=self.uuid(),
                **tenant,
                coordinator_id=user_id,
                kind=kind,
                started_on=start,
                ended_on=None,
                note="Overlevert." if start != line.started else "",
                assigned_by_id=staff.lead,
                created_at=self.at(start),
            )

    def add_decision(self, tenant, stage, line, staff, screening_id, eligible, adult_id):
        Outcome = IntakeDecision.Outcome
        consent = {"consent_given_by_id": None, "consent_form": "", "consent_given_on": None}
        if stage == Stage.NOT_INCLUDED:
            outcome = Outcome.NOT_ELIGIBLE if eligible is False else Outcome.DECLINED
            reason = (
                "Inntekten er over grensen."
                if eligible is False
                else "Familien ønsket ikke å delta nå."
            )
        elif stage == Stage.WAITING:
            outcome, reason = Outcome.WAITING_LIST, "Familien er i målgruppen; venter på plass."
        else:
            outcome, reason = Outcome.INCLUDED, "Familien er i målgruppen og ønsker å delta."
            consent = {
                "consent_given_by_id": adult_id,
                "consent_form": self.rng.choice(IntakeDecision.ConsentForm.values),
                "consent_given_on": line.decided,
            }
        self.add(
            IntakeDecision,
            id=self.uuid(),
            **tenant,
            screening_id=screening_id,
            outcome=outcome,
            reason=reason,
            **consent,
            decided_by_id=staff.lead,
            decided_at=self.at(line.decided),
        )

    def add_enrolment(self, tenant, stage, line, staff, coordinator) -> date | None:
        """The enrolment and its events, as the services would have written them."""
        if stage not in (Stage.WAITING, *COORDINATED):
            return None
        Status = Enrolment.Status
        enrolment_id = self.uuid()
        planned_end = line.started + relativedelta(months=PLANNED_MONTHS) if line.started else None
        events = []
        if line.started:
            events.append(
                (
                    Status.WAITING,
                    Status.ACTIVE,
                    line.started,
                    staff.lead,
                    "Inkludert etter inntaksbeslutning.",
                )
            )
        if line.pause:
            paused, resumed = line.pause
            events.append((Status.ACTIVE, Status.PAUSED, paused, coordinator, "Pause."))
            if resumed:
                events.append((Status.PAUSED, Status.ACTIVE, resumed, coordinator, ""))
        if line.ended:
            events.append((Status.ACTIVE, Status.ENDED, line.ended, coordinator, ""))
        status = events[-1][1] if events else Status.WAITING
        self.add(
            Enrolment,
            id=enrolment_id,
            **tenant,
            status=status,
            started_on=line.started,
            planned_end=planned_end,
            ended_on=line.ended,
            end_reason=self.rng.choice(END_REASONS) if line.ended else "",
            follow_up_until=line.ended + relativedelta(months=FOLLOW_UP_MONTHS)
            if line.ended
            else None,
            created_at=self.at(line.decided),
        )
        for from_status, to_status, on, by, note in events:
            self.add(
                EnrolmentEvent,
                id=self.uuid(),
                municipality_id=tenant["municipality_id"],
                enrolment_id=enrolment_id,
                from_status=from_status,
                to_status=to_status,
                on=on,
                note=note,
                by_id=by,
                at=self.at(on),
            )
        return planned_end

    def last_activity(self, stage: str, line: Timeline) -> datetime:
        """Open families: mostly recent, a tail beyond the no-contact limit. Others: their last
        event."""
        if stage in OPEN:
            days = int(self.rng.expovariate(1 / MEAN_DAYS_SINCE_ACTIVITY))
            days = min(days, (self.today - line.started).days)
            return max(
                self.now - timedelta(days=days, seconds=self.rng.randrange(86400)),
                self.at(line.started),
            )
        last = line.ended or line.decided or line.screened or line.received
        return self.at(last)

    # --- loading ----------------------------------------------------------------------------

    def build(self) -> None:
        started = time.perf_counter()
        municipalities = self.build_tenancy()
        units = self.build_units(municipalities)
        plans = self.plan_families(units)
        staff = self.build_staff(units, plans)
        # Millions of small acyclic rows: the cyclic garbage collector would only slow this down.
        gc.disable()
        try:
            for unit, stage in plans:
                self.add_family(unit, stage, staff[unit.pk])
        finally:
            gc.enable()
        self.log(f"  tenancy, staff and rows built in {time.perf_counter() - started:.1f} s")
        with without_foreign_keys_and_indexes(FAMILY_TABLES, log=self.log):
            for model in FAMILY_TABLES:
                started = time.perf_counter()
                rows = self.rows.pop(model)
                load_rows(model, self.columns[model], rows)
                seconds = time.perf_counter() - started
                self.log(f"  {model._meta.db_table}: {len(rows):,} rows in {seconds:.1f} s")


@contextmanager
def without_foreign_keys_and_indexes(tables, *, log: Callable[[str], None]):
    """On PostgreSQL, load as pg_restore does: drop the tables' foreign keys and non-unique
    indexes, and recreate them afterwards. One set-based check per foreign key and one sorted
    build per index beat millions of row-by-row checks and index insertions. Run inside the
    load's transaction, so a failure restores the schema too."""
    if connection.vendor != "postgresql":
        yield
        return
    table_names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [table_names],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid::regclass::text = ANY(%s) AND NOT indisunique",
            [table_names],
        )
        indexes = cursor.fetchall()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # settle checks pending on parents
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for index, _ in indexes:
            cursor.execute(f"DROP INDEX {index}")
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    seconds = time.perf_counter() - started
    log(f"  {len(indexes)} indexes and {len(foreign_keys)} foreign keys rebuilt in {seconds:.1f} s")


def load_rows(model: type[models.Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Write rows (Python values, in `columns` order) into the model's table."""
    fields = [model._meta.get_field(name) for name in columns]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column_list = ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "postgresql":
        json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        dumped: dict[int, str] = {}  # shared result dicts are serialised once

        def as_json(value) -> str:
            if id(value) not in dumped:
                dumped[id(value)] = json.dumps(value)
            return dumped[id(value)]

        connection.ensure_connection()
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy,
        ):
            for row in rows:
                if json_at:
                    row = list(row)
                    for i in json_at:
                        row[i] = as_json(row[i])
                copy.write_row(row)
        return
    prepare = [f.get_db_prep_save for f in fields]
    sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    [prep(value, connection) for prep, value in zip(prepare, row, strict=True)]
                    for row in rows[start : start + BATCH]
                ],
            )

"""A national-scale synthetic dataset: tenancy, staff, families, their history, their
follow-up record (contacts, notes, time entries) and their mappings (benchmarks/
synthetic_mapping.py).

Import only after `django.setup()` (see benchmarks/generate.py, the entry point).

All randomness comes from three streams seeded from the seed, UUIDs included — one for the
families and their history, one for the follow-up record, one for the mappings — so a seed
reproduces the same data on the same day (dates are relative to today). Small tables go
through `bulk_create`; the big tables are streamed with PostgreSQL COPY (SQLite: executemany).
Every tenant row carries the municipality of its family's unit.
"""

from __future__ import annotations

import gc
import json
import math
import random
import time
import uuid
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial
from itertools import accumulate
from operator import itemgetter

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, models
from django.utils import timezone

from benchmarks import names
from benchmarks.synthetic_mapping import MAPPING_TABLES, Mappings
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
from familieplan.journal.models import Contact, Note, TimeEntry
from familieplan.lib import eligibility
from familieplan.lib.equivalence import consumption_units
from familieplan.mapping.models import Instrument
from familieplan.partners.models import Partner

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
ContactMember = Contact.members.through
ContactPartner = Contact.partners.through
#: The follow-up record, loaded after the family tables.
JOURNAL_TABLES = (Contact, ContactMember, ContactPartner, Note, TimeEntry)
#: The tables whose keys, indexes and foreign keys are dropped during the load: the loaded ones
#: (the mappings last) and the (empty) tables that point to a contact.
KEYED_TABLES = (
    *FAMILY_TABLES,
    *JOURNAL_TABLES,
    *MAPPING_TABLES,
    Contact.goals.through,
    Contact.measures.through,
)
COUNTED = (
    Municipality,
    Unit,
    User,
    Membership,
    ProgrammeSettings,
    Domain,
    Partner,
    *FAMILY_TABLES,
    *JOURNAL_TABLES,
    Instrument,
    *MAPPING_TABLES,
)

# The follow-up record of every enrolled family (active, paused, ended), from the start of the
# enrolment to today or its end: about 25 contacts and 12 notes per family at 100k (3 million
# rows). The rates are chosen for that volume; the shape follows practice: denser in the first
# months, sparse during a pause, some families followed much more closely than others.
#: Contacts in the first 90 days, on top of the steady rate.
EARLY_CONTACTS = 6
EARLY_DAYS = 90
CONTACTS_PER_DAY = 0.6 / 30.44
#: Spread of the follow-up intensity between families (lognormal sigma, mean 1).
INTENSITY_SIGMA = 0.5
#: A contact during a pause is kept with this probability.
PAUSE_KEEP = 0.2
#: Contact kinds: (weight, shortest, longest minutes); durations in steps of 5 minutes.
CONTACT_KINDS = {
    Contact.Kind.PHONE: (34, 5, 30),
    Contact.Kind.HOME_VISIT: (26, 45, 120),
    Contact.Kind.OFFICE_MEETING: (14, 30, 90),
    Contact.Kind.MESSAGE: (12, 5, 15),
    Contact.Kind.VIDEO: (6, 20, 60),
    Contact.Kind.SERVICE_MEETING: (8, 30, 120),
}
#: Themes a service meeting is about, by the partner's kind.
PARTNER_THEMES = {
    "social_services": ("economy", "work"),
    "health_clinic": ("health",),
    "school": ("school",),
    "housing": ("housing",),
}
NOTE_PER_CONTACT = 0.4  # a note written after the contact
STANDALONE_NOTES = 0.1  # per contact, notes without a contact
NOTE_LEVELS = {Note.Level.ORDINARY: 75, Note.Level.INTERNAL: 20, Note.Level.RESTRICTED: 5}
NOTE_ABOUT_MEMBER = 0.25
NOTE_CORRECTED = 0.02
RARE_SENTENCE = 0.003  # per contact or note
#: Share of the contacts recorded by the co-coordinator, where the family has one.
BY_CO_COORDINATOR = 0.2
TRAVEL_PER_HOME_VISIT = 0.3
TIME_ENTRY_KINDS = (TimeEntry.Kind.PREPARATION, TimeEntry.Kind.COORDINATION, TimeEntry.Kind.OTHER)
TIME_ENTRY_CUM = list(accumulate((60, 30, 10)))


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


@dataclass(frozen=True)
class Coordinators:
    """Who coordinated a family when: `previous` until `since`, then `current` (and `co`)."""

    current: int
    co: int | None
    previous: int | None
    since: date

    def on(self, day: date, random: Callable[[], float]) -> int:
        """Who recorded a contact or wrote a note on `day` (`random`: the stream's random())."""
        if day < self.since and self.previous is not None:
            return self.previous
        if self.co is not None and random() < BY_CO_COORDINATOR:
            return self.co
        return self.current


#: Columns of the follow-up tables, in the order the rows are built.
JOURNAL_COLUMNS = {
    Contact: (
        "id",
        "municipality_id",
        "family_id",
        "at",
        "kind",
        "minutes",
        "summary",
        "recorded_by_id",
        "recorded_at",
    ),
    ContactMember: ("contact_id", "member_id"),
    ContactPartner: ("contact_id", "partner_id"),
    Note: (
        "id",
        "municipality_id",
        "family_id",
        "about_id",
        "level",
        "text",
        "author_id",
        "author_role",
        "created_at",
        "corrects_id",
        "correction_reason",
        "contact_id",
        "shared_with_partner_id",
        "shared_topic",
    ),
    TimeEntry: (
        "id",
        "municipality_id",
        "family_id",
        "user_id",
        "on",
        "kind",
        "minutes",
        "note",
        "created_at",
    ),
}


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Generator:
    def __init__(self, *, families: int, seed: int, log: Callable[[str], None] = print) -> None:
        self.log = log
        self.seed = seed
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
        # The follow-up record draws from its own stream, so adding it left the families (and
        # the caseload benchmark's data) as they were; it is seeded from the same seed.
        self.jrng = random.Random(f"{seed}-journal")
        self.partners: dict[int, list[tuple[uuid.UUID, str]]] = {}
        self.day_starts: dict[date, datetime] = {}
        self.contact_kinds = list(CONTACT_KINDS)
        self.contact_kind_cum = list(accumulate(w for w, _, _ in CONTACT_KINDS.values()))
        self.level_names = list(NOTE_LEVELS)
        self.level_cum = list(accumulate(NOTE_LEVELS.values()))
        self.themes = list(names.TOPIC_SENTENCES)
        for model, columns in JOURNAL_COLUMNS.items():
            self.columns[model] = columns
        # The mappings: their own stream too (seed + "-mapping").
        self.mappings = Mappings(self)

    # --- helpers ----------------------------------------------------------------------------

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    @staticmethod
    def uuid_from(rng: random.Random) -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

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
        partners = [
            Partner(
                id=self.uuid_from(self.jrng),
                municipality=m,
                name=f"{label} {m.number}",
                kind=kind,
            )
            for m in municipalities
            for kind, label in names.PARTNERS
        ]
        Partner.objects.bulk_create(partners)
        for partner in partners:
            self.partners.setdefault(partner.municipality_id, []).append((partner.pk, partner.kind))
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

        address = dict(  # drawn in this order, as always
            id=self.uuid(),
            **tenant,
            street=f"{rng.choice(names.STREETS)} {rng.randint(1, 120)}",
            postal_code=f"{rng.randint(1, 9990):04d}",
            city=unit.municipality.name,
            valid_from=line.received - timedelta(days=rng.randint(30, 2000)),
            housing=self.pick(HOUSING_WEIGHTS),
            created_at=self.at(line.received),
        )
        self.add(Address, **address)
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

        coordinator = co_coordinator = handover = None
        if stage in COORDINATED:
            coordinator = rng.choice(staff.coordinators)
            others = [c for c in staff.coordinators if c != coordinator]
            if stage in OPEN and others and rng.random() < 0.08:
                co_coordinator = rng.choice(others)
            handover = self.add_assignments(
                tenant, line, staff, coordinator, co_coordinator, others
            )

        if line.decided:
            self.add_decision(tenant, stage, line, staff, screening_id, eligible, member_ids[0])
        planned_end, enrolment_id = self.add_enrolment(tenant, stage, line, staff, coordinator)
        last_activity = self.last_activity(stage, line)
        created_at = self.at(line.received)
        last_contact = mapping_due = mapping_late = None
        if stage in COORDINATED:
            coordinators = Coordinators(
                coordinator, co_coordinator, *(handover or (None, line.started))
            )
            last_contact = self.add_record(
                tenant, stage, line, member_ids, coordinators, last_activity
            )
            last_activity = max(last_activity, last_contact)
            mapping_due, mapping_late = self.mappings.add_family(
                tenant=tenant,
                unit_id=unit.pk,
                stage=stage,
                line=line,
                planned_end=planned_end,
                enrolment_id=enrolment_id,
                members=members,
                member_ids=member_ids,
                coordinators=coordinators,
                housing=address["housing"],
            )

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
            last_activity_at=last_activity,
            last_contact_at=last_contact,
            mapping_due_on=mapping_due,
            mapping_late_on=mapping_late,
            created_at=created_at,
        )

    def add_assignments(self, tenant, line, staff, coordinator, co_coordinator, others):
        """The current assignments, and for some families an earlier hand-over: returns (the
        earlier coordinator, the day of the hand-over), or None."""
        rng = self.rng
        since = line.started
        handover = None
        days_in = (self.today - line.started).days
        if others and days_in > 180 and rng.random() < 0.1:
            since = line.started + timedelta(days=rng.randint(60, days_in - 30))
            assignment_id = self.uuid()  # drawn before the coordinator, as always
            handover = (rng.choice(others), since)
            self.add(
                CoordinatorAssignment,
                id=assignment_id,
                **tenant,
                coordinator_id=handover[0],
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
        return handover

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

    def add_enrolment(self, tenant, stage, line, staff, coordinator):
        """The enrolment and its events, as the services would have written them: returns
        (planned end, enrolment id), (None, None) without one."""
        if stage not in (Stage.WAITING, *COORDINATED):
            return None, None
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
        return planned_end, enrolment_id

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

    # --- the follow-up record -----------------------------------------------------------------
    # Three million rows: the hot paths draw with `random()` and bisect instead of randrange and
    # choices, and work in UTC (comparing datetimes of one time zone object is cheap).

    def moment(self, day: date) -> datetime:
        """A working-hours moment on `day` (08:00–15:59 in Oslo, as UTC), never in the future."""
        start = self.day_starts.get(day)
        if start is None:
            start = datetime(day.year, day.month, day.day, 8, tzinfo=self.tz).astimezone(UTC)
            self.day_starts[day] = start
        moment = start + timedelta(minutes=int(self.jrng.random() * 480))
        return moment if moment < self.now else self.now

    def add_record(
        self,
        tenant: dict,
        stage: str,
        line: Timeline,
        member_ids: list[uuid.UUID],
        coordinators: Coordinators,
        last_activity: datetime,
    ) -> datetime:
        """Contacts, notes (a few corrected) and time entries from the start of the enrolment
        to the family's last contact, which lies on the day of its last activity or some days
        before (ended families: up to two weeks before the end). Returns the last contact."""
        rng = self.jrng
        r = rng.random
        started = line.started
        if stage == Stage.ENDED:
            last_day = line.ended - timedelta(days=int(r() * 15))
        else:
            last_day = timezone.localdate(last_activity)
            if r() >= 0.6:
                last_day -= timedelta(days=int(rng.expovariate(1 / 10)))
        last_day = max(last_day, started)
        days = (last_day - started).days
        early_days = min(days, EARLY_DAYS)
        early = EARLY_CONTACTS * early_days / EARLY_DAYS
        steady = CONTACTS_PER_DAY * days
        intensity = rng.lognormvariate(-(INTENSITY_SIGMA**2) / 2, INTENSITY_SIGMA)
        count = round((early + steady) * intensity * (0.8 + 0.4 * r()))
        early_share = early / (early + steady) if days else 0.0
        pause_from, pause_until = line.pause or (None, None)
        pause_until = pause_until or self.today
        # Two or three themes dominate a family's record, as they would its plan.
        focus = rng.sample(range(len(self.themes)), 2 + int(r() * 2))
        theme_cum = list(accumulate(4 if i in focus else 1 for i in range(len(self.themes))))

        contact_days = [last_day]  # the last contact, then the others (any order)
        for _ in range(count):
            span = early_days if r() < early_share else days
            day = started + timedelta(days=int(r() * span))
            if pause_from and pause_from <= day < pause_until and r() > PAUSE_KEEP:
                continue
            contact_days.append(day)
        contacts = [
            self.add_contact(tenant, day, member_ids[0], coordinators, theme_cum)
            for day in contact_days
        ]
        last_contact = max(contact[2] for contact in contacts)

        note = partial(self.add_note, tenant, member_ids, coordinators, theme_cum)
        for contact_id, _, at, author, theme, _, _ in contacts:
            if r() < NOTE_PER_CONTACT:
                written = at + timedelta(minutes=30 + int(r() * 1410))
                written = written if written < self.now else self.now
                note(written, author, theme, contact_id)
        for _ in range(round(len(contacts) * STANDALONE_NOTES * (0.5 + r()))):
            day = started + timedelta(days=int(r() * (days + 1)))
            theme = self.themes[bisect(theme_cum, r() * theme_cum[-1])]
            written = self.moment(day)
            note(written, coordinators.on(day, r), theme, None)

        self.add_time_entries(tenant, contacts)
        return last_contact

    def sentence(self, theme: str) -> str:
        r = self.jrng.random
        pool = names.RARE_SENTENCES if r() < RARE_SENTENCE else names.TOPIC_SENTENCES[theme]
        return pool[int(r() * len(pool))]

    def add_contact(self, tenant, day, adult_id, coordinators, theme_cum) -> tuple:
        r = self.jrng.random
        kind = self.contact_kinds[bisect(self.contact_kind_cum, r() * self.contact_kind_cum[-1])]
        _, shortest, longest = CONTACT_KINDS[kind]
        minutes = shortest + 5 * int(r() * ((longest - shortest) // 5 + 1))
        contact_id = self.uuid_from(self.jrng)
        at = self.moment(day)
        author = coordinators.on(day, r)
        recorded_at = at + timedelta(minutes=minutes + 5 + int(r() * 600))
        recorded_at = recorded_at if recorded_at < self.now else self.now
        if kind == Contact.Kind.SERVICE_MEETING:
            partners = self.partners[tenant["municipality_id"]]
            partner_id, partner_kind = partners[int(r() * len(partners))]
            opener = names.SERVICE_MEETING_OPENERS[partner_kind]
            themes = PARTNER_THEMES[partner_kind]
            theme = themes[int(r() * len(themes))]
            self.rows[ContactPartner].append((recorded_at, contact_id, partner_id))
        else:
            openers = names.CONTACT_OPENERS[kind]
            opener = openers[int(r() * len(openers))]
            theme = self.themes[bisect(theme_cum, r() * theme_cum[-1])]
            self.rows[ContactMember].append((recorded_at, contact_id, adult_id))
        summary = f"{opener} {self.sentence(theme)}"
        if r() < 0.5:
            summary += " " + names.CLOSERS[int(r() * len(names.CLOSERS))]
        self.rows[Contact].append(
            (
                contact_id,
                tenant["municipality_id"],
                tenant["family_id"],
                at,
                kind,
                minutes,
                summary,
                author,
                recorded_at,
            )
        )
        return contact_id, day, at, author, theme, kind, recorded_at

    def add_note(
        self, tenant, member_ids, coordinators, theme_cum, written, author, theme, contact_id
    ) -> None:
        """A note of 2–4 sentences; a few are corrected later by the coordinator of the day."""
        r = self.jrng.random
        sentences = [self.sentence(theme)]
        if r() < 0.5:
            sentences.append(self.sentence(self.themes[bisect(theme_cum, r() * theme_cum[-1])]))
        if r() < 0.6:
            sentences.append(names.ASSESSMENTS[int(r() * len(names.ASSESSMENTS))])
        if r() < 0.4 or len(sentences) == 1:
            sentences.append(names.CLOSERS[int(r() * len(names.CLOSERS))])
        level = self.level_names[bisect(self.level_cum, r() * self.level_cum[-1])]
        about = member_ids[int(r() * len(member_ids))] if r() < NOTE_ABOUT_MEMBER else None
        note_id = self.uuid_from(self.jrng)
        municipality_id, family_id = tenant["municipality_id"], tenant["family_id"]
        text = " ".join(sentences)
        self.rows[Note].append(
            (
                note_id,
                municipality_id,
                family_id,
                about,
                level,
                text,
                author,
                Role.COORDINATOR,
                written,
                None,
                "",
                contact_id,
                None,
                "",
            )
        )
        if r() >= NOTE_CORRECTED:
            return
        corrected = written + timedelta(minutes=60 + int(r() * 14340))  # 1 hour to 10 days
        if corrected >= self.now:
            return
        reason = names.CORRECTION_REASONS[int(r() * len(names.CORRECTION_REASONS))]
        if reason == names.CORRECTION_REASONS[-1]:  # a higher level, the same text
            levels = self.level_names
            level = levels[min(levels.index(level) + 1, len(levels) - 1)]
        else:
            sentences[0] = self.sentence(theme)
            text = " ".join(sentences)
        self.rows[Note].append(
            (
                self.uuid_from(self.jrng),
                municipality_id,
                family_id,
                about,
                level,
                text,
                coordinators.on(timezone.localdate(corrected), r),
                Role.COORDINATOR,
                corrected,
                note_id,
                reason,
                contact_id,
                None,
                "",
            )
        )

    def add_time_entries(self, tenant, contacts: list[tuple]) -> None:
        """Travel to some home visits, and one to three spells of preparation or coordination
        on contact days."""
        r = self.jrng.random
        entries = [
            (day, author, TimeEntry.Kind.TRAVEL, recorded_at)
            for _, day, _, author, _, kind, recorded_at in contacts
            if kind == Contact.Kind.HOME_VISIT and r() < TRAVEL_PER_HOME_VISIT
        ]
        for _ in range(1 + int(r() * 3)):
            _, day, _, author, _, _, recorded_at = contacts[int(r() * len(contacts))]
            kind = TIME_ENTRY_KINDS[bisect(TIME_ENTRY_CUM, r() * TIME_ENTRY_CUM[-1])]
            entries.append((day, author, kind, recorded_at))
        for day, author, kind, recorded_at in entries:
            notes = names.TIME_ENTRY_NOTES[kind]
            self.rows[TimeEntry].append(
                (
                    self.uuid_from(self.jrng),
                    tenant["municipality_id"],
                    tenant["family_id"],
                    author,
                    day,
                    kind,
                    10 + 5 * int(r() * 11),  # 10–60 minutes
                    notes[int(r() * len(notes))],
                    recorded_at,
                )
            )

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
            self.order_record()
            self.mappings.finish()
        finally:
            gc.enable()
        self.log(f"  tenancy, staff and rows built in {time.perf_counter() - started:.1f} s")
        with without_foreign_keys_and_indexes(KEYED_TABLES, log=self.log):
            for model in FAMILY_TABLES + JOURNAL_TABLES + MAPPING_TABLES:
                started = time.perf_counter()
                rows = self.rows.pop(model)
                load_rows(model, self.columns[model], rows)
                seconds = time.perf_counter() - started
                self.log(f"  {model._meta.db_table}: {len(rows):,} rows in {seconds:.1f} s")

    def order_record(self) -> None:
        """Put the follow-up rows in the order they would have been written (by when they were
        recorded), so a family's contacts and notes lie scattered over the table as after years
        of use, not side by side. The participant rows carry that moment in front; drop it."""
        for model, key in ((Contact, 8), (Note, 8), (TimeEntry, 8)):
            self.rows[model].sort(key=itemgetter(key))
        for model in (ContactMember, ContactPartner):
            rows = self.rows[model]
            rows.sort(key=itemgetter(0))
            self.rows[model] = [row[1:] for row in rows]


@contextmanager
def without_foreign_keys_and_indexes(tables, *, log: Callable[[str], None]):
    """On PostgreSQL, load as pg_restore does: drop the tables' foreign keys, the indexes no
    constraint owns, and primary keys and unique constraints that only foreign keys of these
    tables point to, and recreate them all afterwards. One set-based check per foreign key and one
    sorted build per index beat millions of row-by-row checks and index insertions (random
    UUID keys above all). Everything is read from the catalogue, so indexes created with raw
    SQL — the full-text GIN indexes of journal migration 0003 — are rebuilt too, and the
    schema afterwards equals a migrated one. Run inside the load's transaction, so a failure
    restores the schema too."""
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
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid)"
            " FROM pg_constraint c WHERE contype IN ('p', 'u')"
            " AND conrelid::regclass::text = ANY(%s) AND NOT EXISTS ("
            "   SELECT 1 FROM pg_constraint f WHERE f.contype = 'f'"
            "   AND f.confrelid = c.conrelid AND NOT f.conrelid::regclass::text = ANY(%s))"
            " ORDER BY contype, conname",  # primary keys first
            [table_names, table_names],
        )
        keys = cursor.fetchall()
        # Every index that no constraint owns: the non-unique ones and the partial unique
        # ones Django creates for a conditional UniqueConstraint (still checked when rebuilt).
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i"
            " WHERE indrelid::regclass::text = ANY(%s) AND NOT EXISTS ("
            "   SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [table_names],
        )
        indexes = cursor.fetchall()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # settle checks pending on parents
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for index, _ in indexes:
            cursor.execute(f"DROP INDEX {index}")
    yield
    started = time.perf_counter()
    slow = []
    with connection.cursor() as cursor:
        # More sort memory for this transaction's index builds (the full-text GIN indexes).
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        for index, definition in indexes:
            began = time.perf_counter()
            cursor.execute(definition)
            if time.perf_counter() - began > 5:
                slow.append(f"{index} {time.perf_counter() - began:.0f} s")
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    seconds = time.perf_counter() - started
    log(
        f"  {len(keys)} keys, {len(indexes)} indexes and {len(foreign_keys)} foreign keys "
        f"rebuilt in {seconds:.1f} s" + (f" (slowest: {', '.join(slow)})" if slow else "")
    )


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
        # Binary COPY (about three times faster to encode) where no JSON needs serialising.
        binary = not json_at
        options = " (FORMAT BINARY)" if binary else ""
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({column_list}) FROM STDIN{options}") as copy,
        ):
            if binary:
                types = connection.connection.adapters.types
                copy.set_types(
                    [types[f.db_type(connection).split("(")[0].strip()].oid for f in fields]
                )
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

"""Builds the demo: two municipalities, units, the persona logins and synthetic families."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from familieplan.accounts.models import Membership, User
from familieplan.core.models import Municipality, Unit
from familieplan.core.roles import Role
from familieplan.demo import people
from familieplan.demo.plans import build_plan
from familieplan.families import services
from familieplan.families.models import (
    Family,
    IntakeDecision,
    Member,
    ProgrammeSettings,
    Referral,
)
from familieplan.lib.equivalence import consumption_units

DEMO_PASSWORD = "demo"


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str
    municipality: str  # "A" or "B"
    unit: str | None
    description: str
    is_staff: bool = False


PERSONAS = [
    Persona(
        "koordinator",
        "Ingrid",
        "Haugen",
        Role.COORDINATOR,
        "A",
        "Familiesenteret",
        "familiekoordinator i Demo kommune",
    ),
    Persona(
        "koordinator2",
        "Yasin",
        "Nilsen",
        Role.COORDINATOR,
        "A",
        "Familiesenteret",
        "kollega i samme enhet",
    ),
    Persona(
        "koordinator-b",
        "Siri",
        "Berg",
        Role.COORDINATOR,
        "B",
        "Familieteamet",
        "familiekoordinator i Fjordvik kommune",
    ),
    Persona("leder", "Tone", "Lie", Role.TEAM_LEAD, "A", "Familiesenteret", "teamleder"),
    Persona(
        "partner", "Lars", "Moen", Role.PARTNER, "A", None, "samarbeidspartner (skole) med samtykke"
    ),
    Persona("partner2", "Eva", "Dahl", Role.PARTNER, "A", None, "samarbeidspartner uten samtykke"),
    Persona(
        "forelder", "Amina", "Warsame", Role.FAMILY_MEMBER, "A", None, "forelder i Familien Warsame"
    ),
    Persona(
        "ungdom",
        "Hamza",
        "Warsame",
        Role.FAMILY_MEMBER,
        "A",
        None,
        "ungdom, 16 år, i Familien Warsame",
    ),
    Persona("forsker", "Per", "Aune", Role.RESEARCHER, "A", None, "forsker"),
    Persona(
        "admin",
        "Kari",
        "Sunde",
        Role.ADMINISTRATOR,
        "A",
        None,
        "kommuneadministrator",
        is_staff=True,
    ),
    Persona("personvern", "Nils", "Vik", Role.PRIVACY_OFFICER, "A", None, "personvernombud"),
]


def build_tenancy() -> dict[str, Municipality]:
    a = Municipality.objects.create(number="9901", name="Demo kommune", county="Demo fylke")
    b = Municipality.objects.create(number="9902", name="Fjordvik kommune", county="Demo fylke")
    Unit.objects.create(municipality=a, name="Familiesenteret", kind=Unit.Kind.FAMILY_CENTRE)
    Unit.objects.create(municipality=a, name="NAV Demo", kind=Unit.Kind.NAV_OFFICE)
    Unit.objects.create(municipality=b, name="Familieteamet", kind=Unit.Kind.TEAM)
    return {"A": a, "B": b}


def build_personas(municipalities: dict[str, Municipality]) -> dict[str, User]:
    password = make_password(DEMO_PASSWORD)
    users = {}
    for p in PERSONAS:
        muni = municipalities[p.municipality]
        user = User.objects.create(
            username=p.username,
            first_name=p.first_name,
            last_name=p.last_name,
            email=f"{p.username}@demo.familieplan.local",
            password=password,
            is_staff=p.is_staff,
        )
        unit = Unit.objects.get(municipality=muni, name=p.unit) if p.unit else None
        Membership.objects.create(user=user, municipality=muni, unit=unit, role=p.role)
        users[p.username] = user
    return users


def _birth_date(rng: random.Random, today: date, age: int) -> date:
    return today - timedelta(days=age * 365 + rng.randint(0, 364))


def _household(
    rng: random.Random, today: date
) -> tuple[str, list[tuple[str, str, date, str]], str]:
    """A surname, members (role, first name, birth date, languages) and a language note."""
    if rng.random() < 0.65:
        surnames, adults, children, languages = rng.choice(people.BACKGROUNDS)
        surname = rng.choice(surnames)
        interpreter = rng.random() < 0.5
    else:
        surname = rng.choice(people.SURNAMES_NORWEGIAN)
        adults, children, languages = (
            people.FIRST_ADULT_NORWEGIAN,
            people.FIRST_CHILD_NORWEGIAN,
            "norsk",
        )
        interpreter = False
    adult_count = 1 if rng.random() < 0.45 else 2
    child_count = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
    members = []
    for name in rng.sample(adults, adult_count):
        age = rng.randint(26, 52)
        members.append((Member.Role.PARENT, name, _birth_date(rng, today, age), languages))
    for name in rng.sample(children, child_count):
        age = rng.randint(0, 17)
        role = Member.Role.YOUTH if age >= 13 else Member.Role.CHILD
        child_languages = (
            languages if languages == "norsk" else languages.replace(", norsk", "") + ", norsk"
        )
        members.append((role, name, _birth_date(rng, today, age), child_languages))
    return surname, members, "yes" if interpreter else ""


STAGE_PLAN = [
    # (stage, share) – the demo shows every step of the model.
    ("referred", 3),
    ("waiting", 2),
    ("active", 12),
    ("paused", 1),
    ("ended", 3),
    ("not_included", 2),
    ("ending_soon", 1),
]

#: Fjordvik's smaller team: mostly families in follow-up, so its coordinator has a day too.
STAGE_PLAN_B = ["active", "active", "referred", "active", "waiting", "active", "ending_soon"]

STREETS = [
    "Storgata",
    "Skolegata",
    "Kirkeveien",
    "Parkveien",
    "Elvegata",
    "Løkkeveien",
    "Bjørkeveien",
    "Fjellveien",
    "Torggata",
    "Sjøgata",
]


def build_families(
    municipalities: dict[str, Municipality],
    users: dict[str, User],
    *,
    seed: int,
    count_a: int,
    count_b: int,
) -> list[Family]:
    rng = random.Random(seed)
    today = timezone.localdate()
    for muni in municipalities.values():
        ProgrammeSettings.for_municipality(muni)
    families = []
    plan = [("A", "Familiesenteret", count_a), ("B", "Familieteamet", count_b)]
    coordinators = {
        "A": [users["koordinator"], users["koordinator2"]],
        "B": [users["koordinator-b"]],
    }
    stages = [stage for stage, share in STAGE_PLAN for _ in range(share)]
    for key, unit_name, count in plan:
        muni = municipalities[key]
        unit = Unit.objects.get(municipality=muni, name=unit_name)
        lead = users["leder"] if key == "A" else users["koordinator-b"]
        for i in range(count):
            surname, members, interpreter = _household(rng, today)
            family = services.referral_register(
                unit=unit,
                by=lead,
                family_name=f"Familien {surname}",
                referral={
                    "source": rng.choice(Referral.Source.values),
                    "received_on": today - timedelta(days=rng.randint(20, 60)),
                    "reason": rng.choice(people.REFERRAL_REASONS),
                    "contact_name": "",
                    "contact_phone": "",
                },
                members=[
                    {
                        "role": role,
                        "first_name": first,
                        "last_name": surname,
                        "birth_date": born,
                        "languages": languages,
                        "needs_interpreter": bool(interpreter) and role in Member.ADULT_ROLES,
                        "joined_on": born,
                    }
                    for role, first, born, languages in members
                ],
                address={
                    "street": f"{rng.choice(STREETS)} {rng.randint(1, 90)}",
                    "postal_code": f"{rng.randint(1000, 9990):04d}",
                    "city": muni.name.replace(" kommune", ""),
                    "valid_from": today - timedelta(days=rng.randint(400, 2000)),
                    "housing": rng.choice(["rented", "municipal", "temporary"]),
                },
            )
            stage = stages[i % len(stages)] if key == "A" else STAGE_PLAN_B[i % len(STAGE_PLAN_B)]
            _advance(
                family,
                stage,
                rng=rng,
                by=lead,
                coordinator=coordinators[key][i % len(coordinators[key])],
                today=today,
            )
            families.append(family)
    _persona_family(municipalities["A"], users, today)
    return families


def _advance(
    family: Family, stage: str, *, rng: random.Random, by: User, coordinator: User, today: date
) -> None:
    """Take a referred family through screening, decision and enrolment to `stage`."""
    if rng.random() < 0.3:  # some families have moved recently
        services.address_register_move(
            family=family,
            street=f"{rng.choice(STREETS)} {rng.randint(1, 90)}",
            postal_code=f"{rng.randint(1000, 9990):04d}",
            city=family.municipality.name.replace(" kommune", ""),
            valid_from=today - timedelta(days=rng.randint(30, 300)),
            housing="rented",
        )
    if stage == "referred":
        return
    # The day the family was taken in (or, for waiting and not included, decided on).
    years_ago = {
        "waiting": 0,
        "not_included": 0,
        "active": rng.randint(0, 3),
        "paused": 1,
        "ended": 4,
        "ending_soon": 5,
    }[stage]
    start = today - timedelta(days=years_ago * 365 + rng.randint(10, 200))
    if stage == "ending_soon":
        start = today - timedelta(days=5 * 365 - rng.randint(10, 80))
    screening = _screen(family, by=by, below=stage != "not_included" or rng.random() < 0.5, rng=rng)
    _backdate_intake(family, start=start, rng=rng)
    if stage == "not_included":
        services.intake_decide(
            family=family,
            by=by,
            outcome=IntakeDecision.Outcome.NOT_ELIGIBLE
            if screening.eligible is False
            else IntakeDecision.Outcome.DECLINED,
            reason="Inntekten er over grensen."
            if screening.eligible is False
            else "Familien ønsket ikke å delta nå.",
            screening=screening,
        )
        _backdate_decision(family, start)
        return
    adult = family.members.filter(role__in=Member.ADULT_ROLES).first()
    outcome = (
        IntakeDecision.Outcome.WAITING_LIST
        if stage == "waiting"
        else IntakeDecision.Outcome.INCLUDED
    )
    services.intake_decide(
        family=family,
        by=by,
        outcome=outcome,
        reason="Familien er i målgruppen og ønsker å delta.",
        screening=screening,
        consent_given_by=adult,
        consent_form="written",
        consent_given_on=start,
        start_on=start,
    )
    _backdate_decision(family, start)
    if stage == "waiting":
        return
    services.family_assign_coordinator(
        family=family,
        coordinator=coordinator,
        kind="primary",
        by=by,
        on=start,
        note="Første koordinator.",
    )
    enrolment = family.enrolments.get()
    if stage == "paused":
        services.enrolment_change(
            enrolment=enrolment,
            to="paused",
            by=by,
            on=today - timedelta(days=20),
            note="Familien er på lengre besøk i hjemlandet.",
        )
    elif stage == "ended":
        services.enrolment_change(
            enrolment=enrolment,
            to="ended",
            by=by,
            on=today - timedelta(days=rng.randint(10, 90)),
            end_reason="goals_reached",
            note="Begge voksne er i arbeid; familien ønsker å avslutte.",
        )
    if stage != "ended":
        build_plan(family, by=coordinator, start=start, today=today, rng=rng)
    # Spread "last activity" so the caseload counters show something realistic.
    Family.objects.filter(pk=family.pk).update(
        last_activity_at=timezone.now() - timedelta(days=rng.choice([1, 3, 8, 15, 40, 75]))
    )


def _screen(family: Family, *, by: User, below: bool, rng: random.Random):
    """Screen against 2022 with an income per consumption unit below or above EU-60."""
    end_of_year = date(2022, 12, 31)
    ages = [m.age_on(end_of_year) for m in family.members.all() if m.in_household_on(end_of_year)]
    units = consumption_units(ages=ages or [30])
    per_unit = (
        rng.randrange(150_000, 255_000, 1000) if below else rng.randrange(290_000, 420_000, 1000)
    )
    return services.screening_perform(
        family=family,
        by=by,
        income_year=2022,
        incomes={2022: (Decimal(per_unit) * units).quantize(Decimal("1"))},
        months_on_social_assistance=None,
        manual_confirmed=ProgrammeSettings.for_municipality(
            family.municipality
        ).manual_criteria_list,
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _backdate_intake(family: Family, *, start: date, rng: random.Random) -> None:
    """Referral some weeks before the start, screening two weeks before (demo history)."""
    family.referrals.update(received_on=start - timedelta(days=rng.randint(30, 60)))
    family.screenings.update(performed_at=_at(start - timedelta(days=14)))


def _backdate_decision(family: Family, start: date) -> None:
    family.decisions.update(decided_at=_at(start))


def _persona_family(muni: Municipality, users: dict[str, User], today: date) -> Family:
    """The family of the `forelder` and `ungdom` logins: Familien Warsame, active."""
    unit = Unit.objects.get(municipality=muni, name="Familiesenteret")
    family = services.referral_register(
        unit=unit,
        by=users["leder"],
        family_name="Familien Warsame",
        referral={
            "source": Referral.Source.HEALTH_CLINIC,
            "received_on": today - timedelta(days=500),
            "reason": "Helsestasjonen ser at familien har mange tjenester og ingen som "
            "holder i helheten.",
            "contact_name": "Helsesykepleier Berit Aas",
            "contact_phone": "90011223",
        },
        members=[
            {
                "role": Member.Role.PARENT,
                "first_name": "Amina",
                "last_name": "Warsame",
                "birth_date": date(today.year - 38, 3, 14),
                "languages": "somali, norsk",
                "needs_interpreter": True,
                "user": users["forelder"],
                "joined_on": date(2010, 1, 1),
            },
            {
                "role": Member.Role.YOUTH,
                "first_name": "Hamza",
                "last_name": "Warsame",
                "birth_date": date(today.year - 16, 1, 9),
                "languages": "somali, norsk",
                "user": users["ungdom"],
                "joined_on": date(today.year - 16, 1, 9),
            },
            {
                "role": Member.Role.CHILD,
                "first_name": "Sagal",
                "last_name": "Warsame",
                "birth_date": date(today.year - 9, 6, 2),
                "languages": "somali, norsk",
                "joined_on": date(today.year - 9, 6, 2),
            },
        ],
        address={
            "street": "Storgata 12",
            "postal_code": "9901",
            "city": "Demo",
            "valid_from": today - timedelta(days=900),
            "housing": "municipal",
        },
    )
    _advance(
        family,
        "active",
        rng=random.Random(1),
        by=users["leder"],
        coordinator=users["koordinator"],
        today=today,
    )
    return family

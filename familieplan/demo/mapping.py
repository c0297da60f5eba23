"""Demo mappings: every family that has started gets the mappings its schedule asked for so far
(intake, yearly, exit), built only through the mapping services, from a fixed seed.

Each family has its own starting point and pace: the domain self-ratings, WHO-5, the Cantril
ladder and the indicators move a little towards better from one mapping to the next, with
noise and the odd step back. About one family in five has its newest mapping still open, so
the caseload shows mappings that are due or late. Nothing here describes a real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from familieplan.accounts.models import User
from familieplan.families.models import Family, Member
from familieplan.mapping import catalogue, queries, services
from familieplan.mapping.models import Instrument
from familieplan.mapping.schedule import State

CHILD_WORDS = [
    "At vi får bo her lenge.",
    "Å begynne på fotball.",
    "At mamma har det bra.",
    "Å få en venn i klassen.",
    "Å ha et eget rom å gjøre lekser i.",
]


@dataclass
class Pace:
    """One family's starting point and yearly improvement (scale steps per year)."""

    base: float  # 0 … 1: where on each scale the family starts
    gain: float  # 0 … 0.25: how far it moves each year


def _level(rng: random.Random, pace: Pace, year: float, low: float, high: float) -> int:
    share = pace.base + pace.gain * year + rng.gauss(0, 0.08)
    return round(low + min(max(share, 0.0), 1.0) * (high - low))


def build_mappings(families: list[Family], users: dict[str, User], today: date, *, seed: int):
    rng = random.Random(seed + 7)
    instruments = {i.key: i for i in Instrument.objects.filter(active=True).order_by("version")}
    for family in families:
        family.refresh_from_db()
        coordinator = family.coordinator or users["koordinator"]
        pace = Pace(base=rng.uniform(0.15, 0.45), gain=rng.uniform(0.03, 0.18))
        occasions = [
            o
            for o in queries.schedule_for(family, today=today)
            if o.due_on <= today - timedelta(days=7)
            and o.state != State.DONE
            and (o.kind != "exit" or family.stage == Family.Stage.ENDED)
        ]
        if occasions and family.stage != Family.Stage.ENDED and rng.random() < 0.2:
            occasions = occasions[:-1]  # the newest is still to do: due or late in the caseload
        started = family.enrolments.exclude(started_on=None).order_by("-started_on").first()
        for occasion in occasions:
            held_on = min(occasion.due_on + timedelta(days=rng.randint(-10, 25)), today)
            held_on = max(held_on, started.started_on)
            year = (held_on - started.started_on).days / 365
            assessment = services.assessment_start(
                family=family,
                by=coordinator,
                occasion=occasion.kind,
                number=occasion.number,
                held_on=held_on,
            )
            for instrument, member, answers, by in _answers(
                family, instruments, held_on, rng, pace, year
            ):
                services.response_save(
                    assessment=assessment,
                    instrument=instrument,
                    member=member,
                    answered_by=by,
                    answers=answers,
                    final=True,
                    by=coordinator,
                )
            services.assessment_complete(assessment=assessment, by=coordinator)


def _answers(family, instruments, on, rng, pace, year):
    """(instrument, member, answers, answered by) for one mapping."""
    domains = catalogue.domains_of(family.municipality_id)
    yield (
        instruments["domain-rating"],
        None,
        {f"domain:{code}": _level(rng, pace, year, 1, 10) for code, _name in domains},
        "with_coordinator",
    )
    yield (
        instruments["living-household"],
        None,
        {
            "housing_standard": _level(rng, pace, year, 1, 3),
            "housing_security": _level(rng, pace, year, 1, 3),
            "moves": max(0, round(rng.gauss(1.2 - year * 0.4, 0.7))),
            "income_level": _level(rng, pace, year, 1, 3),
            "debt": 5 - _level(rng, pace, year, 1, 4),
            "bed_and_homework_place": int(rng.random() < 0.5 + year * 0.15),
        },
        "with_coordinator",
    )
    members = [m for m in family.members.all() if m.in_household_on(on)]
    for member in members:
        age = member.age_on(on)
        if member.role in Member.ADULT_ROLES:
            who5 = {f"q{i}": _level(rng, pace, year, 0, 5) for i in range(1, 6)}
            yield instruments["who5"], member, who5, "self"
            now = _level(rng, pace, year, 0, 10)
            future = min(10, now + rng.randint(0, 3))
            yield instruments["cantril"], member, {"now": now, "future": future}, "self"
            work = 6 - _level(rng, pace, year, 0, 5)
            yield (
                instruments["living-adult"],
                member,
                {
                    "work_activity": min(max(work, 1), 6),
                    "physical_health": _level(rng, pace, year, 1, 5),
                    "mental_health": _level(rng, pace, year, 1, 5),
                },
                "with_coordinator",
            )
            continue
        if age <= 17:
            yield (
                instruments["living-child"],
                member,
                {
                    "attendance": 0 if age < 1 else _level(rng, pace, year, 1, 3),
                    "school_wellbeing": _level(rng, pace, year, 1, 5),
                    "organised_activity": int(rng.random() < 0.3 + year * 0.15),
                    "friends": int(rng.random() < 0.6 + year * 0.1),
                },
                "with_coordinator",
            )
        if 6 <= age <= 17:
            voice = {
                key: _level(rng, pace, year, 1, 5)
                for key in ("school", "friends", "free_time", "home")
            }
            voice["most_important"] = rng.choice(CHILD_WORDS)
            yield instruments["child-voice"], member, voice, "self"
        if 15 <= age <= 17 and "who5-youth" in instruments:
            who5 = {f"q{i}": _level(rng, pace, year, 0, 5) for i in range(1, 6)}
            yield instruments["who5-youth"], member, who5, "self"

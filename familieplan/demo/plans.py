"""Demo plans: goals in the family's own words, measures with one responsible party each,
and a history spread over the months since the family started."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from familieplan.accounts.models import User
from familieplan.families.models import Domain, Family, Member
from familieplan.partners.models import Partner
from familieplan.plans import queries, services
from familieplan.plans.models import PlanVersion

GOALS = {
    "housing": (
        "Vi vil bo et sted der barna kan bli boende.",
        [("Søke om kommunal bolig", "coordinator"), ("Søke om bostøtte", "service")],
    ),
    "economy": (
        "Vi vil ha oversikt over pengene og betale regningene i tide.",
        [("Lage budsjett sammen", "coordinator"), ("Gå gjennom ubetalte regninger", "member")],
    ),
    "work": (
        "Mor vil ha en jobb eller utdanning.",
        [
            ("Møte med NAV om kvalifiseringsprogrammet", "service"),
            ("Melde seg på norskkurs", "member"),
        ],
    ),
    "health": ("Far vil få hjelp for søvnproblemene.", [("Time hos fastlegen", "member")]),
    "social": (
        "Barna skal ha en fritidsaktivitet de liker.",
        [("Finne fotballag og søke om støtte til kontingent", "coordinator")],
    ),
    "school": (
        "Eldste barn vil klare seg bedre på skolen.",
        [("Avtale leksehjelp", "service"), ("Foreldresamtale med kontaktlærer", "member")],
    ),
}
#: Which kind of service takes each service measure (the health clinic has none: `partner2`).
SERVICE_OF = {
    "Søke om bostøtte": Partner.Kind.NAV_STATE,
    "Møte med NAV om kvalifiseringsprogrammet": Partner.Kind.NAV_STATE,
    "Avtale leksehjelp": Partner.Kind.SCHOOL,
}


def build_plan(family: Family, *, by: User, start: date, today: date, rng: random.Random) -> None:
    """A plan from `start`, with goals, measures and some of them moved along."""
    enrolment = family.enrolments.exclude(status="ended").first() or family.enrolments.first()
    plan = services.plan_create(
        family=family,
        by=by,
        period_start=start,
        period_end=(
            enrolment.planned_end
            if enrolment and enrolment.planned_end
            else start + timedelta(days=5 * 365)
        ),
        participants="Familien, familiekoordinatoren, NAV og skolen.",
        resources="Foreldrene er motiverte og har et godt nettverk i nabolaget.",
        needs="Stabil bolig, oversikt over økonomien og arbeid for de voksne.",
        contributions="Familien møter til avtaler; koordinatoren samler tjenestene.",
        next_review_on=today + timedelta(days=rng.choice([5, 30, 90])),
    )
    adult = family.members.filter(role__in=Member.ADULT_ROLES).first()
    partners = {
        p.kind: p
        for p in Partner.objects.filter(
            municipality_id=family.municipality_id, kind__in=set(SERVICE_OF.values())
        ).order_by("-name")
    }
    domains = {d.code: d for d in Domain.objects.filter(municipality_id=family.municipality_id)}
    moves = []
    for code in rng.sample(sorted(GOALS), 3):
        words, measures = GOALS[code]
        goal = services.goal_add(
            plan=plan, by=by, domain=domains[code], own_words=words, priority=rng.choice([1, 2, 3])
        )
        for what, kind in measures:
            due = start + timedelta(days=rng.randint(30, 500))
            due = min(max(due, start), plan.period_end)
            responsible = {
                "coordinator": {"responsible_user": family.coordinator or by},
                "member": {"responsible_member": adult},
                "service": {"responsible_partner": partners.get(SERVICE_OF.get(what))},
            }[kind]
            measure = services.measure_add(
                goal=goal, by=by, what=what, responsible_kind=kind, due_on=due, **responsible
            )
            if due < today - timedelta(days=30):
                moves.append(measure)
    for measure in moves[: max(len(moves) - 1, 0)]:  # one stays overdue for the counter
        services.measure_move(
            measure=measure, by=by, to="done", expected_version=1, reason="Gjennomført som avtalt."
        )
    if moves:  # its deadline was moved once already, and has now run out again, lately
        late = moves[-1]
        services.measure_update(
            measure=late,
            by=by,
            expected_version=late.version,
            what=late.what,
            # 2–20 days ago, drawn without the shared stream (the families stay the same).
            due_on=max(today - timedelta(days=2 + start.toordinal() % 19), start),
            responsible_kind=late.responsible_kind,
            responsible_user=late.responsible_user,
            responsible_member=late.responsible_member,
            responsible_partner=late.responsible_partner,
            family_part=late.family_part,
        )
    _spread_history(plan, start=start, today=today)
    agreeing = [m for m in queries.agreeing_members(family, on=today) if m.is_adult_role]
    if adult is not None and rng.random() < 0.7 and agreeing:
        _agree(plan, by=by, member=agreeing[0], today=today)


def _agree(plan, *, by: User, member: Member, today: date) -> None:
    """The family agreed to the plan as it now stands, in a meeting a week after that version
    was saved (never before it existed, never after today)."""
    plan.refresh_from_db()
    saved = timezone.localtime(plan.versions.get(number=plan.version).at).date()
    services.plan_agree(
        plan=plan,
        by=by,
        member=member,
        how="meeting",
        agreed_on=min(saved + timedelta(days=7), today),
        expected_version=plan.version,
    )


def _spread_history(plan, *, start: date, today: date) -> None:
    """Date the versions between the start and today, in order (the demo has no past)."""
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
    span = max((today - start).days, 1)
    for index, version in enumerate(versions):
        day = start + timedelta(days=span * index // max(len(versions), 1))
        moment = timezone.make_aware(datetime.combine(day, time(9, 0)))
        PlanVersion.objects.filter(pk=version.pk).update(at=moment)

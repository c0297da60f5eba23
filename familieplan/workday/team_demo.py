"""The demo team lead's team: two more coordinators at Familiesenteret, some families handed
over to them in the last months with a reason, and waiting families given a coordinator, so
that the team page shows a believable spread of caseloads (and a hand-over history on those
families).

The record was written before this step, all by the first coordinator; a hand-over passes it
on from its day, as it would have gone: contacts, notes and time from the hand-over on are the
new coordinator's, and so are the open measures the first coordinator was responsible for and
the meetings from then on they were invited to.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from familieplan.accounts.models import Membership, User
from familieplan.core.models import Unit
from familieplan.core.roles import Role
from familieplan.families import services
from familieplan.families.models import Family
from familieplan.journal.models import Contact, Note, TimeEntry
from familieplan.meetings.models import Participant
from familieplan.plans import services as plan_services
from familieplan.plans.models import Measure, PlanVersion

#: (username, first name, last name): coordinators without a persona of their own.
COLLEAGUES = (
    ("koordinator3", "Marte", "Solberg"),
    ("koordinator4", "Jonas", "Aasen"),
)
REASONS = (
    "Omfordeling i teamet: Yasin har fått for mange familier.",
    "Ny koordinator med samme språk som familien.",
    "Koordinatoren går ut i permisjon; Marte tar over.",
)


def build_team(families, users, today, seed) -> None:
    unit = Unit.objects.filter(municipality__number="9901", name="Familiesenteret").first()
    lead = users.get("leder")
    if unit is None or lead is None:
        return
    password = make_password("demo")
    colleagues = []
    for username, first, last in COLLEAGUES:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.familieplan.local",
                "password": password,
            },
        )
        Membership.objects.get_or_create(
            user=user, municipality=unit.municipality, unit=unit, role=Role.COORDINATOR
        )
        colleagues.append(user)
    rng = random.Random(f"{seed}-team")
    ours = Family.objects.filter(unit=unit).exclude(name="Familien Warsame").order_by("name", "pk")
    # A third of the second coordinator's open families went to the new colleagues.
    handed = [
        f
        for f in ours.filter(coordinator=users.get("koordinator2"), stage__in=("active", "paused"))
        if rng.random() < 0.5
    ]
    for i, family in enumerate(handed):
        current = family.assignments.filter(kind="primary", ended_on__isnull=True).first()
        on = today - timedelta(days=rng.randint(20, 120))
        if current is not None:  # never before the first coordinator started
            on = min(today, max(on, current.started_on + timedelta(days=7)))
        if on.weekday() >= 5 and on + timedelta(days=7 - on.weekday()) <= today:
            on += timedelta(days=7 - on.weekday())  # the Monday after: a working day
        previous, successor = family.coordinator, colleagues[i % len(colleagues)]
        services.family_assign_coordinator(
            family=family,
            coordinator=successor,
            kind="primary",
            by=lead,
            on=on,
            note=rng.choice(REASONS),
        )
        _pass_on(family, previous=previous, successor=successor, on=on)
    # Families on the waiting list already know who will follow them up.
    for i, family in enumerate(ours.filter(stage="waiting", coordinator__isnull=True)):
        services.family_assign_coordinator(
            family=family,
            coordinator=colleagues[i % len(colleagues)],
            kind="primary",
            by=lead,
            on=today - timedelta(days=rng.randint(1, 14)),
            note="Koordinator er valgt mens familien venter på plass.",
        )


def _pass_on(family: Family, *, previous, successor, on: date) -> None:
    """What the previous coordinator would not have done after the hand-over becomes the
    successor's (the demo's record was written before the hand-over was made)."""
    since = timezone.make_aware(datetime.combine(on, time.min))
    # Contacts and notes refuse save() on a stored row; the demo has no past (journal.py).
    Contact.objects.filter(family=family, recorded_by=previous, at__gte=since).update(
        recorded_by=successor
    )
    Note.objects.filter(family=family, author=previous, created_at__gte=since).update(
        author=successor
    )
    TimeEntry.objects.filter(family=family, user=previous, on__gte=on).update(user=successor)
    PlanVersion.objects.filter(plan__family=family, by=previous, at__gte=since).update(by=successor)
    Participant.objects.filter(
        meeting__family=family, meeting__starts_at__gte=since, user=previous
    ).update(user=successor)
    measures = Measure.objects.filter(
        goal__plan__family=family,
        goal__plan__is_current=True,
        responsible_kind=Measure.Responsible.COORDINATOR,
        responsible_user=previous,
    ).order_by("due_on", "pk")
    last = PlanVersion.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for measure in measures:
        if measure.is_final:
            continue
        plan_services.measure_update(
            measure=measure,
            by=successor,
            expected_version=measure.version,
            what=measure.what,
            due_on=measure.due_on,
            responsible_kind=measure.responsible_kind,
            responsible_user=successor,
            family_part=measure.family_part,
        )
    # The plan's versions for it are dated to the first working day after the hand-over
    # (never before the plan's earlier versions, never ahead of now).
    for version in PlanVersion.objects.filter(plan__family=family, pk__gt=last).order_by("pk"):
        earlier = (
            PlanVersion.objects.filter(plan=version.plan, number__lt=version.number)
            .order_by("-number")
            .values_list("at", flat=True)
            .first()
        )
        moment = since + timedelta(hours=9)
        if earlier is not None:
            moment = max(moment, earlier + timedelta(minutes=5))
        PlanVersion.objects.filter(pk=version.pk).update(at=min(moment, timezone.now()))

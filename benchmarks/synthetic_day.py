"""What the coordinator's day reads, added to a generated database (`benchmarks.day_data`).

`generate` builds families, their history and follow-up record but no plans, meetings or
proposals. The start page, the calendar and the notification list read those, so this adds,
for every open (active or paused) family with a coordinator, as the services would have
written them:

- a current plan with two goals and two measures each, due from 45 days ago to 60 days ahead
  (a quarter done, the rest open; responsible the coordinator, a member or a partner service);
- meetings: one held in the last 60 days and one planned in the next 28 (a tenth of those
  cancelled), the coordinator and one adult as participants;
- for every tenth family, a proposal from an adult in the last 14 days, half of them answered.

One `random.Random(seed)` drives everything, so the same seed gives the same rows (dates are
relative to the day of the run). Rows go in with `bulk_create` in batches.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.db import models
from django.utils import timezone

BATCH = 5000


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class DayData:
    def __init__(self, *, seed: int, log: Callable[[str], None] = print) -> None:
        self.rng = random.Random(seed)
        self.log = log
        self.today = timezone.localdate()
        self.pending: dict[type[models.Model], list[models.Model]] = {}

    def add(self, row: models.Model) -> None:
        rows = self.pending.setdefault(type(row), [])
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush(type(row))

    def flush(self, model: type[models.Model] | None = None) -> None:
        for each in [model] if model else list(self.pending):
            rows = self.pending.get(each, [])
            if rows:
                each.objects.bulk_create(rows, batch_size=BATCH)
                rows.clear()

    def at(self, day, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))

    def build(self) -> dict[str, int]:
        from familieplan.families.models import CoordinatorAssignment, Domain, Family, Member
        from familieplan.meetings.models import Meeting, Participant
        from familieplan.partners.models import Partner
        from familieplan.plans.models import FamilyPlan, Goal, Measure
        from familieplan.portal.models import Proposal

        rng = self.rng
        coordinator_of = dict(
            CoordinatorAssignment.objects.filter(
                kind=CoordinatorAssignment.Kind.PRIMARY, ended_on__isnull=True
            ).values_list("family_id", "coordinator_id")
        )
        adult_of: dict = {}
        for family_id, member_id in (
            Member.objects.filter(role__in=Member.ADULT_ROLES)
            .order_by("family_id", "id")
            .values_list("family_id", "id")
            .iterator(chunk_size=20000)
        ):
            adult_of.setdefault(family_id, member_id)
        domains: dict = {}
        for municipality_id, domain_id in Domain.objects.values_list("municipality_id", "id"):
            domains.setdefault(municipality_id, []).append(domain_id)
        partners: dict = {}
        for municipality_id, partner_id in Partner.objects.values_list("municipality_id", "id"):
            partners.setdefault(municipality_id, []).append(partner_id)

        counts = {"plans": 0, "measures": 0, "meetings": 0, "proposals": 0}
        now = timezone.now()
        families = (
            Family.objects.filter(stage__in=[Family.Stage.ACTIVE, Family.Stage.PAUSED])
            .order_by("id")
            .values_list("id", "municipality_id")
        )
        for family_id, municipality_id in families.iterator(chunk_size=20000):
            coordinator = coordinator_of.get(family_id)
            adult = adult_of.get(family_id)
            if coordinator is None or adult is None:
                continue
            plan = FamilyPlan(
                id=_uuid(rng),
                municipality_id=municipality_id,
                family_id=family_id,
                period_start=self.today - timedelta(days=rng.randint(30, 700)),
                period_end=self.today + timedelta(days=rng.randint(60, 400)),
                next_review_on=self.today + timedelta(days=rng.randint(-10, 120)),
                version=1,
            )
            self.add(plan)
            counts["plans"] += 1
            for _ in range(2):
                goal = Goal(
                    id=_uuid(rng),
                    municipality_id=municipality_id,
                    plan_id=plan.id,
                    domain_id=rng.choice(domains[municipality_id]),
                    own_words="Vi vil få en tryggere hverdag",
                )
                self.add(goal)
                for _ in range(2):
                    kind = rng.choice(["coordinator", "member", "service"])
                    done = rng.random() < 0.25
                    due = self.today + timedelta(days=rng.randint(-45, 60))
                    measure = Measure(
                        id=_uuid(rng),
                        municipality_id=municipality_id,
                        goal_id=goal.id,
                        what="Søke om støtte til fritidsaktivitet",
                        responsible_kind=kind,
                        responsible_user_id=coordinator if kind == "coordinator" else None,
                        responsible_member_id=adult if kind == "member" else None,
                        responsible_partner_id=(
                            rng.choice(partners[municipality_id]) if kind == "service" else None
                        ),
                        due_on=due,
                        status=Measure.Status.DONE if done else Measure.Status.PLANNED,
                        closed_on=min(due, self.today) if done else None,
                        closing_reason="Gjennomført" if done else "",
                    )
                    if kind == "service" and not partners.get(municipality_id):
                        continue
                    self.add(measure)
                    counts["measures"] += 1
            for held in (True, False):
                day = self.today + timedelta(
                    days=-rng.randint(1, 60) if held else rng.randint(0, 28)
                )
                starts = self.at(day, rng.randint(8, 15))
                cancelled = not held and rng.random() < 0.1
                meeting = Meeting(
                    id=_uuid(rng),
                    municipality_id=municipality_id,
                    family_id=family_id,
                    kind=rng.choice(list(Meeting.Kind.values)),
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                    place="Familiens hjem",
                    status=(
                        Meeting.Status.HELD
                        if held
                        else Meeting.Status.CANCELLED
                        if cancelled
                        else Meeting.Status.PLANNED
                    ),
                    created_by_id=coordinator,
                )
                self.add(meeting)
                counts["meetings"] += 1
                self.add(
                    Participant(
                        id=_uuid(rng),
                        municipality_id=municipality_id,
                        meeting_id=meeting.id,
                        kind=Participant.Kind.STAFF,
                        user_id=coordinator,
                    )
                )
                self.add(
                    Participant(
                        id=_uuid(rng),
                        municipality_id=municipality_id,
                        meeting_id=meeting.id,
                        kind=Participant.Kind.MEMBER,
                        member_id=adult,
                    )
                )
            if rng.random() < 0.1:
                answered = rng.random() < 0.5
                self.add(
                    Proposal(
                        id=_uuid(rng),
                        municipality_id=municipality_id,
                        family_id=family_id,
                        kind=Proposal.Kind.NEW_GOAL,
                        by_id=adult,
                        domain_id=rng.choice(domains[municipality_id]),
                        text="Vi ønsker at barna får være med på fotball",
                        answer="Vi tar det opp på neste møte" if answered else "",
                        answered_at=now if answered else None,
                        answered_by_id=coordinator if answered else None,
                    )
                )
                counts["proposals"] += 1
        # Parents before children: bulk_create per model in dependency order.
        for model in (FamilyPlan, Goal, Measure, Meeting, Participant, Proposal):
            self.flush(model)
        return counts

"""The demo's notifications: each demo coordinator and the team lead find a few recent ones on
their families — the newest unread, the older ones read — beside those the demo's own events
(withdrawn consents, released minutes) made through the services. No email is sent."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from familieplan.families.models import Family
from familieplan.notifications.models import Notification

K = Notification.Kind
#: What a coordinator's week brings, per family (kind, days ago, hour).
COORDINATOR_EVENTS = [
    [(K.FAMILY_PROPOSAL, 0, 9), (K.PARTNER_COMMENT, 3, 14)],
    [(K.PARTNER_MEASURE, 1, 11), (K.FAMILY_COMMENT, 6, 19)],
    [(K.MINUTES_RELEASED, 2, 15)],
    [(K.EMAIL_BOUNCED, 0, 8), (K.FAMILY_PROPOSAL, 12, 20)],
]
#: The team lead: families in the unit where something needs a lead's eye.
LEAD_EVENTS = [[(K.CONSENT_WITHDRAWN, 1, 10)], [(K.EMAIL_BOUNCED, 4, 9)]]
#: Older than this (days) is read already.
READ_AFTER = 2


def _at(today, days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(today - timedelta(days=days), time(hour, 5)))


def _rows(user, families, events, today, rng) -> list[Notification]:
    rows = []
    for family, plan in zip(families, events, strict=False):
        for kind, days, hour in plan:
            created = _at(today, days, hour) + timedelta(minutes=rng.randint(0, 50))
            rows.append(
                Notification(
                    municipality_id=family.municipality_id,
                    recipient=user,
                    family=family,
                    kind=kind,
                    url=reverse("families:detail", args=[family.pk]),
                    created_at=created,
                    read_at=created + timedelta(hours=3) if days >= READ_AFTER else None,
                )
            )
    return rows


def build_demo(families, users, today, seed) -> None:
    rng = random.Random(f"{seed}-notifications")
    ids = [f.pk for f in families]
    closed_stages = [Family.Stage.ENDED, Family.Stage.NOT_INCLUDED]
    rows = []
    for username in ("koordinator", "koordinator2", "koordinator-b"):
        user = users.get(username)
        if user is None:
            continue
        theirs = list(
            Family.objects.filter(pk__in=ids, coordinator=user)
            .exclude(stage__in=closed_stages)
            .order_by("name", "pk")[: len(COORDINATOR_EVENTS)]
        )
        rows += _rows(user, theirs, COORDINATOR_EVENTS, today, rng)
    lead = users.get("leder")
    if lead is not None:
        unit_ids = lead.unit_ids()
        theirs = list(
            Family.objects.filter(pk__in=ids, unit_id__in=unit_ids)
            .exclude(stage__in=closed_stages)
            .exclude(coordinator=lead)
            .order_by("-name", "pk")[: len(LEAD_EVENTS)]
        )
        rows += _rows(lead, theirs, LEAD_EVENTS, today, rng)
    Notification.objects.bulk_create(rows)

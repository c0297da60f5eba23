"""Latency and SQL queries of the notification list (/notifications/) and of the bell in the
page header, on a generated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.notifications --explain 2

`benchmarks.generate` makes no notifications, so the first run adds them (`add_notifications`,
seeded, once per database): for every open (active or paused) family with a coordinator,
3–9 notifications of the last 90 days to its coordinator and to its co-coordinator where it
has one (kinds as a coordinator's weeks bring them; those older than a week read, most of the
newer ones left unread), plus 120 to the whole-municipality team lead persona across its
municipality's families, and 200 older than 90 days that the list must not show. Then, for the
coordinator and the whole-municipality team lead of `benchmarks.caseload`:

- the list, its first page and its second, through the whole middleware stack (`measure.py`:
  3 warm-up and 50 timed requests, one more with its SQL captured);
- the bell alone: its context (`notifications.extension.bell`, one COUNT) timed the same way
  outside a request, and a small page that carries it (the email choices).

Prints a Markdown table and writes it to benchmarks/results/notifications-<size>.md.
"""

from __future__ import annotations

import os
import random
import statistics
import time
import uuid
from datetime import timedelta

from benchmarks.runtime import arguments, setup_django

BATCH = 5000
SEED = "notifications"
WARMUP = 3
RUNS = 50


def add_notifications(seed: int = 1, *, log=print) -> int:
    """Add the benchmark's notifications unless the database has some; returns how many."""
    from django.db import transaction
    from django.utils import timezone

    from familieplan.families.models import Family
    from familieplan.notifications.models import Notification

    if Notification.objects.exists():
        return 0
    rng = random.Random(f"{seed}-{SEED}")
    kinds = [
        (Notification.Kind.FAMILY_PROPOSAL, 3),
        (Notification.Kind.FAMILY_COMMENT, 4),
        (Notification.Kind.PARTNER_MEASURE, 5),
        (Notification.Kind.PARTNER_COMMENT, 3),
        (Notification.Kind.MINUTES_RELEASED, 3),
        (Notification.Kind.CONSENT_WITHDRAWN, 1),
        (Notification.Kind.EMAIL_BOUNCED, 1),
        (Notification.Kind.HANDOVER, 1),
    ]
    pool = [kind for kind, weight in kinds for _ in range(weight)]
    now = timezone.now()
    rows: list = []
    added = 0

    def add(family_id, municipality_id, recipient_id, *, days: float) -> None:
        nonlocal added
        created = now - timedelta(days=days)
        rows.append(
            Notification(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                municipality_id=municipality_id,
                recipient_id=recipient_id,
                family_id=family_id,
                kind=rng.choice(pool),
                url=f"/families/{family_id}/",
                created_at=created,
                read_at=created + timedelta(hours=rng.uniform(0.2, 30))
                if days > 7 or rng.random() < 0.4
                else None,
            )
        )
        added += 1
        if len(rows) >= BATCH:
            Notification.objects.bulk_create(rows, batch_size=BATCH)
            rows.clear()

    families = (
        Family.objects.filter(
            stage__in=[Family.Stage.ACTIVE, Family.Stage.PAUSED], coordinator__isnull=False
        )
        .order_by("id")
        .values_list("id", "municipality_id", "coordinator_id", "co_coordinator_id")
    )
    started = time.perf_counter()
    with transaction.atomic():
        for family_id, municipality_id, coordinator_id, co_id in families.iterator(20000):
            for recipient_id in (coordinator_id, co_id):
                if recipient_id is None:
                    continue
                for _ in range(rng.randint(3, 9)):
                    add(family_id, municipality_id, recipient_id, days=rng.uniform(0, 89.9))
        lead = _lead()
        if lead is not None:
            theirs = list(
                Family.objects.visible_to(lead)
                .order_by("id")
                .values_list("id", "municipality_id")[:2000]
            )
            for family_id, municipality_id in rng.sample(theirs, min(120, len(theirs))):
                add(family_id, municipality_id, lead.pk, days=rng.uniform(0, 89.9))
        for family_id, municipality_id, coordinator_id, _co in families[:200]:
            add(family_id, municipality_id, coordinator_id, days=rng.uniform(91, 200))
        Notification.objects.bulk_create(rows, batch_size=BATCH)
    log(f"{added:,} notifications added in {time.perf_counter() - started:.0f} s")
    return added


def _lead():
    """The whole-municipality team lead persona of `benchmarks.personas` (created if absent)."""
    from benchmarks.personas import pick_personas

    return pick_personas()[-1].user


def _time_bell(user) -> tuple[float, float, int]:
    """(median ms, p95 ms, queries) of the bell's context for `user`, outside a request."""
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from familieplan.notifications.extension import bell

    request = RequestFactory().get("/")
    request.user = user
    user.role_codes()  # the memberships every page reads already (cached on the user)
    for _ in range(WARMUP):
        bell(request)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        bell(request)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        bell(request)
    p95 = statistics.quantiles(times, n=100, method="inclusive")[94]
    return statistics.median(times) * 1000, p95 * 1000, len(captured)


REQUESTS = (
    ("list, first page", "/notifications/"),
    ("list, second page", "/notifications/?page=2"),
    ("a small page with the bell (email choices)", "/notifications/email/"),
)


def main(argv: list[str] | None = None) -> None:
    seed = ("--seed", {"type": int, "default": 1, "help": "seed of the added notifications"})
    args = arguments(__doc__, argv, seed)
    setup_django()
    from django.db import connection

    from benchmarks.measure import measure_requests, report, size_label
    from benchmarks.personas import pick_personas
    from familieplan.families.models import Family
    from familieplan.notifications.models import Notification

    add_notifications(args.seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE notifications_notification")
    load_before = os.getloadavg()[0]
    family_count = Family.objects.count()
    personas = pick_personas()
    measurements, bells = [], []
    for persona in (personas[0], personas[-1]):
        user = persona.user
        shown = Notification.objects.visible_to(user)
        unread = shown.unread().count()
        label = f"{persona.label}, {shown.count():,} notifications ({unread} unread)"
        measurements += measure_requests(user, label, REQUESTS)
        median, p95, queries = _time_bell(user)
        bells.append(f"| {label} | bell context alone | {median:.2f} | {p95:.2f} | {queries} |")
    bell_table = "\n".join(
        [
            "| persona | what | median ms | p95 ms | queries |",
            "|---|---|---:|---:|---:|",
            *bells,
        ]
    )
    size = size_label(family_count)
    report(
        f"notifications-{size}",
        f"Notification list and bell at {size}",
        measurements,
        family_count=family_count,
        load_before=load_before,
        explain_slowest=args.explain,
        extra=f", {Notification.objects.count():,} notifications",
        sections=[bell_table],
    )


if __name__ == "__main__":
    main()

"""Latency and SQL queries of the staff calendar (/meetings/calendar/) and the personal
calendar feed on a generated database with the coordinator's day added.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.day_data --seed 1     # once: plans and meetings
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.calendar --explain 3

`generate` makes no meetings; `day_data` adds one held in the last 60 days and one planned in
the next 28 for every open family with a coordinator (a tenth cancelled). Measured for the
coordinator persona and the whole-municipality team lead of the biggest municipality
(benchmarks/personas.py): the week view (this week and next; the page without a view, which
also holds the week's list for phones), the month view, and for the lead the week filtered to
the coordinator persona. The coordinator's feed (/meetings/feed/<token>.ics, 30 days back to
a year ahead) is fetched without login, as a calendar program does: its subscription is made
for the run and revoked afterwards. Measured as benchmarks/caseload.py does
(benchmarks/measure.py): the test Client with every middleware, 3 warm-up and 50 timed
requests, median and p95, queries and SQL time of one more request. Prints a Markdown table,
writes it to benchmarks/results/calendar-<size>.md, and shows EXPLAIN (ANALYZE, BUFFERS) for
the slowest query of the N slowest requests.

Each request writes its access-log rows (the families shown; one row per feed fetch), as in
production.
"""

from __future__ import annotations

import os
from datetime import timedelta
from urllib.parse import urlencode

from django.test import Client

from benchmarks.runtime import arguments, setup_django

URL = "/meetings/calendar/"


def requests_for(persona, *, lead: bool, coordinator_id: int | None, today) -> list:
    """(label, path) of the calendar requests for one persona."""
    next_week = (today + timedelta(days=7)).isoformat()
    found = [
        ("week, this week (page as it opens)", URL),
        ("week view, this week", URL + "?view=week"),
        ("week view, next week", URL + "?" + urlencode({"view": "week", "date": next_week})),
        ("month view, this month", URL + "?view=month"),
        ("list, this week", URL + "?view=list"),
    ]
    if lead and coordinator_id is not None:
        query = urlencode({"view": "week", "coordinator": coordinator_id})
        found.append(("week view, one coordinator", URL + "?" + query))
    return found


def main(argv: list[str] | None = None) -> None:
    args = arguments(__doc__, argv)
    setup_django()

    from django.utils import timezone

    from benchmarks.measure import measure_requests, report, size_label
    from benchmarks.personas import pick_personas
    from familieplan.families.models import Family
    from familieplan.meetings import feed
    from familieplan.meetings.models import Meeting

    if not Meeting.objects.exists():
        raise SystemExit("No meetings: run `python -m benchmarks.day_data` first.")
    load_before = os.getloadavg()[0]
    family_count = Family.objects.count()
    today = timezone.localdate()
    personas = pick_personas()
    coordinator, lead = personas[0], personas[2]
    measurements = []
    for persona, is_lead in ((coordinator, False), (lead, True)):
        label = f"{persona.label}, sees {persona.visible:,}"
        requests = requests_for(
            persona, lead=is_lead, coordinator_id=coordinator.user.pk, today=today
        )
        measurements += measure_requests(persona.user, label, requests)

    token = feed.feed_create(user=coordinator.user)
    try:
        label = f"{coordinator.label}, calendar program"
        path = f"/meetings/feed/{token}.ics"
        feed_request = [("feed, 30 days back to a year ahead", path)]
        measurements += measure_requests(None, label, feed_request, Client())
    finally:
        feed.feed_revoke(user=coordinator.user)

    size = size_label(family_count)
    meetings = Meeting.objects.count()
    report(
        f"calendar-{size}",
        f"Calendar at {size}",
        measurements,
        family_count=family_count,
        load_before=load_before,
        explain_slowest=args.explain,
        extra=f", {meetings:,} meetings",
    )


if __name__ == "__main__":
    main()

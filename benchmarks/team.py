"""Latency and SQL queries of the team lead's view (/day/team/) on a generated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.team

The personas of `caseload` that lead a team: the team lead of the biggest unit and the
whole-municipality team lead of the biggest municipality (created if the data has none). For
each: the team page (every coordinator's families and counters in one grouped aggregate), the
caseload filtered by the busiest coordinator of the team (as the team page's numbers link to
it: all, stage=active, needs=no_contact) and that coordinator's hand-over page (their open
families with checkboxes). Real requests through the whole middleware stack, as
`benchmarks/measure.py` times them (3 warm-up, 50 timed, one with its SQL captured). Prints a
Markdown table, writes it to benchmarks/results/team-<size>.md and shows EXPLAIN (ANALYZE,
BUFFERS) of the slowest query of the slowest request(s). The query count is the same at 1k
and 100k families (tests/workday/test_team.py checks it at two sizes).
"""

from __future__ import annotations

import os

from benchmarks.runtime import arguments, setup_django

TEAM_URL = "/day/team/"
CASELOAD_URL = "/families/"


def busiest_coordinator(lead):
    """The coordinator of the lead's team with the most families (None without any)."""
    from django.db.models import Count

    from familieplan.families import queries

    row = (
        queries.led_families(lead)
        .filter(coordinator__isnull=False)
        .values("coordinator_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "coordinator_id")
        .first()
    )
    return (row["coordinator_id"], row["n"]) if row else (None, 0)


def requests_for(lead) -> list[tuple[str, str]]:
    coordinator, families = busiest_coordinator(lead)
    requests = [("team page", TEAM_URL)]
    if coordinator is not None:
        base = f"{CASELOAD_URL}?scope=all&coordinator={coordinator}"
        requests += [
            (f"caseload by coordinator ({families} families)", base),
            ("caseload by coordinator, stage=active", base + "&stage=active"),
            ("caseload by coordinator, needs=no_contact", base + "&needs=no_contact"),
            ("hand-over page of that coordinator", f"{TEAM_URL}{coordinator}/"),
        ]
    return requests


def main(argv: list[str] | None = None) -> None:
    args = arguments(__doc__, argv)
    setup_django()

    from benchmarks.measure import measure_requests, report, size_label
    from benchmarks.personas import pick_personas
    from familieplan.core.roles import Role
    from familieplan.families.models import Family

    load_before = os.getloadavg()[0]
    family_count = Family.objects.count()
    measurements = []
    leads = [p for p in pick_personas() if Role.TEAM_LEAD in p.user.role_codes()]
    for persona in leads:
        label = f"{persona.label}, sees {persona.visible:,}"
        measurements += measure_requests(persona.user, label, requests_for(persona.user))

    size = size_label(family_count)
    report(
        f"team-{size}",
        f"Team lead's view at {size}",
        measurements,
        family_count=family_count,
        load_before=load_before,
        explain_slowest=args.explain,
    )


if __name__ == "__main__":
    main()

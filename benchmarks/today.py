"""Latency and SQL queries of the start page's "I dag" (/) on a generated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.today --explain 3

Needs `benchmarks.generate` and then `benchmarks.day_data` (plans, measures, meetings and
proposals, which the blocks read). The personas of the caseload benchmark: a coordinator with
a median caseload in the biggest unit, that unit's team lead and the whole-municipality team
lead of the biggest municipality. Each opens the start page (a coordinator their own
families, a lead the team's); a persona with both roles also `?day=team`. Real requests
through the whole middleware stack (`measure.py`: 3 warm-up, 50 timed, one captured). The
page reads one query per day block, so the query count is the same at every size: the report
gives it beside the time, and the lines and totals each block found (the blocks are the
registered ones, `core.extensions.day_blocks()`).
"""

from __future__ import annotations

import os

from django.test import Client

from benchmarks.runtime import arguments, setup_django

URL = "/"


def main(argv: list[str] | None = None) -> None:
    args = arguments(__doc__, argv)
    setup_django()

    from benchmarks.measure import measure_requests, report, size_label
    from benchmarks.personas import pick_personas
    from familieplan.core.roles import Role
    from familieplan.families.models import Family
    from familieplan.plans.models import Measure

    if not Measure.objects.exists():
        raise SystemExit("No plans: run `python -m benchmarks.day_data` after generate.")
    load_before = os.getloadavg()[0]
    family_count = Family.objects.count()
    measurements, found = [], []
    for persona in pick_personas():
        label = f"{persona.label}, sees {persona.visible:,}"
        client = Client()
        client.force_login(persona.user)
        roles = persona.user.role_codes()
        requests = [("start page", URL)]
        if {Role.COORDINATOR, Role.TEAM_LEAD} <= roles:
            requests.append(("start page, the team", URL + "?day=team"))
        measurements += measure_requests(persona.user, label, requests, client)
        found += [f"| {label} | {req} | {_blocks(client, path)} |" for req, path in requests]

    size = size_label(family_count)
    report(
        f"today-{size}",
        f"Start page (I dag) at {size}",
        measurements,
        family_count=family_count,
        load_before=load_before,
        explain_slowest=args.explain,
        sections=[
            "| persona | request | lines shown / total per block |\n|---|---|---|\n"
            + "\n".join(found)
        ],
    )


def _blocks(client, path: str) -> str:
    """What each block showed: `key lines/total`, from the page's own context."""
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()  # the test Client keeps the template context only then
    try:
        response = client.get(path)
    finally:
        teardown_test_environment()
    for section in response.context["sections"] if response.context else []:
        if section["template"] == "workday/_today.html":
            return ", ".join(
                f"{b['key']} {len(b['lines'])}/{b['total']}" for b in section["context"]["blocks"]
            )
    return "no I dag section"


if __name__ == "__main__":
    main()

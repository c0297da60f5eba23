"""Latency and SQL queries of the caseload overview (/families/) on a generated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.caseload

Real requests through the whole middleware stack (Django's test Client, force_login, DEBUG
off). Per request: 3 warm-up requests, 50 timed ones (perf_counter around client.get), then
one more with its SQL captured. Prints a Markdown table, writes it to
benchmarks/results/caseload-<size>.md, and shows EXPLAIN (ANALYZE, BUFFERS) for the slowest
query of the slowest request(s).
"""

from __future__ import annotations

import math
import os

from django.test import Client

from benchmarks.runtime import arguments, setup_django

PAGE_SIZE = 25  # as in familieplan/families/views/caseload.py
URL = "/families/"


def requests_for(persona) -> list[tuple[str, str]]:
    last_page = max(1, math.ceil(persona.visible / PAGE_SIZE))
    return [
        ("default view", ""),
        ("filter stage=active", "?stage=active"),
        ("filter needs=no_contact", "?needs=no_contact"),
        ("sort -last_activity", "?sort=-last_activity"),
        (f"scope=all, last page ({last_page})", f"?scope=all&page={last_page}"),
        (f"search q={persona.surname}", f"?q={persona.surname}"),
    ]


def main(argv: list[str] | None = None) -> None:
    args = arguments(__doc__, argv)
    setup_django()

    from benchmarks.measure import (  # these need the app registry
        environment,
        explain,
        measure,
        size_label,
        table,
        write_report,
    )
    from benchmarks.personas import pick_personas
    from familieplan.families.models import Family

    load_before = os.getloadavg()[0]
    family_count = Family.objects.count()
    measurements = []
    for persona in pick_personas():
        label = f"{persona.label}, sees {persona.visible:,}"
        client = Client()
        client.force_login(persona.user)
        for request, query in requests_for(persona):
            measurements.append(measure(client, label, request, URL + query))
            print(f"  {label}: {request}: p95 {measurements[-1].p95_ms:.1f} ms", flush=True)

    size = size_label(family_count)
    slowest = sorted(measurements, key=lambda m: m.p95_ms, reverse=True)[: args.explain]
    write_report(
        f"caseload-{size}",
        f"Caseload overview at {size}",
        [
            environment(family_count, load_before),
            table(measurements),
            *(f"```\n{explain(m)}\n```" for m in slowest),
        ],
    )


if __name__ == "__main__":
    main()

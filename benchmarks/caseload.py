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

import argparse
import math
import os
import platform
import statistics
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django import get_version
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.runtime import setup_django

WARMUP = 3
RUNS = 50
PAGE_SIZE = 25  # as in familieplan/families/views/caseload.py
URL = "/families/"
RESULTS = Path(__file__).resolve().parent / "results"
ROOT = RESULTS.parent.parent


@dataclass
class Measurement:
    persona: str
    request: str
    median_ms: float
    p95_ms: float
    queries: int
    sql_ms: float  # all statements of one request (BEGIN/COMMIT are not timed)
    slowest_query: tuple[float, str, tuple]  # (seconds, sql, params)


class QueryTimer:
    """Execute wrapper recording every query with its own duration."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql, params))


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


def measure(client, persona: str, request: str, query: str) -> Measurement:
    def get():
        response = client.get(URL + query)
        if response.status_code != 200:
            raise SystemExit(f"{persona} {URL}{query}: HTTP {response.status_code}")

    for _ in range(WARMUP):
        get()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        get()
        times.append(time.perf_counter() - started)
    timer = QueryTimer()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        get()
    return Measurement(
        persona=persona,
        request=request,
        median_ms=statistics.median(times) * 1000,
        p95_ms=statistics.quantiles(times, n=100, method="inclusive")[94] * 1000,
        queries=len(captured),
        sql_ms=sum(q[0] for q in timer.queries) * 1000,
        slowest_query=max(timer.queries, key=lambda q: q[0]),
    )


def app_version() -> str:
    """The commit measured, flagged when the app has uncommitted changes."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "familieplan")
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"commit {head}" + (" + uncommitted app changes" if dirty else "")


def environment(family_count: int, load_before: float) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        database = cursor.fetchone()[0] if connection.vendor == "postgresql" else "SQLite"
    return (
        f"{family_count:,} families · {datetime.now():%Y-%m-%d %H:%M} · {app_version()} · "
        f"{database.split(' on ')[0]} · Django {get_version()} · Python "
        f"{platform.python_version()} · {os.cpu_count()} cores ({platform.machine()}) · "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after\n"
        f"{WARMUP} warm-up + {RUNS} timed requests each; server time through the test Client "
        f"(all middleware, template rendering), DEBUG off. Queries and SQL ms: one more "
        f"request, captured (SQL ms sums the statements; BEGIN/COMMIT are counted, not timed)."
    )


def table(measurements: list[Measurement]) -> str:
    lines = [
        "| persona | request | median ms | p95 ms | queries | SQL ms |",
        "|---|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {m.persona} | {m.request} | {m.median_ms:.1f} | {m.p95_ms:.1f} | {m.queries} "
        f"| {m.sql_ms:.1f} |"
        for m in measurements
    ]
    return "\n".join(lines)


def explain(measurement: Measurement) -> str:
    seconds, sql, params = measurement.slowest_query
    heading = (
        f"Slowest query ({seconds * 1000:.1f} ms) of «{measurement.persona} – "
        f"{measurement.request}» (p95 {measurement.p95_ms:.1f} ms):\n\n{sql}\n"
    )
    if connection.vendor != "postgresql":
        return heading + "\n(EXPLAIN ANALYZE needs PostgreSQL.)"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return f"{heading}\n{plan}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--explain",
        type=int,
        default=1,
        metavar="N",
        help="show the plan of the slowest query of the N slowest requests (default 1)",
    )
    args = parser.parse_args(argv)
    setup_django()

    from benchmarks.personas import pick_personas  # these need the app registry
    from familieplan.families.models import Family

    load_before = os.getloadavg()[0]
    family_count = Family.objects.count()
    measurements = []
    for persona in pick_personas():
        label = f"{persona.label}, sees {persona.visible:,}"
        client = Client()
        client.force_login(persona.user)
        for request, query in requests_for(persona):
            measurements.append(measure(client, label, request, query))
            print(f"  {label}: {request}: p95 {measurements[-1].p95_ms:.1f} ms", flush=True)

    size = f"{family_count // 1000}k" if family_count % 1000 == 0 else str(family_count)
    slowest = sorted(measurements, key=lambda m: m.p95_ms, reverse=True)[: args.explain]
    report = "\n\n".join(
        [
            f"# Caseload overview at {size}",
            environment(family_count, load_before),
            table(measurements),
            *(f"```\n{explain(m)}\n```" for m in slowest),
        ]
    )
    print(report)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"caseload-{size}.md"
    path.write_text(report + "\n")
    print(f"\nWritten to {path}")


if __name__ == "__main__":
    main()

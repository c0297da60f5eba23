"""Measuring requests through Django's test Client, shared by the benchmark entry points.

Import only after `django.setup()` (see benchmarks/runtime.py).

Per request: 3 warm-up requests, 50 timed ones (perf_counter around client.get), then one more
with its SQL captured (number of queries with CaptureQueriesContext, BEGIN/COMMIT included;
each statement's time through an execute wrapper, BEGIN/COMMIT not timed).
"""

from __future__ import annotations

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
from django.test.utils import CaptureQueriesContext

WARMUP = 3
RUNS = 50
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


def measure(client, persona: str, request: str, path: str) -> Measurement:
    """Time GET `path` (RUNS times after WARMUP) and capture the SQL of one more request."""

    def get():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{persona} {path}: HTTP {response.status_code}")

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


def environment(family_count: int, load_before: float, extra: str = "") -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        database = cursor.fetchone()[0] if connection.vendor == "postgresql" else "SQLite"
    return (
        f"{family_count:,} families{extra} · {datetime.now():%Y-%m-%d %H:%M} · {app_version()} · "
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


def size_label(family_count: int) -> str:
    return f"{family_count // 1000}k" if family_count % 1000 == 0 else str(family_count)


def write_report(name: str, title: str, sections: list[str]) -> None:
    """Print the report and write it to results/<name>.md."""
    report = "\n\n".join([f"# {title}", *sections])
    print(report)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.md"
    path.write_text(report + "\n")
    print(f"\nWritten to {path}")


def measure_requests(user, label: str, requests, client=None) -> list[Measurement]:
    """`measure` each (request, path) of `requests` as `user` logged in, printing each p95."""
    from django.test import Client

    if client is None:
        client = Client()
        client.force_login(user)
    found = []
    for request, path in requests:
        found.append(measure(client, label, request, path))
        print(f"  {label}: {request}: p95 {found[-1].p95_ms:.1f} ms", flush=True)
    return found


def report(
    name: str,
    title: str,
    measurements: list[Measurement],
    *,
    family_count: int,
    load_before: float,
    explain_slowest: int,
    extra: str = "",
    sections=(),
) -> None:
    """Write results/<name>.md: the environment, the table, `sections`, and the plans of the
    `explain_slowest` slowest requests."""
    slowest = sorted(measurements, key=lambda m: m.p95_ms, reverse=True)[:explain_slowest]
    write_report(
        name,
        title,
        [
            environment(family_count, load_before, extra),
            table(measurements),
            *sections,
            *(f"```\n{explain(m)}\n```" for m in slowest),
        ],
    )

"""Time and SQL queries of the daily reminder digest's collection on a generated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.digest

`reminders.digest.collect(today)` counts every digest counter (the caseload's own conditions)
per coordinator and co-coordinator over the whole country. 1 warm-up run, 7 timed ones, one
more with its SQL captured. Prints a Markdown table and writes it to
benchmarks/results/digest-<size>.md.
"""

from __future__ import annotations

import statistics
import time

from benchmarks.runtime import setup_django

WARMUP = 1
RUNS = 7


def main() -> None:
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from benchmarks.measure import RESULTS
    from familieplan.families.models import Family
    from familieplan.reminders.digest import collect, digest_counters

    today = timezone.localdate()
    for _ in range(WARMUP):
        collect(today)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        digests = collect(today)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        collect(today)
    sql_ms = sum(float(q["time"]) * 1000 for q in captured.captured_queries)
    families = Family.objects.count()
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    people = sum(1 for d in digests.values() if not d.empty)
    rows = [
        "| families | counters | people with a digest | median ms | p95 ms | queries | SQL ms |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {families} | {len(digest_counters())} | {people} | {statistics.median(times):.0f} "
        f"| {p95:.0f} | {len(captured.captured_queries)} | {sql_ms:.0f} |",
    ]
    table = "\n".join(rows)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    size = f"{round(families / 1000)}k" if families >= 1000 else str(families)
    (RESULTS / f"digest-{size}.md").write_text(table + "\n")


if __name__ == "__main__":
    main()

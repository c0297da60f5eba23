"""Add what the coordinator's day reads (plans, meetings, proposals) to a generated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.day_data --seed 1

Run once after `benchmarks.generate` (refuses a database that already holds plans), then the
start page, calendar and notification benchmarks. Ends with VACUUM ANALYZE.
"""

from __future__ import annotations

import argparse
import time

from django.db import connection, transaction

from benchmarks.runtime import setup_django


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1, help="seed for every random choice")
    args = parser.parse_args(argv)
    setup_django()
    from django.core.management import call_command

    from benchmarks.synthetic_day import DayData
    from familieplan.plans.models import FamilyPlan

    call_command("migrate", interactive=False, verbosity=0)
    if FamilyPlan.objects.exists():
        raise SystemExit("The database already holds plans; run this once per database.")
    started = time.perf_counter()
    with transaction.atomic():
        counts = DayData(seed=args.seed).build()
    loaded = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        ", ".join(f"{n:,} {what}" for what, n in counts.items())
        + f" in {loaded - started:.0f} s, analyze {time.perf_counter() - loaded:.0f} s"
    )


if __name__ == "__main__":
    main()

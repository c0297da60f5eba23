"""Fill a fresh database with national-scale synthetic data for the benchmarks.

    createdb -h 127.0.0.1 -U postgres fp_bench_100k
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.generate --families 100000 --seed 1

Migrates the database, refuses one that already holds municipalities, loads everything in one
transaction and finishes with VACUUM ANALYZE so the planner sees the real distribution.
"""

from __future__ import annotations

import argparse
import time

from django.core.management import call_command
from django.db import connection, transaction

from benchmarks.runtime import setup_django


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=1000, help="number of families")
    parser.add_argument("--seed", type=int, default=1, help="seed for every random choice")
    args = parser.parse_args(argv)
    if args.families < 1:
        parser.error("--families must be at least 1")
    setup_django()

    from benchmarks import synthetic  # these need the app registry
    from benchmarks.synthetic_mapping import link_baselines
    from familieplan.core.models import Municipality

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if Municipality.objects.exists():
        raise SystemExit("The database already holds municipalities; use a fresh database.")
    migrated = time.perf_counter()
    with transaction.atomic():
        synthetic.Generator(families=args.families, seed=args.seed).build()
        link_baselines()
    loaded = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
    done = time.perf_counter()

    print(f"{args.families} families (seed {args.seed}) on {connection.vendor}")
    print(
        f"  migrate {migrated - started:.1f} s, generate and load {loaded - migrated:.1f} s, "
        f"vacuum/analyze {done - loaded:.1f} s, total {done - started:.1f} s"
    )
    for model in synthetic.COUNTED:
        print(f"  {model._meta.db_table:<34} {model.objects.count():>10,}")


if __name__ == "__main__":
    main()

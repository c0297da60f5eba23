"""Django set-up shared by the benchmark scripts."""

from __future__ import annotations

import argparse
import os
import sys

import django


def setup_django() -> None:
    """Configure Django for a benchmark run against the database in DATABASE_URL.

    DATABASE_URL is required, so a run never touches the development database by accident.
    DEBUG is forced off (production behaviour, no debug query log outside explicit capture).
    """
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL (for example postgres://postgres@127.0.0.1:5432/fp_bench_1k).")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("FAMILIEPLAN_TESTING", "true")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familieplan.settings")
    django.setup()


def arguments(doc: str, argv: list[str] | None, *more) -> argparse.Namespace:
    """The entry point's command line: `--explain N` and any `more` (name, options) pairs."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    for name, options in more:
        parser.add_argument(name, **options)
    parser.add_argument(
        "--explain",
        type=int,
        default=1,
        metavar="N",
        help="show the plan of the slowest query of the N slowest requests (default 1)",
    )
    return parser.parse_args(argv)

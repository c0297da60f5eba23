"""Latency and SQL queries of a family's economy (/economy/) on a generated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.economy --explain 3

Needs `benchmarks.generate` and then `benchmarks.economy_data`. The family measured is the one
with a scenario and the most income sources and expenses in the biggest municipality (12 and
20: the heaviest economy the data holds), as its coordinator and as the municipality's
whole-municipality team lead (created if the data has none): the overview this year and next,
the month at a glance this month and next and printable, and the scenario comparison (12
months, now and with the scenario side by side); and, for scale, the overview and month of the
coordinator's family with the median number of rows. Measured as the other benchmarks
(`measure.py`: the test Client with every middleware, 3 warm-up and 50 timed requests, median
and p95, queries and SQL time of one more). The report adds each page's time against its own
SQL: what is left is Python (views, the economy's arithmetic, templates, middleware).
`--profile N` prints a cProfile of N more requests of each page (the functions with the most
time of their own).
"""

from __future__ import annotations

import os
from datetime import timedelta

from django.test import Client

from benchmarks.runtime import arguments, setup_django

TARGET_MS = 50


def rows_of(family) -> tuple[int, int, int]:
    from familieplan.economy.models import Debt, Expense, IncomeSource

    return tuple(
        model.objects.filter(municipality_id=family.municipality_id, family=family).count()
        for model in (IncomeSource, Expense, Debt)
    )


def heaviest_scenario_family():
    """(family, scenario): among families with a scenario in the municipality with the most
    families, the one with the most incomes and expenses."""
    from django.db.models import Count

    from familieplan.economy.models import Expense, IncomeSource, Scenario
    from familieplan.families.models import Family

    municipality = (
        Family.objects.values("municipality_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "municipality_id")
        .values_list("municipality_id", flat=True)
        .first()
    )
    scenarios = list(
        Scenario.objects.filter(municipality_id=municipality, family__coordinator__isnull=False)
        .select_related("family")
        .order_by("pk")
    )
    if not scenarios:
        scenarios = list(
            Scenario.objects.filter(family__coordinator__isnull=False)
            .select_related("family")
            .order_by("pk")
        )
    if not scenarios:
        raise SystemExit("No scenarios: run `python -m benchmarks.economy_data` after generate.")
    ids = [s.family_id for s in scenarios]
    size: dict = {}
    for model in (IncomeSource, Expense):
        for family_id, n in (
            model.objects.filter(family_id__in=ids)
            .values_list("family_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            size[family_id] = size.get(family_id, 0) + n
    best = max(scenarios, key=lambda s: (size.get(s.family_id, 0), str(s.pk)))
    return best.family, best


def suggestion_count(family, today) -> int:
    """Schemes worth checking the overview lists (each has its own measure form)."""
    from familieplan.economy.overview import overview
    from familieplan.economy.reading import load
    from familieplan.economy.suggestions import suggested

    economy = load(family)
    return len(suggested(economy, overview(economy, today.year, today=today), today))


def most_suggestions(coordinator, today):
    """The coordinator's family whose overview lists the most schemes worth checking, and
    how many; families whose current plan has goals first (each suggestion then carries a
    form with the plan's goals)."""
    from familieplan.families.models import Family
    from familieplan.plans.models import Goal

    with_goals = set(
        Goal.objects.filter(plan__is_current=True, plan__family__coordinator=coordinator)
        .values_list("plan__family_id", flat=True)
        .distinct()
    )
    families = Family.objects.filter(coordinator=coordinator).order_by("pk")
    ranked = [(f.pk in with_goals, suggestion_count(f, today), f) for f in families]
    best = max(ranked, key=lambda r: r[:2], default=(False, 0, None))
    return best[1], best[2]


def current_goals(family) -> int:
    from familieplan.plans.models import Goal

    return Goal.objects.filter(plan__is_current=True, plan__family=family).count()


def median_family(coordinator):
    """The coordinator's family with the median number of incomes and expenses."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from familieplan.economy.models import Expense, IncomeSource
    from familieplan.families.models import Family

    def count_of(model):
        rows = (
            model.objects.filter(family=OuterRef("pk"))
            .order_by()
            .values("family")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    families = sorted(
        Family.objects.filter(coordinator=coordinator).annotate(
            n=count_of(IncomeSource) + count_of(Expense)
        ),
        key=lambda f: (f.n, str(f.pk)),
    )
    return families[len(families) // 2] if families else None


def ratios(measurements) -> str:
    lines = [
        "| persona | request | median ms | SQL ms | page / SQL | rest (Python) ms |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for m in measurements:
        ratio = f"{m.median_ms / m.sql_ms:.1f}×" if m.sql_ms else "–"
        lines.append(
            f"| {m.persona} | {m.request} | {m.median_ms:.1f} | {m.sql_ms:.1f} | {ratio} "
            f"| {m.median_ms - m.sql_ms:.1f} |"
        )
    met = sum(m.p95_ms <= TARGET_MS for m in measurements)
    lines.append(f"\n{met} of {len(measurements)} requests at p95 ≤ {TARGET_MS} ms.")
    return "\n".join(lines)


def profile(client, path: str, runs: int, top: int = 18) -> str:
    """cProfile of `runs` requests of `path`: the functions with the most own time."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"familieplan/(economy|lib)/", top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    args = arguments(
        __doc__,
        argv,
        (
            "--profile",
            {"type": int, "default": 0, "metavar": "N", "help": "profile N requests of each page"},
        ),
    )
    setup_django()

    from django.utils import timezone

    from benchmarks.measure import measure_requests, report, size_label
    from benchmarks.personas import _municipality_lead
    from familieplan.economy.models import (
        Balance,
        Debt,
        Expense,
        IncomeSource,
        Scenario,
        ScenarioChange,
    )
    from familieplan.families.models import Family

    load_before = os.getloadavg()[0]
    family_count = Family.objects.count()
    family, scenario = heaviest_scenario_family()
    coordinator = family.coordinator
    lead = _municipality_lead(family.municipality)
    incomes, expenses, debts = rows_of(family)
    changes = scenario.changes.count()
    today = timezone.localdate()
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    base = f"/economy/{family.pk}/"
    heavy = (
        f"{incomes} incomes, {expenses} expenses, {debts} debts, "
        f"{suggestion_count(family, today)} suggestions"
    )
    own = Family.objects.filter(coordinator=coordinator).count()
    requests = [
        (f"overview {today.year} ({heavy})", base),
        (f"overview {today.year + 1}", f"{base}?year={today.year + 1}"),
        (f"month {first:%Y-%m}", f"{base}month/"),
        (f"month {following:%Y-%m}", f"{base}month/?month={following:%Y-%m}"),
        ("month, printable", f"{base}month/?print=1"),
        (
            f"scenario comparison ({changes} changes, 12 months)",
            f"{base}scenarios/{scenario.pk}/",
        ),
    ]
    typical = median_family(coordinator)
    if typical is not None and typical.pk != family.pk:
        i, e, d = rows_of(typical)
        requests += [
            (f"median family: overview ({i} incomes, {e} expenses, {d} debts, "
             f"{suggestion_count(typical, today)} suggestions)",
             f"/economy/{typical.pk}/"),
            ("median family: month", f"/economy/{typical.pk}/month/"),
        ]  # fmt: skip
    count, suggesting = most_suggestions(coordinator, today)
    if suggesting is not None and count:
        i, e, d = rows_of(suggesting)
        planned = ", a plan with goals" if current_goals(suggesting) else ", no plan goals"
        requests.append(
            (
                f"family with the most suggestions: overview ({i} incomes, {e} expenses, "
                f"{d} debts, {count} suggestions{planned})",
                f"/economy/{suggesting.pk}/",
            )
        )
    plan = [
        (f"coordinator ({own} own families)", coordinator, requests),
        (
            "team lead, whole municipality",
            lead,
            [requests[0], requests[2], requests[5]],
        ),
    ]
    measurements = []
    profiles = []
    for label, user, wanted in plan:
        client = Client()
        client.force_login(user)
        measurements += measure_requests(user, label, wanted, client)
        if args.profile and user == coordinator:
            for request, path in wanted:
                profiles.append(f"### {request}\n\n```\n{profile(client, path, args.profile)}```")

    size = size_label(family_count)
    extra = (
        f", {IncomeSource.objects.count():,} incomes, {Expense.objects.count():,} expenses, "
        f"{Debt.objects.count():,} debts, {Balance.objects.count():,} balances, "
        f"{Scenario.objects.count():,} scenarios ({ScenarioChange.objects.count():,} changes)"
    )
    report(
        f"economy-{size}",
        f"The family's economy at {size}",
        measurements,
        family_count=family_count,
        load_before=load_before,
        explain_slowest=args.explain,
        extra=extra,
        sections=[
            ratios(measurements),
            *profiles,
        ],
    )


if __name__ == "__main__":
    main()

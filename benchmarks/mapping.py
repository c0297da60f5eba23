"""Latency and SQL queries of the programme figures (/mapping/figures/) and a family's mapping
page (/mapping/<family>/) on a generated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.mapping --explain 3

The figures as three personas see them: the team lead of the biggest unit and the
whole-municipality team lead of the biggest municipality (benchmarks/personas.py), and an
administrator of that municipality (created if the data has none). For each: grouped by
municipality, by unit and by intake cohort, one cohort only (these four as the page opens:
its default instrument), every instrument at once, and the CSV download of every instrument
(the whole-municipality lead also the Excel download). Then the mapping page, with its progress
charts, of the coordinator persona's family with the most mappings. Measured as
benchmarks/caseload.py does (benchmarks/measure.py): the test Client with every middleware,
force_login, 3 warm-up and 50 timed requests, median and p95, queries and SQL time of one more
request. Prints a Markdown table, writes it to benchmarks/results/mapping-<size>.md, and shows
EXPLAIN (ANALYZE, BUFFERS) for the slowest query of the N slowest requests.
"""

from __future__ import annotations

import argparse
import os

from django.test import Client

from benchmarks.runtime import setup_django

URL = "/mapping/figures/"


def municipality_admin(municipality):
    """The municipality's administrator (membership without a unit); created if the data
    has none (the generator makes none)."""
    from familieplan.accounts.models import Membership, User
    from familieplan.core.roles import Role

    membership = (
        Membership.objects.filter(
            municipality=municipality, unit=None, role=Role.ADMINISTRATOR, active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership:
        return membership.user
    user = User(username=f"bench-admin-{municipality.number}")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, municipality=municipality, role=Role.ADMINISTRATOR)
    return user


def in_scope(user) -> tuple[str, int, int]:
    """What the figures aggregate for `user` (as the view scopes them): a description, the
    number of completed mappings and of score rows."""
    from familieplan.mapping.figures_views import scope_for
    from familieplan.mapping.models import Assessment, ScoreValue

    scope = scope_for(user, group_by="municipality", cohort=None)
    values = ScoreValue.objects.filter(municipality_id__in=scope.municipality_ids)
    mappings = Assessment.objects.filter(
        municipality_id__in=scope.municipality_ids, status=Assessment.Status.COMPLETED
    )
    if scope.unit_ids is not None:
        values = values.filter(unit_id__in=scope.unit_ids)
        mappings = mappings.filter(family__unit_id__in=scope.unit_ids)
    where = f"{len(scope.unit_ids)} unit" if scope.unit_ids is not None else "municipality"
    return where, mappings.count(), values.count()


def busiest_cohort(user) -> int:
    """The intake cohort with the most completed mappings in the user's municipality."""
    from django.db.models import Count

    from familieplan.mapping.models import Assessment

    row = (
        Assessment.objects.filter(municipality_id__in=user.municipality_ids())
        .values("cohort")
        .annotate(n=Count("pk"))
        .order_by("-n", "cohort")
        .first()
    )
    if row is None:
        raise SystemExit("No mappings: generate data first (python -m benchmarks.generate).")
    return row["cohort"]


def busiest_family(user):
    """The family `user` coordinates with the most completed mappings: (family, mappings)."""
    from django.db.models import Count, Q

    from familieplan.families.models import Family
    from familieplan.mapping.models import Assessment

    family = (
        Family.objects.coordinated_by(user)
        .annotate(n=Count("assessments", filter=Q(assessments__status=Assessment.Status.COMPLETED)))
        .order_by("-n", "pk")
        .first()
    )
    if family is None or not family.n:
        raise SystemExit("The coordinator has no family with mappings: generate data first.")
    return family, family.n


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--explain",
        type=int,
        default=1,
        metavar="N",
        help="show the plan of the slowest query of the N slowest requests (default 1)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        metavar="N",
        help="timed requests per request (default 50, as the other benchmarks); fewer for a "
        "first look when requests take seconds",
    )
    args = parser.parse_args(argv)
    setup_django()

    from benchmarks import measure as measuring

    if args.runs is not None:
        if args.runs < 2:
            parser.error("--runs must be at least 2")
        measuring.RUNS = args.runs
        measuring.WARMUP = min(measuring.WARMUP, max(1, args.runs // 5))

    from benchmarks.measure import (  # these need the app registry
        environment,
        explain,
        measure,
        size_label,
        table,
        write_report,
    )
    from benchmarks.personas import pick_personas
    from familieplan.core.models import Municipality
    from familieplan.families.models import Family
    from familieplan.mapping.models import Assessment, Response, ScoreValue

    load_before = os.getloadavg()[0]
    family_count = Family.objects.count()
    coordinator, unit_lead, municipality_lead = pick_personas()
    municipality = Municipality.objects.get(pk=min(municipality_lead.user.municipality_ids()))
    admin = municipality_admin(municipality)
    cohort = busiest_cohort(municipality_lead.user)

    def figures(with_excel: bool = False) -> list[tuple[str, str]]:
        every = f"{URL}?group_by=municipality&instrument=all"
        requests = [
            ("figures, group_by=municipality", f"{URL}?group_by=municipality"),
            ("figures, group_by=unit", f"{URL}?group_by=unit"),
            ("figures, group_by=cohort", f"{URL}?group_by=cohort"),
            (f"figures, cohort={cohort}", f"{URL}?group_by=municipality&cohort={cohort}"),
            ("figures, every instrument", every),
            ("figures, every instrument, group_by=unit", f"{URL}?group_by=unit&instrument=all"),
            (
                "figures, every instrument, group_by=cohort",
                f"{URL}?group_by=cohort&instrument=all",
            ),
            ("CSV, every instrument (change)", f"{every}&format=csv"),
            ("CSV, every instrument (distribution)", f"{every}&format=csv&table=distribution"),
        ]
        if with_excel:
            requests.append(("Excel, every instrument (4 sheets)", f"{every}&format=xlsx"))
        return requests

    family, mappings = busiest_family(coordinator.user)
    plan = [
        ("team lead of the biggest unit", unit_lead.user, figures()),
        ("team lead, whole municipality", municipality_lead.user, figures(with_excel=True)),
        ("administrator, whole municipality", admin, figures()),
        (
            coordinator.label,
            coordinator.user,
            [(f"family mapping page, {mappings} mappings", f"/mapping/{family.pk}/")],
        ),
    ]

    measurements = []
    for name, user, requests in plan:
        if requests[0][1].startswith(URL):
            where, done, values = in_scope(user)
            label = f"{name} ({where}: {done:,} mappings, {values:,} scores)"
        else:
            label = name
        client = Client()
        client.force_login(user)
        for request, path in requests:
            measurements.append(measure(client, label, request, path))
            print(f"  {label}: {request}: p95 {measurements[-1].p95_ms:.1f} ms", flush=True)

    size = size_label(family_count)
    slowest = sorted(measurements, key=lambda m: m.p95_ms, reverse=True)[: args.explain]
    extra = (
        f", {Assessment.objects.count():,} mappings, {Response.objects.count():,} responses, "
        f"{ScoreValue.objects.count():,} score rows"
    )
    write_report(
        f"mapping-{size}",
        f"Mapping (programme figures and family page) at {size}",
        [
            environment(family_count, load_before, extra),
            table(measurements),
            *(f"```\n{explain(m)}\n```" for m in slowest),
        ],
    )


if __name__ == "__main__":
    main()

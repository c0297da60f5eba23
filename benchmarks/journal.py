"""Latency and SQL queries of the follow-up record (/journal/) on a generated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fp_bench_100k FAMILIEPLAN_TESTING=true \\
        .venv/bin/python -m benchmarks.journal --explain 3

The family timeline (/journal/<family>/, all kinds and notes only) of the coordinator persona's
family with the most contacts and notes, and search (/journal/search/?q=) for a common word, a
rare word and a quoted two-word phrase, as that coordinator and as the whole-municipality team
lead of the biggest municipality (benchmarks/personas.py). Measured as benchmarks/caseload.py
does (benchmarks/measure.py): the test Client with every middleware, force_login, 3 warm-up
and 50 timed requests, median and p95, queries and SQL time of one more request. Prints a
Markdown table, writes it to benchmarks/results/journal-<size>.md, and shows EXPLAIN
(ANALYZE, BUFFERS) for the slowest query of the N slowest requests.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

from django.test import Client

from benchmarks.runtime import arguments, setup_django

#: What to search for: a word in about one note or contact in eight (stemmed: «skolen» counts),
#: one in about one in a thousand (benchmarks/names.py RARE_SENTENCES), and a quoted phrase.
SEARCHES = [
    ("common word", "skole"),
    ("rare word", "førerkort"),
    ("phrase", '"kommunal bolig"'),
]


def busiest_family(user):
    """The family `user` coordinates with the most contacts and notes: (family, contacts,
    notes)."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from familieplan.families.models import Family
    from familieplan.journal.models import Contact, Note

    def count_of(model):
        rows = (
            model.objects.filter(family=OuterRef("pk"))
            .order_by()
            .values("family")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    families = Family.objects.coordinated_by(user).annotate(
        n_contacts=count_of(Contact), n_notes=count_of(Note)
    )
    ranked = sorted(families, key=lambda f: (-(f.n_contacts + f.n_notes), str(f.pk)))
    if not ranked or not ranked[0].n_contacts:
        raise SystemExit("The coordinator has no family with contacts: generate data first.")
    return ranked[0], ranked[0].n_contacts, ranked[0].n_notes


def matches(user, query: str) -> tuple[int, int]:
    """How many current notes and contacts the user may read match `query` (as the search
    page filters them; for the table's labels only)."""
    from django.db import connection

    from familieplan.core.roles import Role
    from familieplan.journal.search import CONFIG, words_of
    from familieplan.journal.visibility import contacts_for_staff, notes_for_staff

    municipalities = user.municipality_ids(Role.COORDINATOR, Role.TEAM_LEAD)
    notes = notes_for_staff(user).filter(
        municipality_id__in=municipalities, corrections__isnull=True
    )
    contacts = contacts_for_staff(user).filter(municipality_id__in=municipalities)
    counts = []
    for qs, field in ((notes, "text"), (contacts, "summary")):
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVector

            qs = qs.annotate(document=SearchVector(field, config=CONFIG)).filter(
                document=SearchQuery(query, config=CONFIG, search_type="websearch")
            )
        else:
            for word in words_of(query):
                qs = qs.filter(**{f"{field}__icontains": word})
        counts.append(qs.count())
    return counts[0], counts[1]


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
    from familieplan.journal.models import Contact, Note

    load_before = os.getloadavg()[0]
    family_count = Family.objects.count()
    coordinator, _, municipality_lead = pick_personas()
    family, contacts, notes = busiest_family(coordinator.user)
    timeline = f"/journal/{family.pk}/"
    # (persona, [(request, path)]): the timeline, then the searches.
    plan = [
        (
            coordinator,
            [
                (f"timeline, {contacts} contacts + {notes} notes", timeline),
                ("timeline, notes only", f"{timeline}?kinds=note"),
            ],
        ),
        (municipality_lead, [(f"timeline of the same family ({contacts + notes})", timeline)]),
    ]
    for persona, requests in plan:
        for name, query in SEARCHES:
            found_notes, found_contacts = matches(persona.user, query)
            requests.append(
                (
                    f"search {name} {query} ({found_notes:,} notes, {found_contacts:,} contacts)",
                    f"/journal/search/?{urlencode({'q': query})}",
                )
            )

    measurements = []
    for persona, requests in plan:
        label = f"{persona.label}, sees {persona.visible:,} families"
        client = Client()
        client.force_login(persona.user)
        for request, path in requests:
            measurements.append(measure(client, label, request, path))
            print(f"  {label}: {request}: p95 {measurements[-1].p95_ms:.1f} ms", flush=True)

    size = size_label(family_count)
    slowest = sorted(measurements, key=lambda m: m.p95_ms, reverse=True)[: args.explain]
    extra = f", {Contact.objects.count():,} contacts, {Note.objects.count():,} notes"
    write_report(
        f"journal-{size}",
        f"Follow-up record (timeline and search) at {size}",
        [
            environment(family_count, load_before, extra),
            table(measurements),
            *(f"```\n{explain(m)}\n```" for m in slowest),
        ],
    )


if __name__ == "__main__":
    main()

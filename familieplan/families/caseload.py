"""The caseload overview: filters, sorting and "needs action" counters in one query.

Counters come from the extension contract (core/extensions.py): each app lists its `Counter`s
in the `Extension` it registers from AppConfig.ready(), this module never names them. Each
counter is a condition on Family; all counters are computed with one aggregate query.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core import extensions
from familieplan.families.models import Family

CaseloadContext = extensions.CaseloadContext
Counter = extensions.Counter
OPEN_STAGES = (Family.Stage.ACTIVE, Family.Stage.PAUSED)


def counters() -> list[Counter]:
    return extensions.counters()


def count_needs(families: QuerySet[Family], ctx: CaseloadContext) -> dict[str, int]:
    """Every registered counter over `families`, in one query."""
    # COUNT(1) reads no column, so PostgreSQL answers from the covering index alone.
    aggregates = {c.key: Count(Value(1), filter=c.condition(ctx)) for c in counters()}
    return families.aggregate(**aggregates) if aggregates else {}


def filter_needs(families: QuerySet[Family], key: str, ctx: CaseloadContext) -> QuerySet:
    counter = extensions.counter(key)
    return families.filter(counter.condition(ctx)) if counter else families


def search_name(families: QuerySet[Family], text: str) -> QuerySet[Family]:
    """Family name or any member's first or last name contains the text.

    Matches the maintained `Family.search_names` column, which a trigram index answers on
    PostgreSQL (migration 0005) within the user's own scope.
    """
    text = text.strip()
    if not text:
        return families
    return families.filter(search_names__contains=text.upper())


@dataclass(frozen=True)
class Row:
    """One line of the caseload table, formatted once in Python (cheaper than per-cell
    template filters on a page that is opened all day)."""

    id: str
    name: str
    stage: str
    coordinator: str
    unit: str
    planned_end: str
    last_activity: str
    family_id: uuid.UUID
    municipality_id: int


def rows_for(ids: list) -> list[Row]:
    """The families `ids` in that order, as table rows."""
    by_id = (
        Family.objects.select_related("unit", "coordinator")
        .only(
            "municipality_id",
            "name",
            "stage",
            "planned_end",
            "last_activity_at",
            "unit__name",
            "coordinator__first_name",
            "coordinator__last_name",
            "coordinator__username",
        )
        .in_bulk(ids)
    )
    stages = {value: str(label) for value, label in Family.Stage.choices}
    rows = []
    for pk in ids:
        family = by_id.get(pk)
        if family is None:
            continue
        activity = family.last_activity_at
        rows.append(
            Row(
                id=str(family.pk),
                name=family.name,
                stage=stages[family.stage],
                coordinator=family.coordinator.display_name if family.coordinator else "–",
                unit=family.unit.name,
                planned_end=family.planned_end.strftime("%d.%m.%Y") if family.planned_end else "–",
                last_activity=timezone.localtime(activity).strftime("%d.%m.%Y")
                if activity
                else "–",
                family_id=family.pk,
                municipality_id=family.municipality_id,
            )
        )
    return rows


SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "stage": ("stage", "name", "id"),
    "planned_end": ("planned_end", "name", "id"),
    "last_activity": ("last_activity_at", "name", "id"),
    "-last_activity": ("-last_activity_at", "name", "id"),
}


def no_contact(ctx: CaseloadContext) -> Q:
    """Open families without a registered contact in N days (N per programme)."""
    cutoff = ctx.now - timedelta(days=ctx.no_contact_days)
    return Q(stage__in=OPEN_STAGES) & (Q(last_contact_at__lt=cutoff) | Q(last_contact_at=None))


def decision_pending(ctx: CaseloadContext) -> Q:
    return Q(stage=Family.Stage.REFERRED)


def ending_soon(ctx: CaseloadContext) -> Q:
    return Q(
        stage__in=OPEN_STAGES,
        planned_end__gte=ctx.today,
        planned_end__lte=ctx.today + timedelta(days=90),
    )


#: The household's own counters (registered with the families app's extension, apps.py).
COUNTERS = (
    Counter("no_contact", _("Ingen kontakt på lenge"), no_contact, order=10),
    Counter("decision_pending", _("Venter på inntaksbeslutning"), decision_pending, order=20),
    Counter("ending_soon", _("Avsluttes innen 90 dager"), ending_soon, order=30),
)

"""The caseload overview: filters, sorting and "needs action" counters in one query.

Counters come from the extension contract (core/extensions.py): each app lists its `Counter`s
in the `Extension` it registers from AppConfig.ready(), this module never names them. Each
counter is a condition on Family; all counters are computed with one aggregate query, or per
coordinator in one grouped aggregate (`count_needs_by`, the team lead's view).

A row shows what tells two families with the same name apart (members' first names, unit,
start date) and the links apps offer on the caseload (`FamilyLink(caseload=True)`), loaded for
the rows shown in a constant number of queries. A link's `shown(family)` gets the row's family
as loaded here (its caseload columns), so it must not read anything else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core import extensions
from familieplan.core.roles import Role
from familieplan.families import finding, queries
from familieplan.families.access import can_write_family
from familieplan.families.models import Enrolment, Family, ProgrammeSettings

CaseloadContext = extensions.CaseloadContext
Counter = extensions.Counter
OPEN_STAGES = (Family.Stage.ACTIVE, Family.Stage.PAUSED)


def counters() -> list[Counter]:
    return extensions.counters()


def context_for(user) -> CaseloadContext:
    """Today, now and the programme's "no contact for N days" of the reader's (first)
    municipality: the caseload and the team lead's view count with the same context."""
    municipality_ids = sorted(user.municipality_ids(Role.COORDINATOR, Role.TEAM_LEAD))
    programme = (
        ProgrammeSettings.objects.filter(municipality_id=municipality_ids[0]).first()
        if municipality_ids
        else None
    )
    return CaseloadContext(
        today=timezone.localdate(),
        now=timezone.now(),
        no_contact_days=programme.no_contact_days if programme else 30,
        municipality_ids=frozenset(municipality_ids),
    )


def count_needs(families: QuerySet[Family], ctx: CaseloadContext) -> dict[str, int]:
    """Every registered counter over `families`, in one query."""
    # COUNT(1) reads no column, so PostgreSQL answers from the covering index alone.
    aggregates = {c.key: Count(Value(1), filter=c.condition(ctx)) for c in counters()}
    return families.aggregate(**aggregates) if aggregates else {}


#: The stages the team lead's view counts per coordinator (beside the counters).
TEAM_STAGES = (Family.Stage.ACTIVE, Family.Stage.WAITING, Family.Stage.PAUSED)


def count_needs_by(
    families: QuerySet[Family], field: str, ctx: CaseloadContext
) -> dict[object, dict[str, int]]:
    """Per value of `field` (e.g. `coordinator_id`; None for families without one): the
    families in each of `TEAM_STAGES` and every registered counter, in one grouped aggregate
    query whatever the number of families (the same conditions as `count_needs`)."""
    aggregates = {f"stage_{stage}": Count(Value(1), filter=Q(stage=stage)) for stage in TEAM_STAGES}
    aggregates |= {c.key: Count(Value(1), filter=c.condition(ctx)) for c in counters()}
    rows = families.values(field).annotate(**aggregates).order_by()
    return {row.pop(field): row for row in rows}


def filter_needs(families: QuerySet[Family], key: str, ctx: CaseloadContext) -> QuerySet:
    counter = extensions.counter(key)
    return families.filter(counter.condition(ctx)) if counter else families


def search_name(families: QuerySet[Family], text: str) -> QuerySet[Family]:
    """Family name or any member's first or last name contains every word of the text
    (`finding.search_name`: the maintained `Family.search_names` column, which a trigram index
    answers on PostgreSQL within the user's own scope)."""
    return finding.search_name(families, text)


# -- The coordinator filter ----------------------------------------------------------------

#: `?coordinator=` values beside a coordinator's id.
MINE, NO_COORDINATOR = "mine", "none"


def coordinator_choices(user) -> list[tuple[str, str]]:
    """The select's options for a team lead: every coordinator of the teams they lead (and
    whoever still coordinates one of their families), and the families without one. Empty
    for someone who leads no team (a coordinator filters to their own with `mine`)."""
    if not queries.lead_scope(user):
        return []
    people = queries.team_coordinators(user).only("first_name", "last_name", "username")
    return [
        (NO_COORDINATOR, str(_("Uten koordinator"))),
        *((str(person.pk), person.display_name) for person in people),
    ]


def filter_coordinator(
    families: QuerySet[Family], user, value: str, choices: list[tuple[str, str]]
) -> tuple[QuerySet[Family], str]:
    """The families filtered by `?coordinator=` and the value that was used ("" for none).

    `mine`: the reader's own (as coordinator or co-coordinator). A coordinator's id or
    `none`: only for a team lead and only among `choices`, within the teams they lead (the
    numbers on the team page link here and agree with it). Anything else filters nothing
    and is not echoed: an id outside the reader's scope reveals nothing."""
    value = value.strip() if isinstance(value, str) else ""
    if value == MINE:
        return families.coordinated_by(user), MINE
    if value not in {choice for choice, _label in choices}:
        return families, ""
    scope = queries.lead_scope(user).q()
    if value == NO_COORDINATOR:
        return families.filter(scope, coordinator__isnull=True), value
    return families.filter(scope, coordinator_id=int(value)), value


# -- The rows shown ------------------------------------------------------------------------


@dataclass(frozen=True)
class RowLink:
    """A link an app offers on the row (`FamilyLink(caseload=True)`); `inline`: it opens in
    place (htmx) in the row's container, the plain link still works without JavaScript."""

    label: str
    url: str
    inline: bool = False


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
    #: The first names of those living in the household ("Amina, Yusuf, Sara +2").
    members: str = ""
    #: The start of the latest enrolment ("–" before the family is taken in).
    started_on: str = "–"
    links: tuple[RowLink, ...] = ()

    @property
    def has_inline(self) -> bool:
        return any(link.inline for link in self.links)


def _day(value) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


def rows_for(ids: list, user) -> list[Row]:
    """The families `ids` in that order, as table rows: three queries for any number of
    rows (the families with unit and coordinator and their start, the members' names)."""
    started = Enrolment.objects.filter(family=OuterRef("pk")).order_by("-created_at")
    by_id = (
        Family.objects.select_related("unit", "coordinator")
        .only(
            "municipality_id",
            "name",
            "stage",
            "planned_end",
            "last_activity_at",
            "last_contact_at",
            "mapping_due_on",
            "mapping_late_on",
            "coordinator_id",
            "co_coordinator_id",
            "unit__name",
            "coordinator__first_name",
            "coordinator__last_name",
            "coordinator__username",
        )
        .annotate(started_on=Subquery(started.values("started_on")[:1]))
        .prefetch_related(finding.members_prefetch())
        .in_bulk(ids)
    )
    stages = {value: str(label) for value, label in Family.Stage.choices}
    offered = [link for link in extensions.family_links() if link.caseload]
    today = timezone.localdate()
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
                planned_end=_day(family.planned_end),
                last_activity=_day(timezone.localtime(activity) if activity else None),
                family_id=family.pk,
                municipality_id=family.municipality_id,
                members=str(finding.first_names(family.named_members, today)),
                started_on=_day(family.started_on),
                links=tuple(
                    RowLink(str(link.label), reverse(link.url_name, args=[family.pk]), link.inline)
                    for link in offered
                    if link.shown(family) and (not link.writes or can_write_family(user, family))
                ),
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

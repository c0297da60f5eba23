"""The team lead's view: per coordinator of the teams a lead leads, their families (active,
waiting, paused) and the caseload's "needs action" counters, each number a link to the caseload
filtered by that coordinator (and counter).

The numbers are the caseload's own conditions counted in one grouped aggregate query
(`families.caseload.count_needs_by`), so the team page and the caseload filtered by a
coordinator always agree; with the coordinators' memberships, the programme's setting and at
most one query for people who have left the team, the page asks a fixed number of queries
whatever the number of families.

The scope is the lead's (`families.queries.lead_scope`): a lead with a unit sees that unit's
coordinators and families, a lead without a unit the whole municipality's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.accounts.models import User
from familieplan.core import extensions
from familieplan.families import caseload, finding, queries
from familieplan.families.models import Enrolment, Family

#: The stages shown per coordinator, with their column headings.
STAGES = (
    (Family.Stage.ACTIVE, _("Aktive")),
    (Family.Stage.WAITING, _("Venteliste")),
    (Family.Stage.PAUSED, _("Pause")),
)
#: The families a lead may hand over from one coordinator to another: every stage the
#: family is still followed in (or on its way in).
HANDOVER_STAGES = (
    Family.Stage.REFERRED,
    Family.Stage.WAITING,
    Family.Stage.ACTIVE,
    Family.Stage.PAUSED,
)
#: At most this many families on one hand-over page (a caseload is 15–30).
HANDOVER_LIMIT = 200


@dataclass(frozen=True)
class Cell:
    """A number under `heading`; `url` is the caseload filtered to the families counted
    (empty for 0: nothing to go to)."""

    n: int
    heading: str
    url: str = ""


@dataclass(frozen=True)
class Need:
    """A counter that finds families (only those above 0 are listed)."""

    key: str
    n: int
    label: str
    url: str = ""


@dataclass
class TeamRow:
    """One coordinator (or the families without one: `coordinator_id` None)."""

    coordinator_id: int | None
    name: str
    units: str = ""
    #: False for someone who still coordinates a family of the team but no longer holds the
    #: coordinator role in it: their families wait for a hand-over.
    in_team: bool = True
    stages: list[Cell] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    handover_url: str = ""
    #: The caseload filtered to this coordinator's families.
    url: str = ""

    @property
    def total(self) -> int:
        return sum(cell.n for cell in self.stages)


@dataclass(frozen=True)
class Overview:
    stage_labels: list[str]
    rows: list[TeamRow]
    totals: TeamRow
    no_contact_days: int


def _caseload_url(coordinator: str, **filters: str) -> str:
    return (
        reverse("families:list")
        + "?"
        + urlencode({"scope": "all", "coordinator": coordinator, **filters})
    )


def _row(key: int | None, name: str, counts: dict[str, int], counters) -> TeamRow:
    value = caseload.NO_COORDINATOR if key is None else str(key)
    row = TeamRow(coordinator_id=key, name=name, url=_caseload_url(value))
    for stage, label in STAGES:
        n = counts.get(f"stage_{stage}", 0)
        row.stages.append(Cell(n, str(label), _caseload_url(value, stage=stage) if n else ""))
    for counter in counters:
        n = counts.get(counter.key, 0)
        if n:
            row.needs.append(
                Need(counter.key, n, str(counter.label), _caseload_url(value, needs=counter.key))
            )
    if key is not None:
        row.handover_url = reverse("workday:team_handover", args=[key])
    return row


def overview(user) -> Overview:
    """The team page's table for this lead (empty rows for coordinators without families)."""
    counters = extensions.counters()
    ctx = caseload.context_for(user)
    counts = caseload.count_needs_by(queries.led_families(user), "coordinator_id", ctx)
    people: dict[int, tuple[str, list[str]]] = {}
    for membership in queries.team_memberships(user):
        name, units = people.setdefault(membership.user_id, (membership.user.display_name, []))
        if membership.unit_id is not None and membership.unit.name not in units:
            units.append(membership.unit.name)
    rows = []
    for pk, (name, units) in people.items():
        row = _row(pk, name, counts.get(pk, {}), counters)
        row.units = ", ".join(units)
        rows.append(row)
    gone = [pk for pk in counts if pk is not None and pk not in people]
    for person in User.objects.filter(pk__in=gone).order_by("first_name", "last_name", "pk"):
        row = _row(person.pk, person.display_name, counts[person.pk], counters)
        row.in_team = False
        rows.append(row)
    rows.sort(key=lambda r: (not r.in_team, r.name.casefold(), r.coordinator_id or 0))
    if None in counts:
        rows.append(_row(None, str(_("Uten koordinator")), counts[None], counters))
    totals = TeamRow(coordinator_id=None, name=str(_("Hele teamet")))
    for i, (_stage, label) in enumerate(STAGES):
        totals.stages.append(Cell(sum(row.stages[i].n for row in rows), str(label)))
    for counter in counters:
        n = sum(counts[key].get(counter.key, 0) for key in counts)
        if n:
            totals.needs.append(Need(counter.key, n, str(counter.label)))
    return Overview(
        stage_labels=[str(label) for _stage, label in STAGES],
        rows=rows,
        totals=totals,
        no_contact_days=ctx.no_contact_days,
    )


# -- One coordinator's families, to hand over --------------------------------------------


def team_person(user, coordinator_id: int) -> User | None:
    """The coordinator `coordinator_id` if they belong to this lead's team (a coordinator in
    it, or someone who still coordinates one of its families); None otherwise."""
    return queries.team_coordinators(user).filter(pk=coordinator_id).first()


@dataclass(frozen=True)
class HandoverFamily:
    family_id: object
    municipality_id: int
    name: str
    value: str  # "<id>:<version>": the family as the lead saw it
    members: str
    unit: str
    stage: str
    started_on: str


def handover_families(user, coordinator: User, today: date | None = None):
    """The families of `coordinator` in this lead's teams that may be handed over (by name;
    at most HANDOVER_LIMIT), and how many there are in all. Three queries."""
    today = today or timezone.localdate()
    families = queries.led_families(user).filter(coordinator=coordinator, stage__in=HANDOVER_STAGES)
    started = Enrolment.objects.filter(family=OuterRef("pk")).order_by("-created_at")
    rows = (
        families.select_related("unit")
        .only("municipality_id", "name", "stage", "version", "unit__name")
        .annotate(started_on=Subquery(started.values("started_on")[:1]))
        .prefetch_related(finding.members_prefetch())
        .order_by("name", "id")[:HANDOVER_LIMIT]
    )
    stages = dict(Family.Stage.choices)
    shown = [
        HandoverFamily(
            family_id=family.pk,
            municipality_id=family.municipality_id,
            name=family.name,
            value=f"{family.pk}:{family.version}",
            members=str(finding.first_names(family.named_members, today)),
            unit=family.unit.name,
            stage=str(stages[family.stage]),
            started_on=family.started_on.strftime("%d.%m.%Y") if family.started_on else "–",
        )
        for family in rows
    ]
    total = len(shown) if len(shown) < HANDOVER_LIMIT else families.count()
    return shown, total


def receivers(user, coordinator: User) -> list[tuple[str, str]]:
    """Whom a lead may hand `coordinator`'s families to: the coordinators of the teams they
    lead in the units those families belong to (with their units), as select options — a
    whole municipality's lead is not offered a thousand people who could not take them. Each
    family's own unit is checked again when the hand-over is made
    (`families.queries.eligible_coordinators`)."""
    units = (
        queries.led_families(user)
        .filter(coordinator=coordinator, stage__in=HANDOVER_STAGES)
        .values("unit_id")
    )
    people: dict[int, tuple[str, list[str]]] = {}
    memberships = queries.team_memberships(user).filter(unit_id__in=units)
    for membership in memberships.exclude(user=coordinator):
        _name, units = people.setdefault(membership.user_id, (membership.user.display_name, []))
        if membership.unit_id is not None and membership.unit.name not in units:
            units.append(membership.unit.name)
    return [
        (str(pk), f"{name} ({', '.join(units)})" if units else name)
        for pk, (name, units) in people.items()
    ]

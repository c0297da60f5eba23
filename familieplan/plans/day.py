"""The plan's block of the coordinator's day ("I dag"): open measures overdue or due within a
week (the rule of the caseload's "Tiltak med frist innen en uke", `counters.due_soon`) that
the reader or the family's members are responsible for — for a team lead, the team's
coordinators and the families' members. Services' measures are theirs to keep."""

from __future__ import annotations

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.core.day_reads import finder, first_and_total, shorten
from familieplan.core.extensions import DayBlock, DayLine, DayScope
from familieplan.families.day import caseload_url
from familieplan.lib.times import person_date
from familieplan.plans.counters import due_soon
from familieplan.plans.models import Measure

KIND = "measure"
#: A measure given a new due date shows again, though it was marked seen.
STATE = Cast("due_on", CharField())


def _responsible(scope: DayScope) -> Q:
    members = Q(responsible_kind=Measure.Responsible.MEMBER)
    if scope.lead:
        return members | Q(responsible_kind=Measure.Responsible.COORDINATOR)
    return members | Q(responsible_user=scope.user)


def _due(scope: DayScope):
    due = due_soon(scope.today).filter(_responsible(scope), goal__plan__family__in=scope.families)
    # A coordinator's few families are reached through their plans (the foreign keys'
    # indexes); a team's many through the municipality's index of open measures by due date.
    return due.filter(municipality_id__in=scope.municipality_ids) if scope.lead else due


def lines(scope: DayScope, n: int) -> tuple[list[DayLine], int]:
    measures = (
        scope.unseen(
            _due(scope),
            KIND,
            STATE,
        )
        .select_related("goal__plan__family", "responsible_user", "responsible_member")
        .only(
            "what",
            "due_on",
            "responsible_kind",
            "goal__plan__family__name",
            *(f"responsible_user__{name}" for name in ("first_name", "last_name", "username")),
            "responsible_member__first_name",
            "responsible_member__last_name",
        )
        .order_by("due_on", "pk")
    )
    rows, total = first_and_total(measures, n, scope.count_at_most)
    language = translation.get_language()
    result = []
    for measure in rows:
        family = measure.goal.plan.family
        late = measure.due_on < scope.today
        frist = person_date(measure.due_on, language)
        result.append(
            DayLine(
                kind=KIND,
                object_id=measure.pk,
                family_id=family.pk,
                family_name=family.name,
                state=measure.day_state or "",
                text=_("%(what)s (ansvarlig: %(who)s)")
                % {"what": shorten(measure.what, 80), "who": measure.responsible_label},
                url=reverse("plans:detail", args=[family.pk]) + f"#measure-{measure.pk}",
                when=(_("Fristen var %(day)s") if late else _("Frist %(day)s")) % {"day": frist},
                late=late,
            )
        )
    return result, total


BLOCK = DayBlock(
    key="measures",
    title=gettext_lazy("Tiltak med frist"),
    lines=lines,
    find=finder(KIND, Measure, "goal__plan__family_id", STATE),
    empty=gettext_lazy("Ingen tiltak over fristen eller med frist innen en uke."),
    more=lambda scope: caseload_url(scope, "measures_due"),
    order=20,
)

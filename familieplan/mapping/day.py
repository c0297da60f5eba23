"""Mapping's block of the coordinator's day ("I dag"): families whose next mapping is due
within a month or late — the caseload's "Kartlegging snart" and "Kartlegging forsinket"
(`counters.py`), on the family's own columns. Late ones first."""

from __future__ import annotations

from django.db.models import CharField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.core.day_reads import finder, first_and_total
from familieplan.core.extensions import DayBlock, DayLine, DayScope
from familieplan.families.day import caseload_url
from familieplan.families.models import Family
from familieplan.lib.times import person_date
from familieplan.mapping.counters import mapping_due, mapping_late

KIND = "mapping"
#: The next mapping's due date: once a mapping is done, the next occasion shows again.
STATE = Cast("mapping_due_on", CharField())


def lines(scope: DayScope, n: int) -> tuple[list[DayLine], int]:
    families = scope.unseen(
        scope.families.filter(mapping_due(scope.caseload) | mapping_late(scope.caseload)),
        KIND,
        STATE,
    ).order_by("mapping_due_on", "name", "pk")
    rows, total = first_and_total(
        families.only("name", "mapping_due_on", "mapping_late_on"), n, scope.count_at_most
    )
    language = translation.get_language()
    result = []
    for family in rows:
        late = family.mapping_late_on is not None and family.mapping_late_on <= scope.today
        day = person_date(family.mapping_due_on, language)
        result.append(
            DayLine(
                kind=KIND,
                object_id=family.pk,
                family_id=family.pk,
                family_name=family.name,
                state=family.day_state or "",
                text=_("Kartleggingen er forsinket") if late else _("Kartlegging snart"),
                url=reverse("mapping:family", args=[family.pk]),
                when=_("Frist %(day)s") % {"day": day},
                late=late,
            )
        )
    return result, total


BLOCK = DayBlock(
    key="mapping",
    title=gettext_lazy("Kartlegging"),
    lines=lines,
    find=finder(KIND, Family, "pk", STATE),
    empty=gettext_lazy("Ingen kartlegging forfaller den neste måneden."),
    more=lambda scope: caseload_url(scope, "mapping_due"),
    order=40,
)

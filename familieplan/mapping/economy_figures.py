"""The programme figure "families under the low-income line at intake and at each year":
from the economy kept with each completed mapping (`EconomyAtMapping`), per group and
mapping, in one grouped query. A row whose families under or over the line are 1–4 shows
no split (either number could be worked out from the total), and a row of fewer than five
families shows nothing (decision 0011)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from familieplan.mapping import figures
from familieplan.mapping.models import EconomyAtMapping


@dataclass(frozen=True)
class LineRow:
    group: object
    occasion: str
    number: int
    families: int
    below: int | None  # None: suppressed

    @property
    def suppressed(self) -> bool:
        return self.families < figures.MIN_FAMILIES

    @property
    def share(self) -> float | None:
        if self.suppressed or self.below is None:
            return None
        return self.below / self.families


def line_rows(scope: figures.Scope) -> list[LineRow]:
    kept = EconomyAtMapping.objects.filter(municipality_id__in=scope.municipality_ids)
    if scope.unit_ids is not None:
        kept = kept.filter(unit_id__in=scope.unit_ids)
    if scope.cohort is not None:
        kept = kept.filter(cohort=scope.cohort)
    field = figures.GROUPINGS[scope.group_by]
    cells = (
        kept.values(field, "occasion", "number")
        .annotate(
            families=Count("family_id", distinct=True), below=Count("pk", filter=Q(below_line=True))
        )
        .order_by(field, "number", "occasion")
    )
    rows = []
    for cell in cells:
        split = figures.suppress_column(
            {"below": cell["below"], "over": cell["families"] - cell["below"]}
        )
        rows.append(
            LineRow(
                group=figures._group_of(scope, cell),
                occasion=cell["occasion"],
                number=cell["number"],
                families=cell["families"],
                below=split["below"] if split else None,
            )
        )
    return rows

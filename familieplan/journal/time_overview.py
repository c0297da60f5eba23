"""Time spent per family, month and person (MODEL.md §3 item 13: the cost per family), with
totals per family and per person, from `journal.queries.time_spent`."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from familieplan.accounts.models import User
from familieplan.families.models import Family
from familieplan.journal.queries import time_spent


@dataclass(frozen=True)
class Line:
    family: str
    month: date
    person: str
    contact_minutes: int
    other_minutes: int

    @property
    def total(self) -> int:
        return self.contact_minutes + self.other_minutes


@dataclass
class Report:
    start: date
    end: date
    lines: list[Line] = field(default_factory=list)
    by_family: list[tuple[str, int]] = field(default_factory=list)
    by_person: list[tuple[str, int]] = field(default_factory=list)
    #: (family id, municipality id) of every family in the lines, for the access log.
    families: list[tuple[uuid.UUID, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)


def overview(families, *, start: date, end: date) -> Report:
    rows = time_spent(families_qs=families, start=start, end=end)
    found = list(
        Family.objects.filter(pk__in={r.family_id for r in rows}).values_list(
            "pk", "name", "municipality_id"
        )
    )
    names = {pk: name for pk, name, _municipality in found}
    people = {u.pk: u.display_name for u in User.objects.filter(pk__in={r.user_id for r in rows})}
    lines = sorted(
        (
            Line(
                family=names.get(r.family_id, "–"),
                month=r.month,
                person=people.get(r.user_id, "–"),
                contact_minutes=r.contact_minutes,
                other_minutes=r.other_minutes,
            )
            for r in rows
        ),
        key=lambda line: (line.family, line.month, line.person),
    )
    per_family: dict[str, int] = defaultdict(int)
    per_person: dict[str, int] = defaultdict(int)
    for line in lines:
        per_family[line.family] += line.total
        per_person[line.person] += line.total
    return Report(
        start=start,
        end=end,
        lines=lines,
        by_family=sorted(per_family.items()),
        by_person=sorted(per_person.items()),
        families=[(pk, municipality) for pk, _name, municipality in found],
    )

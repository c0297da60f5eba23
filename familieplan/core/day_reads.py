"""The reads a day block makes (core/extensions.py `DayBlock`): the first lines and how many
there are in all, in a fixed number of queries that does not depend on the number of families.

- `first_and_total(queryset, n)`: one source, ordered, in one query; the total is a window
  count over every row the filter keeps (`COUNT(*) OVER ()`), computed before the LIMIT.
- `newest_of(parts, n)`: several sources in one list (a proposal and a comment), newest first:
  one such query per source (its newest `n` and its count), merged here.
- `at_most` (a team lead's day, `DayScope.count_at_most`): a whole municipality has thousands
  of rows, and a window count reads and joins every one of them before the LIMIT. Then the
  first rows come alone (an index in the block's order stops after `n`) and the count in a
  second query that stops at `at_most + 1` rows: a total above `at_most` means "more than".

(One `UNION ALL` carrying every source's count was tried for `newest_of`: the same rows, but
compiling and planning its repeated subqueries cost more than a second query.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Window

from familieplan.core.extensions import DayLine


def first_and_total(queryset: QuerySet, n: int, at_most: int | None = None) -> tuple[list, int]:
    """The first `n` rows of an ordered `queryset` and how many rows it has, in one query (with
    `at_most`: two, the count stopping after `at_most + 1`)."""
    if at_most is not None:
        rows = list(queryset[:n])
        return rows, _count(queryset, at_most)
    rows = list(queryset.annotate(day_total=Window(Count("pk")))[:n])
    return rows, (rows[0].day_total if rows else 0)


def _count(queryset: QuerySet, at_most: int) -> int:
    """How many rows `queryset` has, counting no further than `at_most + 1`. (Always asked,
    even when the first page held them all: the page makes the same queries whatever the
    data.)"""
    return queryset.order_by()[: at_most + 1].count()


@dataclass(frozen=True)
class Part:
    """One source of a mixed list: `queryset` filtered to what the block lists, `columns`
    the expressions (the same names in every part, one of them `at`) a line is made from."""

    queryset: QuerySet
    columns: dict[str, Any]


def newest_of(parts: Sequence[Part], n: int, at_most: int | None = None) -> tuple[list[dict], int]:
    """The `n` newest rows of all `parts` (by their `at`) as dicts, and how many there are
    (with `at_most`: each part's count stops after `at_most + 1`)."""
    names = list(parts[0].columns)
    assert all(list(part.columns) == names for part in parts), "the same columns in each part"
    rows, total = [], 0
    for part in parts:
        counted = {} if at_most is not None else {"day_total": Window(Count("pk"))}
        found = list(
            part.queryset.annotate(
                **{f"day_{name}": expression for name, expression in part.columns.items()},
                **counted,
            )
            .order_by("-day_at", "-pk")
            .values(*(f"day_{name}" for name in names), *counted)[:n]
        )
        rows += [{name: row[f"day_{name}"] for name in names} for row in found]
        if at_most is not None:
            total += _count(part.queryset, at_most)
        else:
            total += found[0]["day_total"] if found else 0
    rows.sort(key=lambda row: row["at"], reverse=True)
    return rows[:n], total


#: How long a comment or an update stays "new" on the start page (unless marked seen).
NEW_DAYS = 14


def shorten(text: str, length: int = 100) -> str:
    """`text` on one line, cut at `length` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def line_of(row: dict, *, text: str, url: str, when: str) -> DayLine:
    """A `DayLine` from a `newest_of` row (its `kind`, `id`, `family` and `family_name`)."""
    return DayLine(
        kind=row["kind"],
        object_id=row["id"],
        family_id=row["family"],
        family_name=row["family_name"],
        text=text,
        url=url,
        when=when,
    )


def finder(kind: str, model, family: str, state=None):
    """A `DayBlock.find` for one kind of line: the row `object_id` of `model`, its family
    (the lookup `family`) and its state now (the expression `state`; None: "", a thing that
    never changes)."""

    def find(asked: str, object_id):
        if asked != kind:
            return None
        rows = model._default_manager.filter(pk=object_id)
        if state is None:
            found = rows.values_list(family, flat=True).first()
            return None if found is None else (found, "")
        return rows.annotate(day_state=state).values_list(family, "day_state").first()

    return find


def either(*finders):
    """A `DayBlock.find` for a block of several kinds: the first of `finders` that knows it."""

    def find(kind: str, object_id):
        for each in finders:
            found = each(kind, object_id)
            if found is not None:
                return found
        return None

    return find

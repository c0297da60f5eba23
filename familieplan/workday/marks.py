"""Marking a line of the start page seen, and leaving marked lines out of a block's query.

A block's query keeps only what this person has not marked in its present state
(`unseen`); the start page passes that function to every block in the `DayScope`."""

from __future__ import annotations

import uuid

from django.db.models import CharField, Exists, OuterRef, QuerySet, Value

from familieplan.workday.models import SeenMark


def unseen(queryset: QuerySet, kind: str, state=None, *, user) -> QuerySet:
    """`queryset` without the rows `user` marked seen under `kind` while in the state the
    expression `state` gives for the row now (None: a thing that never changes); each row
    has that state as `day_state`."""
    marked = SeenMark.objects.filter(
        user=user, kind=kind, object_id=OuterRef("pk"), state=OuterRef("day_state")
    )
    state = Value("", output_field=CharField()) if state is None else state
    # Each row carries `day_state`: the line's form sends it back, so a mark records the
    # state the reader saw, never a later one (`today_views.seen`).
    return queryset.annotate(day_state=state).filter(~Exists(marked))


def mark_seen(
    *, user, kind: str, object_id: uuid.UUID, state: str, municipality_id: int
) -> SeenMark:
    """One mark per person, kind and thing: marking again records the thing's new state."""
    mark, _created = SeenMark.objects.update_or_create(
        user=user,
        kind=kind,
        object_id=object_id,
        defaults={"state": state[:40], "municipality_id": municipality_id},
    )
    return mark


def unmark(*, user, kind: str, object_id: uuid.UUID) -> None:
    """Take the person's mark back ("angre"): the line shows again."""
    SeenMark.objects.filter(user=user, kind=kind, object_id=object_id).delete()

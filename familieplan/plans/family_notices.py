"""The notice of a new task to the family member responsible for a measure ("the family's own
side", item 7), sent through the generic member notice (`outbox/notices.py`): only that a task
is waiting, to that member alone (a youth's measure: the youth, never the parents)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from familieplan.outbox.notices import notify_member
from familieplan.plans.models import Measure

MEASURE_ASSIGNED = "measure_assigned"


def measure_assigned(measure: Measure, *, previous_member_id=None) -> int:
    """The measure's responsible family member (only them) has a new task.

    Nothing when the responsible party is not a family member, or is the member who was
    responsible before (`previous_member_id`, when a measure is changed).
    """
    if measure.responsible_kind != Measure.Responsible.MEMBER:
        return 0
    member = measure.responsible_member
    if member is None or member.pk == previous_member_id:
        return 0
    return notify_member(
        member,
        topic=MEASURE_ASSIGNED,
        reference=f"measure:{measure.pk}",
        headline=gettext_lazy("Du har fått en ny oppgave i Familieplan."),
        subject=gettext_lazy("Ny oppgave i Familieplan"),
    )

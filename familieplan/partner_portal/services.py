"""What a partner does on its pages, with the coordinators told in the same transaction: a
measure's status moved (`plans.moves.move_attempt`) and a comment on a measure."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from familieplan.notifications.models import Notification
from familieplan.notifications.services import notify
from familieplan.plans import services as plan_services
from familieplan.plans.moves import MoveAttempt, move_attempt


def _at_measure(family, measure) -> str:
    return reverse("plans:detail", args=[family.pk]) + f"#measure-{measure.pk}"


@transaction.atomic
def status_move(data, *, family, measure, by, form_class) -> MoveAttempt:
    """The move the form asks for; a move saved now (not a second press) is notified."""
    move = move_attempt(data, measure=measure, by=by, form_class=form_class)
    if move.saved and move.saved.first:
        notify(
            family=family,
            kind=Notification.Kind.PARTNER_MEASURE,
            url=_at_measure(family, measure),
            actor=by,
        )
    return move


def comment(*, family, measure, by, author_label: str, text: str):
    """A comment on the service's measure (inside the form's transaction, `submit`)."""
    saved = plan_services.measure_comment(
        measure=measure, by=by, author_label=author_label, text=text
    )
    notify(
        family=family,
        kind=Notification.Kind.PARTNER_COMMENT,
        url=_at_measure(family, measure),
        actor=by,
    )
    return saved

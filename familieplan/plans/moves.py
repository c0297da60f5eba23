"""A measure's status move sent from a page (the plan page, the partner's page): the form
offers only the moves `rules.py` allows; a refused move comes back as the form with its errors
and what was chosen and typed, for the page to show at that measure. A form made from an older
version of the measure is answered with the measure as it is now and its own moves — unless
the measure has since made exactly this move (the button pressed twice): then the move is
saved once and the page says so."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from familieplan.core.form_pages import Saved, add_service_errors
from familieplan.plans import rules, services
from familieplan.plans.forms import MeasureMoveForm
from familieplan.plans.models import Measure


@dataclass(frozen=True)
class MoveAttempt:
    """`saved`: the measure moved (first False: by an earlier press of the same form);
    `refused`: else the form with its errors, to show at the measure."""

    saved: Saved
    refused: MeasureMoveForm | None = None


def move_attempt(
    data, *, measure: Measure, by, form_class: type[MeasureMoveForm] = MeasureMoveForm
) -> MoveAttempt:
    """Move `measure` as `data` (the POST) says, with a form of `form_class` (the page's)."""
    if str(measure.version) != data.get("version", ""):
        return _not_current(data, measure, form_class)
    form = form_class(data, measure=measure)
    if not form.is_valid():
        return MoveAttempt(Saved(), form)
    try:
        moved = services.measure_move(
            measure=measure,
            by=by,
            to=form.cleaned_data["to"],
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except services.StaleEdit as stale:
        return _not_current(data, stale.current, form_class)
    except ValidationError as error:
        add_service_errors(form, error)
        return MoveAttempt(Saved(), form)
    return MoveAttempt(Saved(moved))


def _not_current(data, current: Measure, form_class) -> MoveAttempt:
    if _same_move(data, current):
        return MoveAttempt(Saved(current, first=False))
    return MoveAttempt(Saved(), _stale(data, current, form_class))


def _same_move(data, current: Measure) -> bool:
    """The measure stands where this form would move it, closed with the same reason."""
    to = data.get("to", "")
    if not to or current.status != to:
        return False
    return not rules.needs_reason(to) or data.get("reason", "").strip() == current.closing_reason


def _stale(data, current: Measure, form_class: type[MeasureMoveForm]) -> MeasureMoveForm:
    """The form again for the measure as it is now: the newer version, the choice kept when it
    is still a move from the new status, the reason kept, and one message saying so."""
    data = data.copy()
    data["version"] = str(current.version)
    form = form_class(data, measure=current)
    if data.get("to") not in {value for value, _label in form.moves}:
        data["to"] = ""
    form.is_valid()
    form.errors.clear()
    form.add_error(
        None,
        services.StaleEdit(current).messages[0]
        + " "
        + _("Status nå: %(status)s.") % {"status": current.get_status_display()},
    )
    return form


def kept_move(kept: dict | None, measure: Measure, form_class=MeasureMoveForm):
    """The status control of `measure` with what was typed into it before the session ended
    (`kept`, from `inline_kept.kept_inline`), or None when that was another measure's."""
    if not kept or kept.get("measure_id") != str(measure.pk) or "to" not in kept:
        return None
    typed = {name: kept[name] for name in ("to", "reason", "version") if name in kept}
    return form_class(measure=measure, initial=typed)

"""A measure's status move sent from a page (the plan page, the partner's page): the form
offers only the moves `rules.py` allows; a refused move comes back as the form with its errors
and what was chosen and typed, for the page to show at that measure. A form made from an older
version of the measure is answered with the measure as it is now and its own moves."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from familieplan.core.form_pages import add_service_errors
from familieplan.plans import services
from familieplan.plans.forms import MeasureMoveForm
from familieplan.plans.models import Measure


def move_attempt(
    data, *, measure: Measure, by, form_class: type[MeasureMoveForm] = MeasureMoveForm
) -> MeasureMoveForm | None:
    """Move `measure` as `data` (the POST) says: None when saved, else the form (of
    `form_class`, the page's own) with its errors."""
    if str(measure.version) != data.get("version", ""):
        return _stale(data, measure, form_class)
    form = form_class(data, measure=measure)
    if not form.is_valid():
        return form
    try:
        services.measure_move(
            measure=measure,
            by=by,
            to=form.cleaned_data["to"],
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except services.StaleEdit as stale:
        return _stale(data, stale.current, form_class)
    except ValidationError as error:
        add_service_errors(form, error)
        return form
    return None


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

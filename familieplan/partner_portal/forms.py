"""What a partner user can do with a measure they are responsible for: move its status (with
the measure's version) and comment (once per form: a `submit_token`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin
from familieplan.plans.forms import MeasureMoveForm
from familieplan.plans.models import Measure

PARTNER_MOVES = [
    (Measure.Status.IN_PROGRESS, _("Vi har startet")),
    (Measure.Status.DONE, _("Utført")),
]


class MeasureStatusForm(MeasureMoveForm):
    """Start or finish the service's own measure: of these two, the moves `plans/rules.py`
    allows from its status (none from «foreslått»: the coordinator plans it first)."""

    offered = PARTNER_MOVES
    reason = forms.CharField(
        label=_("Kort om hva som ble gjort"),
        max_length=500,
        required=False,
        help_text=_("Må fylles ut når tiltaket er utført."),
    )


class CommentForm(SubmitOnceMixin, forms.Form):
    """A comment under one measure of the page (`measure_id` says whose a kept one was)."""

    text = forms.CharField(
        label=_("Kommentar til koordinatoren"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Skriv en kommentar.")},
    )
    measure_id = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, measure=None, **kwargs):
        if measure is not None:
            kwargs.setdefault("auto_id", f"comment-{measure.pk}-%s")
        super().__init__(*args, **kwargs)
        if measure is not None:
            self.initial.setdefault("measure_id", str(measure.pk))

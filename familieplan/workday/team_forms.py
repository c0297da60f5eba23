"""The bulk hand-over form: which families (each as the lead saw it), to whom, and why."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin

#: More than a page lists is no form anyone sent.
MAX_PICKS = 200


class PickedFamilies(forms.Field):
    """The ticked families, each `<family id>:<version it had on the page>`; cleaned into
    (UUID, version) pairs. Whether a family is still the coordinator's and unchanged is the
    service's question (under lock), not the form's."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"required": _("Velg minst én familie som skal overføres.")},
        )
        super().__init__(**kwargs)

    def to_python(self, value) -> list[tuple[uuid.UUID, int]]:
        if not value:
            return []
        if not isinstance(value, list | tuple) or len(value) > MAX_PICKS:
            raise ValidationError(_("Skjemaet er ødelagt. Last inn siden på nytt."), code="invalid")
        picks: dict[uuid.UUID, int] = {}
        for item in value:
            family, _sep, version = str(item).partition(":")
            try:
                key = uuid.UUID(family)
            except ValueError:
                raise ValidationError(
                    _("Skjemaet er ødelagt. Last inn siden på nytt."), code="invalid"
                ) from None
            if not (version.isascii() and version.isdigit() and len(version) < 10):
                raise ValidationError(
                    _("Skjemaet er ødelagt. Last inn siden på nytt."), code="invalid"
                )
            picks[key] = int(version)
        return sorted(picks.items())


class HandOverForm(SubmitOnceMixin, forms.Form):
    """Made once per page (its token): a second press hands nothing over twice."""

    families = PickedFamilies(label=_("Familier som skal overføres"))
    to = forms.ChoiceField(
        label=_("Ny koordinator"),
        error_messages={
            "required": _("Velg hvem familiene skal overføres til."),
            "invalid_choice": _("Velg en koordinator i teamet ditt."),
        },
    )
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Hvorfor familiene overføres, og hva den nye koordinatoren må vite. "
            "Står i historikken til hver familie."
        ),
        error_messages={"required": _("Skriv hvorfor familiene overføres.")},
    )

    def __init__(self, *args, receivers: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [("", _("Velg koordinator")), *receivers]

    @property
    def picked_values(self) -> set[str]:
        """The families ticked on the page as sent (or kept after a login), to tick again."""
        if self.is_bound:
            return set(self.data.getlist(self.add_prefix("families")))
        initial = self.initial.get("families") or []
        return {str(value) for value in initial} if isinstance(initial, list) else set()

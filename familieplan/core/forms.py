from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class PeriodSearchForm(forms.Form):
    """A log search's period: from and to a date, both optional, the end not before the start."""

    date_from = forms.DateField(
        label=_("Fra dato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )
    date_to = forms.DateField(
        label=_("Til dato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Til-datoen kan ikke være før fra-datoen."))
        return data


class AccessLogSearchForm(PeriodSearchForm):
    """Search the access log by family, user and period (privacy officer)."""

    family = forms.UUIDField(
        label=_("Familie-ID"),
        required=False,
        help_text=_("Den anonyme ID-en fra adressen til familiesiden."),
        error_messages={"invalid": _("Skriv en gyldig familie-ID (fra adressen til familien).")},
    )
    user = forms.CharField(label=_("Brukernavn"), required=False, max_length=150)
    field_order = ["family", "user", "date_from", "date_to"]

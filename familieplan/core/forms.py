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
    """Search the access log by family (its name or a member's), user and period (privacy
    officer). The family found by name is chosen from a list, which carries its id."""

    name = forms.CharField(
        label=_("Familie eller familiemedlem"),
        required=False,
        max_length=100,
        help_text=_("Familiens navn, eller fornavn eller etternavn til noen i familien."),
    )
    family = forms.UUIDField(
        label=_("Valgt familie"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Skriv en gyldig familie-ID (fra adressen til familien).")},
    )
    user = forms.CharField(label=_("Brukernavn"), required=False, max_length=150)
    field_order = ["name", "family", "user", "date_from", "date_to"]

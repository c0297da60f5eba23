"""Form fields for Norwegian data: identity numbers, dates that must be plausible."""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.lib.identity import InvalidIdentityNumber, validate

ID_ERRORS = {
    "length": _("Fødselsnummeret må ha 11 siffer."),
    "digits": _("Fødselsnummeret kan bare inneholde siffer."),
    "checksum": _("Fødselsnummeret er ikke gyldig. Sjekk at alle sifrene er riktige."),
    "date": _("Fødselsnummeret har ikke en gyldig dato i de seks første sifrene."),
    "synthetic_not_allowed": _("Syntetiske testnumre kan ikke brukes her."),
}


def synthetic_allowed() -> bool:
    """Test-Norge numbers (month + 80) are accepted only in demo and test data."""
    return settings.DEMO_MODE or settings.TESTING


class NationalIdField(forms.CharField):
    """Fødselsnummer, D-, H- or FH-number (REFERENCE.md §5, with the 2032 rule).

    The error message never repeats the number.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 13)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        try:
            return validate(value, allow_synthetic=synthetic_allowed()).digits
        except InvalidIdentityNumber as error:
            raise forms.ValidationError(ID_ERRORS[error.code], code=error.code) from None


class PastDateField(forms.DateField):
    """A date that is not in the future and not absurdly old."""

    def __init__(self, *, max_age_years: int = 120, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault(
            "error_messages", {"invalid": _("Skriv en gyldig dato, for eksempel 17.05.2015.")}
        )
        super().__init__(**kwargs)
        self.max_age_years = max_age_years

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(_("Datoen kan ikke være fram i tid."), code="future")
        if value < date(today.year - self.max_age_years, 1, 1):
            raise forms.ValidationError(_("Datoen er for langt tilbake i tid."), code="too_old")


class DateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault(
            "error_messages", {"invalid": _("Skriv en gyldig dato, for eksempel 17.05.2025.")}
        )
        super().__init__(**kwargs)

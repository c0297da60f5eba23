"""Forms for a family's incomes, expenses, debts and balance, used by staff and by the family.

Bad input gets its message next to the field and nothing is saved: a negative or zero amount,
a rhythm without its day or first date, a period that ends before it starts. An amount over
NOK 10 million is asked about: the form comes back with a box to tick if it is right.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin, VersionedFormMixin
from familieplan.economy.models import Balance, Debt, Expense, IncomeSource, Scheme
from familieplan.families.forms.fields import DateField
from familieplan.lib.rhythm import Rhythm

AS_SCHEME, YES, NO = "scheme", "yes", "no"

#: Above this, an amount is asked about before it is saved.
LARGE_AMOUNT = Decimal("10000000")
#: Refused outright: no household amount is this large (and the column would overflow).
ABSURD_AMOUNT = Decimal("1000000000")

AMOUNT_ERRORS = {
    "required": _("Skriv beløpet i kroner."),
    "invalid": _("Skriv beløpet med siffer, for eksempel 1450 eller 1450,50."),
    "min_value": _("Beløpet må være større enn 0 kr."),
    "max_digits": _("Beløpet er for stort."),
    "max_decimal_places": _("Skriv beløpet med høyst to desimaler (øre)."),
    "max_whole_digits": _("Beløpet er for stort."),
}


def amount_field(label, *, required: bool = True, allow_zero: bool = False, **kwargs):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0") if allow_zero else Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        error_messages=AMOUNT_ERRORS
        | ({"min_value": _("Beløpet kan ikke være negativt.")} if allow_zero else {}),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


class LargeAmountMixin:
    """An amount over 10 million kroner is asked about once: tick the box and save again."""

    amount_fields: tuple[str, ...] = ("amount",)
    fields: dict
    cleaned_data: dict
    data: dict
    add_prefix: Callable[[str], str]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Hidden until an amount is asked about; then a box to tick beside the message.
        self.fields["confirm_large"] = forms.BooleanField(
            label=_("Ja, beløpet er riktig"), required=False, widget=forms.HiddenInput
        )

    def clean_confirm_large(self) -> bool:
        # A box ticked, or the hidden "not asked" value; anything else is a broken form.
        raw = self.data.get(self.add_prefix("confirm_large"), "")
        if raw not in ("", "on", "True", "False"):
            raise forms.ValidationError(_("Skjemaet er ødelagt. Last inn siden på nytt."))
        return self.cleaned_data.get("confirm_large", False)

    def check_amounts(self) -> None:
        for name in self.amount_fields:
            value = self.cleaned_data.get(name)
            if value is None:
                continue
            if value >= ABSURD_AMOUNT:
                self.add_error(name, _("Beløpet er for stort. Sjekk at det er skrevet riktig."))
            elif value > LARGE_AMOUNT and not self.cleaned_data.get("confirm_large"):
                self.fields["confirm_large"].widget = forms.CheckboxInput()
                self.add_error(
                    name,
                    _(
                        "Beløpet er over 10 millioner kroner. Stemmer det? Kryss av for "
                        "«Ja, beløpet er riktig» og lagre igjen."
                    ),
                )


class TimingMixin:
    """The rhythm's fields: monthly needs the day, every 14 days, yearly and once the first
    date; the period's end is not before its start. A field the rhythm does not use is
    cleared, so the stored row means one thing."""

    fields: dict
    cleaned_data: dict

    def check_timing(self) -> None:
        data = self.cleaned_data
        rhythm = data.get("rhythm")
        if rhythm == Rhythm.MONTHLY:
            if not data.get("day_of_month"):
                self.add_error(
                    "day_of_month", _("Skriv hvilken dag i måneden pengene kommer eller går.")
                )
            data["anchor"] = None
        elif rhythm in (Rhythm.EVERY_14_DAYS, Rhythm.YEARLY, Rhythm.ONCE):
            if not data.get("anchor"):
                self.add_error(
                    "anchor",
                    _(
                        "Skriv datoen første gang (for «én gang»: datoen) – den trengs for å "
                        "vite når."
                    ),
                )
            data["day_of_month"] = None
        elif rhythm == Rhythm.IRREGULAR:
            data["day_of_month"] = None
            data["anchor"] = None
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("«Gjelder til» kan ikke være før «gjelder fra»."))


class _EconomyForm(
    LargeAmountMixin, TimingMixin, SubmitOnceMixin, VersionedFormMixin, forms.ModelForm
):
    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        if "member" in self.fields:
            self.fields["member"].queryset = family.current_members().order_by("birth_date")
            self.fields["member"].empty_label = _("Husholdningen")
        for name in ("anchor", "valid_from", "valid_to"):
            if name in self.fields:
                self.fields[name] = DateField(
                    label=self.fields[name].label,
                    required=False,
                    help_text=self.fields[name].help_text,
                )
        if "day_of_month" in self.fields:
            self.fields["day_of_month"].error_messages.update(
                {
                    "min_value": _("Dagen i måneden er fra 1 til 31."),
                    "max_value": _(
                        "Dagen i måneden er fra 1 til 31. Den 31. blir siste dag i korte måneder."
                    ),
                    "invalid": _("Skriv dagen i måneden som et tall fra 1 til 31."),
                }
            )

    def clean(self):
        data = super().clean()
        self.check_amounts()
        if "rhythm" in self.fields:
            self.check_timing()
        return data


TIMING_FIELDS = ["amount", "rhythm", "day_of_month", "anchor", "valid_from", "valid_to"]


class IncomeForm(_EconomyForm):
    amount_fields = ("amount", "amount_max")

    class Meta:
        model = IncomeSource
        fields = [
            "scheme",
            "member",
            *TIMING_FIELDS,
            "amount_max",
            "basis",
            "counts_for_social_assistance",
            "counts_for_low_income",
            "evidence",
            "note",
        ]

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, family=family, **kwargs)
        self.fields["scheme"].queryset = Scheme.objects.for_municipality(family.municipality_id)
        self.fields["scheme"].label_from_instance = lambda scheme: str(scheme.label)
        self.fields["amount"] = amount_field(_("Beløp hver gang (kr)"))
        self.fields["amount_max"] = amount_field(
            _("Høyeste forventede beløp (kr)"),
            required=False,
            help_text=_("Bare for ujevne utbetalinger: beløpet over er det laveste man venter."),
        )
        # Whether the money counts is the scheme's rule unless the person says otherwise
        # (barnetrygd: not income for social assistance since 1 September 2022).
        for name, label in (
            ("counts_for_social_assistance", _("Regnes som inntekt ved sosialhjelp")),
            ("counts_for_low_income", _("Regnes med mot lavinntektsgrensen")),
        ):
            stored = getattr(self.instance, name)
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[(AS_SCHEME, _("Som for ordningen")), (YES, _("Ja")), (NO, _("Nei"))],
                required=False,
            )
            # The form's initial from the row is a bool; the choice shows it as yes or no.
            self.initial[name] = (
                AS_SCHEME if self.instance._state.adding else (YES if stored else NO)
            )
        self.fields["counts_for_social_assistance"].help_text = _(
            "Barnetrygd regnes ikke som inntekt ved sosialhjelp fra 1. september 2022."
        )

    def clean(self):
        data = super().clean()
        low, high = data.get("amount"), data.get("amount_max")
        if high is not None and data.get("rhythm") != Rhythm.IRREGULAR:
            data["amount_max"] = None
        elif low is not None and high is not None and high < low:
            self.add_error(
                "amount_max", _("Det høyeste beløpet kan ikke være lavere enn det laveste.")
            )
        scheme = data.get("scheme")
        for name in ("counts_for_social_assistance", "counts_for_low_income"):
            choice = data.get(name) or AS_SCHEME
            data[name] = getattr(scheme, name, True) if choice == AS_SCHEME else choice == YES
            # Also on the row: a choice left out of the post would keep the model's default.
            setattr(self.instance, name, data[name])
        return data


class ExpenseForm(_EconomyForm):
    class Meta:
        model = Expense
        fields = ["kind", "label_text", "member", *TIMING_FIELDS, "note"]

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, family=family, **kwargs)
        self.fields["amount"] = amount_field(_("Beløp hver gang (kr)"))
        self.fields["day_of_month"].label = _("Forfaller dag i måneden")


class DebtForm(LargeAmountMixin, SubmitOnceMixin, VersionedFormMixin, forms.ModelForm):
    amount_fields = ("outstanding", "instalment")

    class Meta:
        model = Debt
        fields = [
            "creditor",
            "kind",
            "member",
            "outstanding",
            "instalment",
            "instalment_day",
            "status",
            "debt_advice",
            "note",
        ]

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["member"].queryset = family.current_members().order_by("birth_date")
        self.fields["member"].empty_label = _("Husholdningen")
        self.fields["outstanding"] = amount_field(_("Utestående (kr)"), allow_zero=True)
        self.fields["instalment"] = amount_field(_("Avdrag per måned (kr)"), required=False)
        self.fields["creditor"].error_messages["required"] = _("Skriv hvem gjelden er til.")

    def clean(self):
        data = super().clean()
        self.check_amounts()
        if data.get("instalment") and not data.get("instalment_day"):
            self.add_error("instalment_day", _("Skriv hvilken dag avdraget trekkes."))
        return data


class BalanceForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = Balance
        fields = ["amount", "on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"] = forms.DecimalField(
            label=_("Saldo på konto (kr)"),
            max_digits=12,
            decimal_places=2,
            localize=True,
            max_value=ABSURD_AMOUNT,
            min_value=-ABSURD_AMOUNT,
            error_messages=AMOUNT_ERRORS,
            help_text=_("Det familien har på konto ved starten av dagen. Kan være under null."),
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
        self.fields["on"] = DateField(label=_("Dato"))

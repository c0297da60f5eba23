from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin
from familieplan.economy.forms import LargeAmountMixin, amount_field
from familieplan.economy.models import Expense, IncomeSource, Scenario, ScenarioChange, Scheme
from familieplan.families.forms.fields import DateField


class ScenarioForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = Scenario
        fields = ["name", "estimate_assistance"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _(
            "Gi scenarioet et navn, for eksempel «Deltidsjobb fra mars»."
        )


class ScenarioChangeForm(LargeAmountMixin, SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = ScenarioChange
        fields = [
            "kind",
            "starts_on",
            "scheme",
            "income",
            "expense_kind",
            "expense",
            "amount",
            "day_of_month",
            "label",
        ]

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        municipality_id = family.municipality_id
        self.fields["starts_on"] = DateField(label=_("Fra dato"))
        self.fields["scheme"].queryset = Scheme.objects.for_municipality(municipality_id)
        self.fields["scheme"].label_from_instance = lambda s: str(s.label)
        self.fields["scheme"].label = _("Ny inntekt: ordning")
        self.fields["income"].queryset = IncomeSource.objects.filter(
            municipality_id=municipality_id, family=family
        ).select_related("scheme")
        self.fields["income"].label = _("Inntekten det gjelder")
        self.fields["income"].label_from_instance = lambda i: f"{i.label} ({i.amount:.0f} kr)"
        self.fields["expense"].queryset = Expense.objects.filter(
            municipality_id=municipality_id, family=family
        )
        self.fields["expense"].label = _("Utgiften det gjelder")
        self.fields["expense"].label_from_instance = lambda e: f"{e.label} ({e.amount:.0f} kr)"
        self.fields["expense_kind"].label = _("Ny utgift: hva")
        self.fields["expense_kind"].choices = [("", "–"), *Expense.Kind.choices]
        self.fields["amount"] = amount_field(
            _("Beløp per måned (kr)"),
            required=False,
            help_text=_("For ny inntekt eller utgift, og for et endret beløp. Netto for lønn."),
        )
        self.fields["day_of_month"].label = _("Dag i måneden (ny inntekt eller utgift)")
        self.fields["day_of_month"].error_messages.update(
            {
                "min_value": _("Dagen i måneden er fra 1 til 31."),
                "max_value": _("Dagen i måneden er fra 1 til 31."),
            }
        )

    def clean(self):
        data = super().clean()
        self.check_amounts()
        return data

"""Forms for screening, the intake decision, enrolment changes and coordinator assignment."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin, VersionedFormMixin
from familieplan.families.forms.fields import DateField
from familieplan.families.models import (
    CoordinatorAssignment,
    Enrolment,
    IntakeDecision,
    ProgrammeSettings,
    ReferenceMedian,
)
from familieplan.families.services import income_years_needed, missing_medians

INCOME_ERRORS = {
    "invalid": _("Skriv beløpet i hele kroner, bare med siffer (for eksempel 312000)."),
    "min_value": _("Inntekten kan ikke være negativ."),
    "max_digits": _("Beløpet er for stort."),
    "max_decimal_places": _("Skriv beløpet i hele kroner."),
}


class ScreeningForm(SubmitOnceMixin, forms.Form):
    """Income per year (as the programme's rules need), months on assistance, manual criteria."""

    income_year = forms.IntegerField(
        label=_("Siste inntektsår"),
        help_text=_("Året inntekten gjelder (vanligvis fjorårets skatteoppgjør)."),
        error_messages={"invalid": _("Skriv et årstall, for eksempel 2024.")},
    )
    months_on_social_assistance = forms.IntegerField(
        label=_("Måneder med økonomisk sosialhjelp siste 12 måneder"),
        required=False,
        min_value=0,
        max_value=12,
        error_messages={
            "invalid": _("Skriv et tall fra 0 til 12."),
            "min_value": _("Skriv et tall fra 0 til 12."),
            "max_value": _("Skriv et tall fra 0 til 12."),
        },
    )
    manual_confirmed = forms.MultipleChoiceField(
        label=_("Skjønnsmessige kriterier som er oppfylt"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, programme: ProgrammeSettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        # Start from the newest year that has a median; last year otherwise.
        latest = (
            ReferenceMedian.objects.filter(
                scale=programme.scale, year__lt=timezone.localdate().year
            )
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        self.fields["income_year"].initial = latest or timezone.localdate().year - 1
        labels = {
            2: _("Husholdningens inntekt etter skatt to år før inntektsåret"),
            1: _("Husholdningens inntekt etter skatt året før inntektsåret"),
            0: _("Husholdningens samlede inntekt etter skatt i inntektsåret"),
        }
        for offset in (2, 1, 0) if self._persistent else (0,):
            self.fields[f"income_{offset}"] = forms.DecimalField(
                label=labels[offset],
                min_value=Decimal("0"),
                max_digits=11,
                decimal_places=0,
                error_messages={**INCOME_ERRORS, "required": _("Skriv inntekten for året.")},
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
            )
        self.fields["income_0"].help_text = _(
            "Alle i husholdningen: arbeid, trygder og stønader (også bostøtte), minus skatt."
        )
        criteria = programme.manual_criteria_list
        self.fields["manual_confirmed"].choices = [(c, c) for c in criteria]
        if not criteria:
            del self.fields["manual_confirmed"]
        if programme.months_on_social_assistance_min is None:
            del self.fields["months_on_social_assistance"]
        self.order_fields(["income_year", "income_2", "income_1", "income_0"])

    @property
    def _persistent(self) -> bool:
        return self.programme.rule_persistent_low_income

    def clean_income_year(self):
        year = self.cleaned_data["income_year"]
        this_year = timezone.localdate().year
        if not 2000 <= year <= this_year:
            raise forms.ValidationError(
                _("Skriv et inntektsår mellom 2000 og %(year)s.") % {"year": this_year}
            )
        missing = missing_medians(self.programme, income_years_needed(self.programme, year))
        if missing:
            raise forms.ValidationError(
                _(
                    "Det finnes ingen medianinntekt for %(years)s ennå, så grensen kan ikke "
                    "regnes ut. Be en administrator legge inn tallet fra SSB, eller velg et "
                    "annet år."
                )
                % {"years": ", ".join(str(y) for y in missing)},
                code="missing_median",
            )
        return year

    def clean(self):
        data = super().clean()
        if (
            "months_on_social_assistance" in self.fields
            and data.get("months_on_social_assistance") is None
            and "months_on_social_assistance" not in self.errors
        ):
            self.add_error(
                "months_on_social_assistance",
                _("Skriv antall måneder (0 hvis familien ikke har hatt sosialhjelp)."),
            )
        return data

    def incomes(self) -> dict[int, Decimal]:
        year = self.cleaned_data["income_year"]
        return {
            year - offset: self.cleaned_data[f"income_{offset}"]
            for offset in (2, 1, 0)
            if f"income_{offset}" in self.cleaned_data
        }


class DecisionForm(SubmitOnceMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Beslutning"), choices=IntakeDecision.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    consent_given_by = forms.ModelChoiceField(
        label=_("Hvem samtykket til å delta"),
        queryset=None,
        required=False,
        help_text=_("Må fylles ut når familien inkluderes eller settes på venteliste."),
    )
    consent_form = forms.ChoiceField(
        label=_("Hvordan samtykket ble gitt"),
        required=False,
        choices=[("", "–"), *IntakeDecision.ConsentForm.choices],
    )
    consent_given_on = DateField(label=_("Samtykkedato"), required=False)

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_given_by"].queryset = family.current_members().filter(
            role__in=[r.value for r in family.members.model.ADULT_ROLES]
        )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == IntakeDecision.Outcome.INCLUDED:
            for name in ("consent_given_by", "consent_form", "consent_given_on"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Familien må samtykke før den kan inkluderes."))
        on = data.get("consent_given_on")
        if on and on > timezone.localdate():
            self.add_error("consent_given_on", _("Datoen kan ikke være fram i tid."))
        return data


class EnrolmentChangeForm(SubmitOnceMixin, VersionedFormMixin, forms.Form):
    """A move of the enrolment, made from the version shown (two people moving it at once:
    the second sees the first one's move); the event is recorded once per form."""

    to = forms.ChoiceField(label=_("Ny status"), choices=())
    on = DateField(label=_("Fra dato"))
    end_reason = forms.ChoiceField(
        label=_("Grunn til avslutning"),
        required=False,
        choices=[("", "–"), *Enrolment.EndReason.choices],
    )
    note = forms.CharField(
        label=_("Merknad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args, enrolment: Enrolment, **kwargs):
        super().__init__(*args, version_of=enrolment, **kwargs)
        self.enrolment = enrolment
        self.fields["to"].choices = [
            (s.value, s.label) for s in Enrolment.Status if enrolment.can_move_to(s)
        ]
        self.fields["on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("to") == Enrolment.Status.ENDED and not data.get("end_reason"):
            self.add_error("end_reason", _("Velg hvorfor deltakelsen avsluttes."))
        on = data.get("on")
        if on and self.enrolment.started_on and on < self.enrolment.started_on:
            self.add_error("on", _("Datoen kan ikke være før deltakelsen startet."))
        if on and on > timezone.localdate() + timezone.timedelta(days=31):
            self.add_error("on", _("Datoen kan ikke være mer enn en måned fram i tid."))
        return data


class AssignCoordinatorForm(SubmitOnceMixin, VersionedFormMixin, forms.Form):
    """Made from the family's version: a hand-over decided by someone else meanwhile is
    shown, not silently replaced."""

    coordinator = forms.ModelChoiceField(label=_("Koordinator"), queryset=None)
    kind = forms.ChoiceField(
        label=_("Rolle"),
        choices=CoordinatorAssignment.Kind.choices,
        widget=forms.RadioSelect,
        initial=CoordinatorAssignment.Kind.PRIMARY,
    )
    note = forms.CharField(
        label=_("Overlevering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hva den nye koordinatoren må vite. Vises i historikken."),
        max_length=4000,
    )

    def __init__(self, *args, coordinators, family, **kwargs):
        super().__init__(*args, version_of=family, **kwargs)
        self.fields["coordinator"].queryset = coordinators
        self.fields["coordinator"].label_from_instance = lambda u: u.display_name

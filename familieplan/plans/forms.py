"""Forms for the plan pages. Services check the rules; forms check shape and say it plainly.

A form that makes a record (a plan, a goal, a measure, a review, an agreement) carries a
`submit_token`, an edit the version it was made from (core/concurrency.py); the measure's
form without either is the base the meeting's decision form builds on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin, VersionedFormMixin, VersionField
from familieplan.families.forms.fields import DateField
from familieplan.partners.models import Partner
from familieplan.plans import rules
from familieplan.plans.models import FamilyPlan, Goal, Measure, PlanAgreement
from familieplan.plans.queries import agreeing_members


class PlanForm(forms.ModelForm):
    period_start = DateField(label=_("Planen gjelder fra"))
    period_end = DateField(label=_("Planen gjelder til"))
    next_review_on = DateField(label=_("Neste evaluering"), required=False)

    class Meta:
        model = FamilyPlan
        fields = [
            "legal_basis",
            "period_start",
            "period_end",
            "participants",
            "resources",
            "needs",
            "contributions",
            "next_review_on",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("participants", "resources", "needs", "contributions")
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Sluttdatoen kan ikke være før startdatoen."))
        return data


class PlanCreateForm(SubmitOnceMixin, PlanForm):
    pass


class GoalForm(forms.ModelForm):
    target_date = DateField(label=_("Når målet skal være nådd"), required=False)

    class Meta:
        model = Goal
        fields = [
            "domain",
            "member",
            "own_words",
            "members_own_voice",
            "professional_wording",
            "priority",
            "target_date",
        ]
        widgets = {
            "own_words": forms.Textarea(attrs={"rows": 3}),
            "professional_wording": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = family.municipality.domains.filter(active=True)
        self.fields["domain"].empty_label = None
        self.fields["member"].queryset = family.current_members()
        self.fields["member"].empty_label = _("Hele familien")


class GoalCreateForm(SubmitOnceMixin, GoalForm):
    pass


class MeasureForm(forms.ModelForm):
    due_on = DateField(label=_("Frist"))

    class Meta:
        model = Measure
        fields = [
            "what",
            "responsible_kind",
            "responsible_user",
            "responsible_member",
            "responsible_partner",
            "due_on",
            "family_part",
            "status",
        ]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 2}),
            "family_part": forms.Textarea(attrs={"rows": 2}),
            "responsible_kind": forms.RadioSelect,
        }

    def __init__(self, *args, family, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].queryset = coordinators
        self.fields["responsible_user"].label_from_instance = lambda u: u.display_name
        self.fields["responsible_member"].queryset = family.current_members()
        self.fields["responsible_partner"].queryset = Partner.objects.available_in(
            family.municipality_id
        ).filter(active=True)
        if "status" in self.fields:
            self.fields["status"].choices = [
                (Measure.Status.PLANNED, Measure.Status.PLANNED.label),
                (Measure.Status.SUGGESTED, Measure.Status.SUGGESTED.label),
            ]

    def clean(self):
        """Keep only the responsible party that matches the chosen kind."""
        data = super().clean()
        kind = data.get("responsible_kind")
        keep = {
            "coordinator": "responsible_user",
            "member": "responsible_member",
            "service": "responsible_partner",
        }.get(kind)
        for name in ("responsible_user", "responsible_member", "responsible_partner"):
            if name != keep:
                data[name] = None
        if keep and not data.get(keep):
            self.add_error(keep, _("Velg hvem som er ansvarlig."))
        return data


class MeasureCreateForm(SubmitOnceMixin, MeasureForm):
    pass


class MeasureMoveForm(forms.Form):
    """A move of one measure along its lifecycle: only the moves `rules.py` allows from its
    current status are offered (of `offered`, the moves and labels a page offers at all: every
    status here, fewer on the partner's page); the first choice is "no change", which is never
    sent as a move. One form per measure on a page: its ids carry the measure's (`to-<id>`,
    `reason-<id>`), and a hidden `measure_id` says whose a form kept over an expired session
    was (`inline_kept.py`)."""

    #: (status, label) a page offers; None: every status, with its own label.
    offered: list[tuple[str, str]] | None = None

    to = forms.ChoiceField(label=_("Ny status"), required=False)
    reason = forms.CharField(
        label=_("Kort begrunnelse"),
        required=False,
        max_length=500,
        help_text=_("Må fylles ut når tiltaket avsluttes."),
    )
    version = VersionField()
    measure_id = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, measure: Measure, **kwargs):
        kwargs.setdefault("auto_id", f"%s-{measure.pk}")
        kwargs.setdefault("initial", {"version": measure.version})
        super().__init__(data, **kwargs)
        self.measure = measure
        self.initial["measure_id"] = str(measure.pk)
        allowed = rules.MEASURE_TRANSITIONS[measure.status]
        offered = Measure.Status.choices if self.offered is None else self.offered
        self.moves = [(value, label) for value, label in offered if value in allowed]
        status = measure.get_status_display()
        self.fields["to"].choices = [
            ("", _("Ingen endring (nå: %(status)s)") % {"status": status}),
            *self.moves,
        ]
        self.fields["to"].error_messages["invalid_choice"] = _(
            "Tiltaket kan ikke gå fra «%(from)s» dit. Velg en av statusene i lista."
        ) % {"from": status}

    def clean(self):
        data = super().clean()
        if self.measure.is_final:
            raise forms.ValidationError(
                _("Tiltaket er avsluttet og kan ikke endres. Lag et nytt tiltak i stedet."),
                code="final",
            )
        if data.get("measure_id") not in ("", None, str(self.measure.pk)):
            # Another measure's form sent here (an address or a page out of step): nothing is
            # moved that the person did not choose.
            raise forms.ValidationError(
                _("Skjemaet hører til et annet tiltak. Last inn siden på nytt og prøv igjen."),
                code="other_measure",
            )
        if "to" in data and not data["to"]:
            self.add_error("to", _("Velg hvilken status tiltaket skal få."))
        elif rules.needs_reason(data.get("to", "")) and not data.get("reason", "").strip():
            self.add_error("reason", _("Skriv en kort begrunnelse for å avslutte."))
        return data


class AgreementForm(SubmitOnceMixin, forms.ModelForm):
    """One member's agreement to the version of the plan on the page (`version`, hidden: the
    plan's): only those who may agree today are offered (`queries.may_agree`)."""

    agreed_on = DateField(label=_("Dato"))
    version = VersionField()

    class Meta:
        model = PlanAgreement
        fields = ["member", "how", "agreed_on"]

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        may = [m.pk for m in agreeing_members(family)]
        self.fields["member"].queryset = family.members.filter(pk__in=may)
        self.fields["member"].help_text = _(
            "Voksne i husholdningen og ungdom som har nådd samtykkealderen."
        )


class ReviewForm(SubmitOnceMixin, forms.Form):
    held_on = DateField(label=_("Evalueringen ble holdt"))
    what_changed = forms.CharField(
        label=_("Hva er endret, og hvordan går det med målene?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    next_review_on = DateField(label=_("Neste evaluering"))


class MeasureEditForm(VersionedFormMixin, MeasureForm):
    """The measure's content, with the version seen; status moves have their own form."""

    class Meta(MeasureForm.Meta):
        fields = [
            "what",
            "responsible_kind",
            "responsible_user",
            "responsible_member",
            "responsible_partner",
            "due_on",
            "family_part",
        ]


class PlanEditForm(VersionedFormMixin, PlanForm):
    """The plan's frame, with the plan's version seen (bumped by any change in the plan)."""


class GoalEditForm(VersionedFormMixin, GoalForm):
    """The goal's wording, domain, person, priority, date and status, with the version seen."""

    class Meta(GoalForm.Meta):
        fields = [*GoalForm.Meta.fields, "status", "status_reason"]


class ReopenForm(SubmitOnceMixin, forms.Form):
    due_on = DateField(label=_("Ny frist"))

"""Forms on the family's own pages: plain words, few fields. Each makes a record (a proposal,
a comment, a consent) and carries a `submit_token`: sent twice, it makes one
(core/concurrency.py)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin
from familieplan.families.models import Domain
from familieplan.partners.models import Partner
from familieplan.partners.topics import topic_choices
from familieplan.portal.models import Proposal
from familieplan.portal.visibility import Viewer


def _people(viewer: Viewer, *, whole_family: bool) -> list[tuple[str, str]]:
    choices = [("", _("Hele familien"))] if whole_family else []
    for member in viewer.family.members.all():
        if member.pk in viewer.people:
            label = _("Meg") if member.pk == viewer.member.pk else member.first_name
            choices.append((str(member.pk), label))
    return choices


class TextForm(SubmitOnceMixin, forms.Form):
    text = forms.CharField(
        label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class ProposalForm(SubmitOnceMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva vil du foreslå"),
        choices=[
            (Proposal.Kind.NEW_GOAL, _("Et nytt mål")),
            (Proposal.Kind.CHANGE, _("En endring")),
        ],
        widget=forms.RadioSelect,
        initial=Proposal.Kind.NEW_GOAL,
    )
    domain = forms.ModelChoiceField(
        label=_("Livsområde"),
        queryset=Domain.objects.none(),
        required=False,
        empty_label=_("Vet ikke"),
    )
    about = forms.ChoiceField(label=_("Hvem gjelder det"), required=False)
    text = forms.CharField(
        label=_("Skriv med dine egne ord"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )

    def __init__(self, *args, viewer: Viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["domain"].queryset = Domain.objects.filter(
            municipality_id=viewer.family.municipality_id, active=True
        ).order_by("order")
        self.fields["about"].choices = _people(viewer, whole_family=True)

    def about_member(self):
        pk = self.cleaned_data.get("about")
        return self.viewer.family.members.filter(pk=pk).first() if pk else None


class ConsentForm(SubmitOnceMixin, forms.Form):
    partner = forms.ModelChoiceField(label=_("Tjeneste"), queryset=Partner.objects.none())
    subject = forms.ChoiceField(label=_("Hvem gjelder samtykket"))
    topics = forms.MultipleChoiceField(
        label=_("Hva tjenesten kan få vite"),
        choices=topic_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(label=_("Hvorfor (kan stå tomt)"), required=False, max_length=500)
    valid_until = forms.DateField(
        label=_("Gjelder til"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, viewer: Viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.fields["partner"].queryset = Partner.objects.filter(
            Q(municipality_id=viewer.family.municipality_id) | Q(municipality__isnull=True),
            active=True,
        ).order_by("name")
        self.fields["subject"].choices = _people(viewer, whole_family=False)
        self.fields["valid_until"].initial = timezone.localdate() + timedelta(days=365)

    def subject_member(self):
        return self.viewer.family.members.filter(pk=self.cleaned_data["subject"]).first()

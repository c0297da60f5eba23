"""Forms for the partner directory and for consent."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin, VersionedFormMixin
from familieplan.families.forms.fields import DateField
from familieplan.lib.orgnr import InvalidOrgNumber, validate_org_number
from familieplan.partners.models import Consent, Partner, PartnerContact
from familieplan.partners.topics import topic_choices

ORG_ERRORS = {
    "length": _("Organisasjonsnummeret har 9 siffer."),
    "digits": _("Organisasjonsnummeret kan bare inneholde siffer."),
    "checksum": _("Organisasjonsnummeret er ikke gyldig. Sjekk sifrene i Enhetsregisteret."),
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}


class PartnerForm(SubmitOnceMixin, VersionedFormMixin, forms.ModelForm):
    """A new service is added once however often the form is sent; an edit states the
    version it was made from (two people editing the directory: the second sees the first)."""

    #: Longer than the nine digits stored: people type "974 760 673" or "974.760.673".
    org_number = forms.CharField(
        label=_("Organisasjonsnummer"),
        max_length=15,
        required=False,
        help_text=_("9 siffer, fra Enhetsregisteret."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "org_number",
            "department",
            "street",
            "postal_code",
            "city",
            "phone",
            "email",
            "active",
        ]
        widgets = {
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def clean_org_number(self):
        value = self.cleaned_data["org_number"].strip()
        if not value:
            return ""
        try:
            return validate_org_number(value)
        except InvalidOrgNumber as error:
            raise forms.ValidationError(ORG_ERRORS[error.code], code=error.code) from None

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if value and not (value.isdigit() and len(value) == 4):
            raise forms.ValidationError(_("Postnummeret har fire siffer."))
        return value


class ContactForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["name", "title", "phone", "email"]


class ConsentForm(SubmitOnceMixin, forms.Form):
    partner = forms.ModelChoiceField(label=_("Tjeneste"), queryset=Partner.objects.none())
    subject = forms.ModelChoiceField(
        label=_("Hvem opplysningene gjelder"), queryset=None, empty_label=None
    )
    given_by = forms.ModelChoiceField(
        label=_("Hvem som svarte"),
        queryset=None,
        empty_label=None,
        help_text=_(
            "En voksen svarer for seg selv. For et barn svarer en forelder eller foresatt; "
            "ungdom som har nådd aldersgrensen, svarer selv."
        ),
    )
    decision = forms.ChoiceField(
        label=_("Svar"), choices=Consent.Decision.choices, widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label=_("Hva tjenesten kan få se"),
        choices=topic_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Helse og barnevern krever skriftlig samtykke."),
    )
    purpose = forms.CharField(
        label=_("Formål"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Hvorfor tjenesten skal få opplysningene, med familiens egne ord."),
    )
    method = forms.ChoiceField(label=_("Hvordan svaret ble gitt"), choices=Consent.Method.choices)
    given_on = DateField(label=_("Dato for svaret"))
    valid_from = DateField(label=_("Gyldig fra"))
    valid_until = DateField(label=_("Gyldig til"))
    document = forms.FileField(
        label=_("Skannet samtykkeskjema"),
        required=False,
        help_text=_("PDF, JPG eller PNG, høyst 10 MB."),
    )
    note = forms.CharField(
        label=_("Merknad"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, family, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "given_on": today,
                "valid_from": today,
                "valid_until": today + timedelta(days=365),
                "decision": Consent.Decision.GIVEN,
            },
        )
        super().__init__(*args, **kwargs)
        members = family.current_members()
        self.fields["subject"].queryset = members
        self.fields["given_by"].queryset = members
        self.fields["partner"].queryset = Partner.objects.available_in(
            family.municipality_id
        ).filter(active=True)

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not document:
            return None
        suffix = "." + document.name.rsplit(".", 1)[-1].lower() if "." in document.name else ""
        if suffix not in DOCUMENT_TYPES:
            raise forms.ValidationError(_("Last opp en PDF, JPG eller PNG."))
        if document.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen er større enn 10 MB."))
        return document

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Samtykket kan ikke slutte før det begynner."))
        if data.get("decision") == Consent.Decision.GIVEN and not data.get("topics"):
            self.add_error("topics", _("Velg minst ett tema samtykket gjelder."))
        return data


class WithdrawForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Hvordan samtykket ble trukket tilbake"), choices=Consent.Method.choices
    )
    note = forms.CharField(
        label=_("Merknad"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

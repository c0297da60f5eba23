"""Forms for the household: members, addresses and the referral that brings them in."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin, VersionedFormMixin
from familieplan.families.forms.fields import DateField, NationalIdField, PastDateField
from familieplan.families.models import Address, Member, Referral
from familieplan.families.queries import national_id_taken
from familieplan.families.services import ADDRESS_DATE_TAKEN, NATIONAL_ID_TAKEN


class MemberForm(forms.ModelForm):
    birth_date = PastDateField(label=_("Fødselsdato"))
    joined_on = DateField(
        label=_("Med i husholdningen fra"),
        required=False,
        help_text=_("La stå tomt hvis personen bodde i husholdningen da familien ble registrert."),
    )
    left_on = DateField(
        label=_("Flyttet ut"),
        required=False,
        help_text=_(
            "Fylles ut når personen ikke lenger bor i husholdningen. Historikken beholdes."
        ),
    )
    national_id = NationalIdField(
        label=_("Fødselsnummer eller D-nummer"), help_text=_("Frivillig. 11 siffer.")
    )

    class Meta:
        model = Member
        fields = [
            "role",
            "first_name",
            "last_name",
            "birth_date",
            "national_id",
            "languages",
            "needs_interpreter",
            "phone",
            "email",
            "joined_on",
            "left_on",
        ]

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        if self.instance.pk and self.instance.national_id:
            # Never send the stored number back to the browser; blank keeps it unchanged.
            self.initial["national_id"] = ""
            self.fields["national_id"].help_text = _(
                "Registrert: %(masked)s. La feltet stå tomt for å beholde det."
            ) % {"masked": self.instance.national_id_masked}

    def clean_national_id(self):
        number = self.cleaned_data["national_id"]
        if not number:
            return self.instance.national_id if self.instance.pk else ""
        if self._taken(number):
            raise forms.ValidationError(NATIONAL_ID_TAKEN, code="duplicate")
        return number

    def _taken(self, number: str) -> bool:
        return national_id_taken(
            municipality_id=getattr(self.municipality, "pk", None),
            number=number,
            exclude_pk=self.instance.pk,
        )

    def save(self, commit=True):
        """Saves in a savepoint: when someone saved the same number since the check above,
        the database refuses this one, and a ValidationError on the field says why (the view
        adds it to the form); nothing is saved."""
        if not commit:
            return super().save(commit=False)
        try:
            with transaction.atomic():
                return super().save()
        except IntegrityError:
            if not self._taken(self.cleaned_data.get("national_id", "")):
                raise
            raise ValidationError(
                {"national_id": ValidationError(NATIONAL_ID_TAKEN, code="duplicate")}
            ) from None

    def clean(self):
        data = super().clean()
        joined, left, born = data.get("joined_on"), data.get("left_on"), data.get("birth_date")
        if joined and born and joined < born:
            self.add_error("joined_on", _("Datoen kan ikke være før fødselsdatoen."))
        if left and joined and left < joined:
            self.add_error("left_on", _("Utflyttingsdatoen kan ikke være før innflyttingsdatoen."))
        return data

    def member_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class MemberPageForm(SubmitOnceMixin, VersionedFormMixin, MemberForm):
    """The member page: a new person is saved once however often the form is sent, and an
    edit states the version it was made from (core/concurrency.py)."""

    not_shown_when_stale = ("national_id",)


class ReferralMemberForm(MemberForm):
    """A person on a new referral: everyone listed lives in the household now."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["joined_on"], self.fields["left_on"]


class BaseHouseholdFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "En henvisning kan ha høyst %(num)d personer. Registrer resten på familiens side "
            "etterpå."
        ),
    }

    def __init__(self, *args, municipality=None, **kwargs):
        self.municipality = municipality
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "municipality": self.municipality}

    def add_save_error(self, error: ValidationError) -> bool:
        """Put a number the database refused at save time (`referral_register`) on the
        person's field; False when the error is about something else."""
        if getattr(error, "code", None) != "duplicate_national_id":
            return False
        for form in self.forms:
            if form.cleaned_data.get("national_id") == error.params["national_id"]:
                form.add_error("national_id", ValidationError(NATIONAL_ID_TAKEN, code="duplicate"))
                return True
        return False

    def clean(self):
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not any(f.cleaned_data["role"] in Member.ADULT_ROLES for f in filled):
            raise forms.ValidationError(
                _("Husholdningen må ha minst én voksen (forelder, foresatt eller annen voksen)."),
                code="no_adult",
            )
        numbers = [f.cleaned_data["national_id"] for f in filled if f.cleaned_data["national_id"]]
        if len(numbers) != len(set(numbers)):
            raise forms.ValidationError(
                _("Det samme fødselsnummeret er skrevet inn for to personer."), code="duplicate"
            )


#: People on one referral at most: a sent form never makes the page build more rows than
#: this (Django's own bound is 2000, a page that takes seconds to build).
MAX_PEOPLE = 20

HouseholdFormSet = forms.formset_factory(
    ReferralMemberForm,
    formset=BaseHouseholdFormSet,
    extra=4,
    min_num=1,
    validate_min=True,
    max_num=MAX_PEOPLE,
    validate_max=True,
    absolute_max=MAX_PEOPLE,
)


class ReferralForm(SubmitOnceMixin, forms.ModelForm):
    family_name = forms.CharField(
        label=_("Familiens navn"), max_length=150, help_text=_("For eksempel «Familien Hansen».")
    )
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=None, empty_label=None)
    received_on = PastDateField(label=_("Mottatt"), max_age_years=5)

    class Meta:
        model = Referral
        fields = ["source", "received_on", "reason", "contact_name", "contact_phone"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}

    field_order = [
        "family_name",
        "unit",
        "source",
        "received_on",
        "reason",
        "contact_name",
        "contact_phone",
    ]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def referral_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AddressForm(forms.ModelForm):
    valid_from = PastDateField(label=_("Bor her fra"), max_age_years=80)

    class Meta:
        model = Address
        fields = ["street", "postal_code", "city", "housing", "valid_from"]

    def __init__(self, *args, family=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["postal_code"].widget.attrs.update({"inputmode": "numeric"})

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].strip()
        if not (len(code) == 4 and code.isdigit()):
            raise forms.ValidationError(_("Postnummeret har fire siffer."), code="invalid")
        return code

    def clean_valid_from(self):
        valid_from = self.cleaned_data["valid_from"]
        if self.family and self.family.addresses.filter(valid_from=valid_from).exists():
            raise forms.ValidationError(ADDRESS_DATE_TAKEN, code="duplicate")
        return valid_from

    def address_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AddressMoveForm(SubmitOnceMixin, AddressForm):
    """A move registered on its own page: saved once however often the form is sent."""


class OptionalAddressForm(AddressForm):
    """The first address on the referral: all fields or none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self):
        data = super().clean()
        filled = {k for k in ("street", "postal_code", "city", "valid_from") if data.get(k)}
        if filled and len(filled) < 4:
            for name in {"street", "postal_code", "city", "valid_from"} - filled:
                self.add_error(name, _("Fyll ut hele adressen, eller la alle feltene stå tomme."))
        return data

    def clean_postal_code(self):
        return super().clean_postal_code() if self.cleaned_data.get("postal_code") else ""

    def has_address(self) -> bool:
        return bool(self.cleaned_data.get("street"))


__all__ = [
    "AddressForm",
    "AddressMoveForm",
    "DateField",
    "HouseholdFormSet",
    "MemberForm",
    "MemberPageForm",
    "OptionalAddressForm",
    "ReferralForm",
]

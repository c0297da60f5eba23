"""Forms for the follow-up record. The services check the rules; the forms check shape."""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin
from familieplan.families.forms.fields import DateField
from familieplan.journal.models import MAX_MINUTES, MIN_MINUTES, Contact, Note, TimeEntry
from familieplan.partners.models import Consent, Partner
from familieplan.partners.topics import topic_choices
from familieplan.plans import rules as plan_rules
from familieplan.plans.models import Goal, Measure

MINUTE_ERRORS = {
    "min_value": _("Varigheten må være minst 1 minutt."),
    "max_value": _("En kontakt kan ikke vare mer enn 24 timer."),
    "invalid": _("Skriv antall minutter med siffer, for eksempel 45."),
    "required": _("Skriv hvor mange minutter det tok."),
}


def minutes_field(label, *, too_long=None) -> forms.IntegerField:
    errors = {**MINUTE_ERRORS, "max_value": too_long} if too_long else MINUTE_ERRORS
    return forms.IntegerField(
        label=label,
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        error_messages=errors,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _topic_choices() -> list[tuple[str, str]]:
    return [("", "–"), *topic_choices()]


class ContactForm(SubmitOnceMixin, forms.Form):
    day = DateField(label=_("Dato"))
    at_time = forms.TimeField(
        label=_("Klokkeslett"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Skriv klokkeslettet som tt:mm, for eksempel 09:30.")},
    )
    kind = forms.ChoiceField(label=_("Type kontakt"), choices=Contact.Kind.choices)
    minutes = minutes_field(_("Varighet i minutter"))
    summary = forms.CharField(
        label=_("Kort sammendrag"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Skriv et kort sammendrag av kontakten.")},
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Hvem i familien deltok"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Tjenester som deltok"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Gjelder mål"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Gjelder tiltak"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Notat til kontakten (frivillig)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    note_level = forms.ChoiceField(
        label=_("Hvem kan lese notatet"),
        choices=Note.Level.choices,
        initial=Note.Level.INTERNAL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, family, **kwargs):
        now = timezone.localtime()
        kwargs.setdefault("initial", {"day": now.date(), "at_time": now.time().replace(second=0)})
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = family.current_members()
        self.fields["members"].label_from_instance = lambda m: m.full_name
        self.fields["partners"].queryset = Partner.objects.available_in(
            family.municipality_id
        ).filter(active=True)
        goals = Goal.objects.filter(plan__family=family, plan__is_current=True)
        self.fields["goals"].queryset = goals
        self.fields["goals"].label_from_instance = lambda g: g.own_words[:80]
        self.fields["measures"].queryset = Measure.objects.filter(goal__in=goals).exclude(
            status__in=plan_rules.FINAL
        )
        self.fields["measures"].label_from_instance = lambda m: m.what[:80]
        for name in ("goals", "measures", "partners"):
            if not self.fields[name].queryset.exists():
                del self.fields[name]  # no empty groups with only a heading

    def clean(self):
        data = super().clean()
        day, at_time = data.get("day"), data.get("at_time")
        if day and at_time:
            data["at"] = timezone.make_aware(
                datetime.combine(day, at_time), timezone.get_current_timezone()
            )
        return data


#: The quick note's kinds: a meeting with a service needs the service, on the full form.
QUICK_KINDS = [
    (value, label) for value, label in Contact.Kind.choices if value != Contact.Kind.SERVICE_MEETING
]


class QuickNoteForm(SubmitOnceMixin, forms.Form):
    """A contact, its ordinary note and the minutes spent, in a few fields (the full contact
    form has the rest). Each form on a page has ids of its own (`qn-<family id>-…`), so quick
    notes of several families can be open on one page."""

    kind = forms.ChoiceField(
        label=_("Type kontakt"),
        choices=QUICK_KINDS,
        initial=Contact.Kind.PHONE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg hva slags kontakt det var."),
            "invalid_choice": _("Velg hva slags kontakt det var."),
        },
    )
    day = DateField(
        label=_("Dato"),
        error_messages={
            "required": _("Oppgi datoen."),
            "invalid": _("Skriv en gyldig dato, for eksempel 17.05.2025."),
        },
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Hvem i familien deltok"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Alle som deltok, må høre til denne familien.")},
    )
    text = forms.CharField(
        label=_("Notat"),
        help_text=_("Et vanlig notat: familien kan lese det."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        error_messages={
            "required": _("Skriv notatet."),
            "max_length": _("Notatet kan ha høyst 10 000 tegn. Bruk det fulle skjemaet."),
        },
    )
    minutes = minutes_field(_("Minutter brukt"))

    def __init__(self, *args, family, **kwargs):
        kwargs.setdefault("initial", {"day": timezone.localdate()})
        kwargs.setdefault("auto_id", f"qn-{family.pk}-%s")
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = family.current_members()
        self.fields["members"].label_from_instance = lambda m: m.full_name

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Datoen kan ikke være fram i tid."))
        return day


class NoteForm(SubmitOnceMixin, forms.Form):
    level = forms.ChoiceField(
        label=_("Hvem kan lese notatet"),
        choices=Note.Level.choices,
        initial=Note.Level.INTERNAL,
        widget=forms.RadioSelect,
        help_text=_(
            "Vanlig: familien kan lese det (et notat om én person bare den personen, eller "
            "foreldrene til et barn). Internt: bare ansatte med tilgang til familien. "
            "Begrenset: bare du, teamlederen og – når du skriver som koordinator – familiens "
            "koordinatorer."
        ),
    )
    about = forms.ModelChoiceField(
        label=_("Gjelder"), queryset=None, required=False, empty_label=_("Hele familien")
    )
    text = forms.CharField(
        label=_("Notat"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Notatet kan ikke være tomt.")},
    )
    shared_with_partner = forms.ModelChoiceField(
        label=_("Del med tjeneste (frivillig)"),
        queryset=None,
        required=False,
        empty_label=_("Ikke del"),
        help_text=_("Bare vanlige notater, og bare når familien har samtykket til temaet."),
    )
    shared_topic = forms.ChoiceField(
        label=_("Samtykketema"), choices=_topic_choices, required=False
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].queryset = family.current_members()
        self.fields["about"].label_from_instance = lambda m: m.full_name
        # Services with any consent valid today (the service checks the topic and the person).
        consented = Consent.objects.valid_now().filter(family=family).values("partner_id")
        self.fields["shared_with_partner"].queryset = Partner.objects.filter(pk__in=consented)


class CorrectionForm(SubmitOnceMixin, forms.Form):
    text = forms.CharField(
        label=_("Riktig tekst"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Notatet kan ikke være tomt.")},
    )
    reason = forms.CharField(
        label=_("Hvorfor notatet rettes"),
        max_length=500,
        error_messages={"required": _("Skriv hvorfor notatet rettes.")},
    )
    level = forms.ChoiceField(
        label=_("Hvem kan lese rettelsen"), choices=Note.Level.choices, widget=forms.RadioSelect
    )


class TimeEntryForm(SubmitOnceMixin, forms.Form):
    on = DateField(label=_("Dato"))
    kind = forms.ChoiceField(label=_("Hva tiden gikk til"), choices=TimeEntry.Kind.choices)
    minutes = minutes_field(
        _("Minutter"), too_long=_("Du kan ikke føre mer enn 24 timer på én dag.")
    )
    note = forms.CharField(label=_("Merknad"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PeriodForm(forms.Form):
    start = DateField(label=_("Fra"))
    end = DateField(label=_("Til"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Sluttdatoen kan ikke være før startdatoen."))
        if start and end and (end - start).days > 3 * 366:
            self.add_error("end", _("Velg en periode på høyst tre år."))
        return data

    @staticmethod
    def default() -> dict[str, date]:
        today = timezone.localdate()
        return {"start": today.replace(day=1, month=1), "end": today}

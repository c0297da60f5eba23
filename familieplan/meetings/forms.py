"""Forms for meetings: scheduling (with who to invite), minutes, decisions to measures."""

from __future__ import annotations

import re
from datetime import datetime

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin
from familieplan.families.forms.fields import DateField
from familieplan.meetings.models import Meeting
from familieplan.meetings.services import Invitee
from familieplan.partners.models import Partner, Topic
from familieplan.partners.scope import partners_with_topic
from familieplan.plans.forms import MeasureEditForm, MeasureForm

OTHER_LINE = re.compile(r"^\s*(?P<name>[^,<]+?)\s*(?:[,<]\s*(?P<email>[^>\s]+)\s*>?)?\s*$")


def partners_invitable(family):
    """Services with a valid consent that covers meetings: only they can be invited."""
    ids = partners_with_topic(family, Topic.MEETINGS)
    return Partner.objects.filter(pk__in=ids, active=True).order_by("name")


def partner_address(partner) -> str:
    """Where a service's invitation goes: its own address, else its first contact's."""
    if partner.email:
        return partner.email
    contact = partner.contacts.exclude(email="").order_by("name").first()
    return contact.email if contact else ""


class MeetingForm(SubmitOnceMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type møte"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("Tittel"), max_length=200, required=False)
    day = DateField(label=_("Dato"))
    start_time = forms.TimeField(
        label=_("Starter kl."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Skriv klokkeslettet som tt:mm, for eksempel 09:30.")},
    )
    end_time = forms.TimeField(
        label=_("Slutter kl."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Skriv klokkeslettet som tt:mm, for eksempel 11:00.")},
    )
    held = forms.BooleanField(
        label=_("Møtet er allerede holdt (registreres uten invitasjoner)"), required=False
    )
    place = forms.CharField(label=_("Sted"), max_length=300, required=False)
    video_link = forms.URLField(
        label=_("Lenke til videomøte"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Skriv en hel lenke, for eksempel https://…")},
    )
    agenda = forms.CharField(
        label=_("Saksliste"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Fra familien"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Samarbeidspartnere"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Bare tjenester med gyldig samtykke til møter kan inviteres."),
    )
    include_coordinator = forms.BooleanField(
        label=_("Familiekoordinatoren deltar"), required=False, initial=True
    )
    others = forms.CharField(
        label=_("Andre deltakere"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Én per linje: navn, e-post (e-post er frivillig)."),
    )

    #: The version the editor saw (edits only).
    sequence = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, family, edit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["members"].queryset = family.current_members()
        self.fields["members"].label_from_instance = lambda m: m.full_name
        self.fields["partners"].queryset = partners_invitable(family)
        if edit:
            del self.fields["held"]
        else:
            del self.fields["sequence"]

    def clean_others(self) -> list[tuple[str, str]]:
        people = []
        for line in self.cleaned_data["others"].splitlines():
            if not line.strip():
                continue
            match = OTHER_LINE.match(line)
            if not match:
                raise forms.ValidationError(_("Skriv én deltaker per linje: navn, e-post."))
            email = (match.group("email") or "").strip()
            if email:
                try:
                    validate_email(email)
                except forms.ValidationError:
                    raise forms.ValidationError(
                        _("«%(email)s» er ikke en gyldig e-postadresse.") % {"email": email}
                    ) from None
            people.append((match.group("name").strip(), email))
        return people

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            tz = timezone.get_current_timezone()
            data["starts_at"] = timezone.make_aware(datetime.combine(day, start), tz)
            data["ends_at"] = timezone.make_aware(datetime.combine(day, end), tz)
            if end <= start:
                self.add_error("end_time", _("Møtet må slutte etter at det starter."))
        if data.get("video_link") == "" and data.get("place") == "":
            self.add_error("place", _("Skriv hvor møtet er, eller lim inn lenken til videomøtet."))
        return data

    def invitees(self, *, coordinator) -> list[Invitee]:
        data = self.cleaned_data
        people = [Invitee(member=m, email=m.email) for m in data.get("members", [])]
        people += [Invitee(partner=p, email=partner_address(p)) for p in data.get("partners", [])]
        if data.get("include_coordinator") and coordinator is not None:
            people.append(Invitee(user=coordinator, email=coordinator.email))
        people += [Invitee(name=name, email=email) for name, email in data.get("others", [])]
        return people

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        names = ("kind", "title", "starts_at", "ends_at", "place", "video_link", "agenda")
        return {name: data[name] for name in names}

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        start = timezone.localtime(meeting.starts_at)
        participants = list(meeting.participants.all())
        return {
            "sequence": meeting.sequence,
            "kind": meeting.kind,
            "title": meeting.title,
            "day": start.date(),
            "start_time": start.time(),
            "end_time": timezone.localtime(meeting.ends_at).time(),
            "place": meeting.place,
            "video_link": meeting.video_link,
            "agenda": meeting.agenda,
            "members": [p.member_id for p in participants if p.member_id],
            "partners": [p.partner_id for p in participants if p.partner_id],
            "include_coordinator": any(p.user_id for p in participants),
            "others": "\n".join(
                f"{p.name}, {p.email}" if p.email else p.name
                for p in participants
                if p.kind == "other"
            ),
        }


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Referat"), widget=forms.Textarea(attrs={"rows": 8}))
    attended = forms.MultipleChoiceField(
        label=_("Hvem var til stede"), widget=forms.CheckboxSelectMultiple, required=False
    )
    child_experience = forms.CharField(
        label=_("Barnets egen opplevelse"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Med barnets egne ord: hva er bra, hva er vanskelig, hva ønsker barnet?"),
    )
    child_experience_of = forms.ModelChoiceField(
        label=_("Hvilket barn"), queryset=None, required=False
    )
    next_meeting_on = DateField(label=_("Neste møte"), required=False)
    sequence = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(p.pk), p.display_name) for p in meeting.participants.all()
        ]
        children = [m.pk for m in meeting.family.current_members() if not m.is_adult_role]
        self.fields["child_experience_of"].queryset = meeting.family.members.filter(pk__in=children)
        if meeting.kind != Meeting.Kind.EVALUATION:
            del self.fields["child_experience"]
            del self.fields["child_experience_of"]


class DecisionForm(SubmitOnceMixin, forms.Form):
    text = forms.CharField(
        label=_("Ny beslutning"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DecisionMeasureForm(MeasureForm):
    """The measure a decision becomes: which goal, who is responsible, and by when."""

    goal = forms.ModelChoiceField(label=_("Mål i planen"), queryset=None, empty_label=None)

    class Meta(MeasureEditForm.Meta):
        pass

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.exclude(status__in=["achieved", "not_relevant"])
        self.fields["goal"].label_from_instance = lambda g: g.own_words[:80]
        self.order_fields(["goal", *self.Meta.fields])


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Hvorfor avlyses møtet?"), max_length=500)
    #: The meeting's version when the form was shown (a meeting moved meanwhile is shown).
    sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)


class SlotFamilyForm(forms.Form):
    """Which family a meeting in an empty calendar slot is for (read from the query string)."""

    family = forms.ChoiceField(
        label=_("Familie"),
        error_messages={
            "required": _("Velg familien møtet gjelder."),
            "invalid_choice": _("Velg en av familiene i listen."),
        },
    )

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [
            ("", _("Velg familie")),
            *((str(f.pk), family_label(f)) for f in families),
        ]


def family_label(family) -> str:
    """A family as the choice names it: its name, and what tells two of the same name apart
    (the unit and who coordinates it)."""
    parts = [family.unit.name]
    if family.coordinator_id:
        parts.append(family.coordinator.display_name)
    return f"{family.name} ({', '.join(parts)})"

"""The person's choice of which notifications they also get by email."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from familieplan.notifications.models import Notification


class EmailChoicesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send meg også e-post om"),
        choices=Notification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "E-posten sier bare hva slags varsel det er og har en lenke. Den nevner ingen "
            "navn. Alle varsler står uansett under «Varsler» i Familieplan."
        ),
    )

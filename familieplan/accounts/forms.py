from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from familieplan.core.context_processors import STAFF_ROLES
from familieplan.core.roles import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Feil brukernavn eller passord. Sjekk at du har skrevet riktig, og prøv igjen."
        ),
        "inactive": _("Denne brukeren er ikke aktiv. Kontakt administratoren i kommunen."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Brukernavn")
        self.fields["password"].label = _("Passord")
        self.fields["username"].widget = forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        )


class SettingsForm(forms.ModelForm):
    """The person's own settings. Changing the email address (where password reset links go)
    needs the current password, checked through `authenticate`: a wrong one is a failed login
    and counts towards the lockout (accounts/lockout.py)."""

    current_password = forms.CharField(
        label=_("Nåværende passord"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Trengs bare når du endrer e-postadressen."),
    )

    class Meta:
        from familieplan.accounts.models import User

        model = User
        fields = ["email", "receives_reminder_digest"]
        labels = {"email": _("E-postadresse for varsler")}

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if not self.instance.has_usable_password():
            # Nothing to confirm the change with: the address stays as the municipality set it.
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "Du logger inn uten passord, så e-postadressen kan ikke endres her."
            )
            del self.fields["current_password"]
        roles = self.instance.role_codes()
        if Role.FAMILY_MEMBER in roles and not roles & STAFF_ROLES:
            # The daily digest goes to staff only: a family member has nothing to turn off.
            del self.fields["receives_reminder_digest"]

    def email_changes(self) -> bool:
        new = (self.cleaned_data.get("email") or "").strip().casefold()
        return new != (self.instance.email or "").strip().casefold()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # ModelForm.clean returns cleaned_data
        if "current_password" not in self.fields or "email" not in cleaned:
            return cleaned
        if not self.email_changes():
            return cleaned
        password = cleaned.get("current_password") or ""
        if not password:
            self.add_error(
                "current_password", _("Skriv passordet ditt for å endre e-postadressen.")
            )
            return cleaned
        user = authenticate(self.request, username=self.instance.get_username(), password=password)
        if user is None or user.pk != self.instance.pk:
            self.add_error("current_password", _("Passordet er feil. Prøv igjen."))
        return cleaned

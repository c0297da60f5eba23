"""Login, logout and password reset (Django's views with our templates and messages)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as gettext
from django.utils.translation import gettext_lazy as _

from familieplan.accounts import oidc
from familieplan.accounts.forms import LoginForm, SettingsForm
from familieplan.core.roles import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session_expired"] = self._session_expired()
        context["oidc_enabled"] = oidc.is_enabled()
        return context

    def _session_expired(self) -> bool:
        """A session cookie came in but its session is gone: it timed out."""
        if settings.SESSION_COOKIE_NAME not in self.request.COOKIES:
            return False
        self.request.session.items()  # loads the session; an expired key becomes None
        return self.request.session.session_key is None and self.request.method == "GET"


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {"product": _("Familieplan")}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def user_settings(request):
    """The person's own settings: where notices go (a change needs the current password),
    and whether to get the daily digest."""
    form = SettingsForm(request.POST or None, instance=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Innstillingene er lagret."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


class FamilyLoginView(LoginView):
    """The family's own entrance: plain words, ID-porten when configured, and only for
    family members — staff use the staff login (same form, other page)."""

    template_name = "accounts/family_login.html"

    def get_default_redirect_url(self):
        return reverse_lazy("portal:home")

    def form_valid(self, form):
        user = form.get_user()
        if not user.has_role(Role.FAMILY_MEMBER):
            form.add_error(
                None,
                gettext("Denne innloggingen er for familier. Ansatte logger inn på vanlig måte."),
            )
            return self.form_invalid(form)
        return super().form_valid(form)

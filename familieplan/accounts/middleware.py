"""The logged-in person's language for their own request; login required everywhere, with what
was typed into a form kept when the session had ended; the mark of whose browser this is.

Language: a logged-in user's chosen language (remembered per person), for this request only.

Login: Django's LoginRequiredMiddleware, except that a POST sent after the session ended (30
minutes without a request) keeps its fields for the person whose browser it is, and the login
leads back to the page the form is on, where the form shows them (core/kept_forms.py) — or,
for a view that opted in (`kept_forms.replayed_after_login`), to the view itself, which sends
the kept POST again. A request htmx sent (a form opened in place) is told to load the login
page as a whole page, never to put it into the place of the form.
"""

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from familieplan.core import kept_forms


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request.user, "language", "")
        if not language:
            return self.get_response(request)
        request.LANGUAGE_CODE = language
        # Restored afterwards, so nothing else this thread runs (a background task, the next
        # request before its own middleware runs) inherits the person's language.
        with translation.override(language):
            return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Deny by default (views opt out with @login_not_required); a form sent without a
    session is kept for its owner and the login returns to its page."""

    def handle_no_permission(self, request, view_func):
        page = None
        if request.method == "POST":
            page = kept_forms.keep(request, replay=kept_forms.is_replayed(view_func))
        if getattr(request, "htmx", False):
            page = page or _htmx_page(request)
        if page is None:
            return super().handle_no_permission(request, view_func)
        response = redirect_to_login(
            page,
            resolve_url(self.get_login_url(view_func)),
            self.get_redirect_field_name(view_func) or REDIRECT_FIELD_NAME,
        )
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(response["Location"])
        return response


def _htmx_page(request) -> str:
    """Where an htmx request came from (the whole page), to come back to after the login."""
    current = request.htmx.current_url_abs_path or ""
    if current and url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return current
    return request.get_full_path()


class FormOwnerMiddleware:
    """Marks the browser as the logged-in person's, forgets the mark when they log out, and
    drops text kept for someone else as soon as another person is logged in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        was_logged_in = request.user.is_authenticated
        response = self.get_response(request)
        if request.user.is_authenticated:
            kept_forms.drop_if_not_theirs(request)
            kept_forms.remember_owner(request, response)
        elif was_logged_in:  # logged out on this request
            kept_forms.forget_owner(response)
        return response

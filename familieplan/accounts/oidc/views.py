"""``accounts:oidc_start`` and ``accounts:oidc_callback``: 404 unless FAMILIEPLAN_OIDC is set."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from familieplan.accounts.oidc.config import OIDCConfig, OIDCError, get_config
from familieplan.accounts.oidc.flow import finish_login_with_next, start_login

logger = logging.getLogger("familieplan.accounts.oidc")


def _failure_redirect(config: OIDCConfig) -> HttpResponseRedirect:
    return redirect(config.failure_url or settings.LOGIN_URL)


@login_not_required
@require_GET
def oidc_start(request: HttpRequest) -> HttpResponseRedirect:
    """``accounts:oidc_start``: off (404) unless FAMILIEPLAN_OIDC is set."""
    config = get_config()
    if config is None:
        raise Http404
    try:
        return start_login(request)
    except OIDCError as error:
        logger.warning("OIDC login could not start: %s", error)
        messages.error(request, gettext("ID-porten svarer ikke akkurat nå. Prøv igjen om litt."))
        return _failure_redirect(config)


@login_not_required
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponseRedirect:
    """``accounts:oidc_callback``: the redirect URI registered with the provider."""
    config = get_config()
    if config is None:
        raise Http404
    user, next_url = finish_login_with_next(request)
    if user is None:
        messages.error(
            request,
            gettext(
                "Vi kunne ikke logge deg inn med ID-porten. Prøv igjen, eller spør "
                "familiekoordinatoren din om du har fått tilgang til Familieplan."
            ),
        )
        return _failure_redirect(config)
    return redirect(next_url or config.success_url or settings.LOGIN_REDIRECT_URL)

"""The authorization code flow: the redirect to the provider and its answer at the callback."""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import time
from typing import Any

from authlib.oauth2 import OAuth2Error
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from familieplan.accounts.oidc.config import OIDCConfig, OIDCError, get_config
from familieplan.accounts.oidc.http import PROVIDER_ERROR, oauth_client
from familieplan.accounts.oidc.provider import VerifiedClaims, endpoints, verify_id_token

logger = logging.getLogger("familieplan.accounts.oidc")

#: Where the pending login (state, nonce, PKCE verifier, next page) waits in the session.
SESSION_KEY = "familieplan_oidc_pending"
#: Set on the session after an OIDC login, for pages that want to know how the person came in.
LOGIN_METHOD_SESSION_KEY = "familieplan_login_method"
#: A started login must come back within this many seconds.
PENDING_MAX_AGE_SECONDS = 10 * 60
#: Languages ID-porten's login pages speak (ui_locales); others are not passed on.
IDPORTEN_UI_LOCALES = frozenset({"nb", "nn", "en", "se"})

# RFC 6749 §4.1.2 and Appendix A.11: a code is visible ASCII.
_CODE = re.compile(r"[\x20-\x7e]{1,2048}")


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def start_login(request: HttpRequest) -> HttpResponseRedirect:
    """Send the browser to the provider; remember state, nonce and PKCE in the session.

    ``?next=`` (a page on this site) is where the person lands after logging in.
    """
    config = get_config()
    if config is None:
        raise OIDCError("OIDC login is not configured")
    urls = endpoints(config)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(48)  # 64 characters (RFC 7636: 43 to 128).
    request.session[SESSION_KEY] = {
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "next": _safe_next(request, request.GET.get("next", "")),
        "started": time.time(),
    }
    extra = {"nonce": nonce}
    if config.acr_values:
        extra["acr_values"] = config.acr_values
    if config.prompt:
        extra["prompt"] = config.prompt
    language = (translation.get_language() or "").split("-")[0]
    if language in IDPORTEN_UI_LOCALES:
        extra["ui_locales"] = language
    location, _ = oauth_client(config).create_authorization_url(
        urls.authorization, state=state, code_verifier=verifier, **extra
    )
    return HttpResponseRedirect(location)


def _take_pending(request: HttpRequest) -> dict[str, Any]:
    """The started login (removed from the session: a state is good for one answer)."""
    pending = request.session.pop(SESSION_KEY, None)
    if not isinstance(pending, dict):
        raise OIDCError("no login was started in this browser session")
    if time.time() - float(pending.get("started", 0)) > PENDING_MAX_AGE_SECONDS:
        raise OIDCError("the login took too long")
    return pending


def _exchange_code(config: OIDCConfig, token_endpoint: str, code: str, verifier: str) -> dict:
    try:
        answer = oauth_client(config).fetch_token(
            token_endpoint,
            grant_type="authorization_code",
            code=code,
            code_verifier=verifier,
            client_id=config.client_id,
        )
    except OAuth2Error as error:
        shown = error.error if PROVIDER_ERROR.fullmatch(error.error or "") else "unrecognised"
        raise OIDCError(f"the token endpoint refused the code ({shown})") from None
    except ValueError:
        raise OIDCError("the token endpoint's answer could not be read") from None
    return dict(answer)


def verified_claims_from_callback(request: HttpRequest) -> tuple[VerifiedClaims, str]:
    """Check the provider's answer to the callback and return the ID token's claims and the
    page to go to next. Raises OIDCError for every failure."""
    config = get_config()
    if config is None:
        raise OIDCError("OIDC login is not configured")
    pending = _take_pending(request)
    state = request.GET.get("state", "")
    if not hmac.compare_digest(state.encode(), str(pending.get("state", "")).encode()):
        raise OIDCError("the state does not match the login started in this browser")
    urls = endpoints(config)
    # RFC 9207: the answer names the provider that sent it (a defence against mix-ups).
    answered_by = request.GET.get("iss")
    if answered_by is not None and answered_by.rstrip("/") != config.issuer:
        raise OIDCError("the answer comes from another issuer")
    if answered_by is None and urls.sends_iss:
        raise OIDCError("the answer does not name its issuer")
    error = request.GET.get("error", "")
    if error:
        shown = error if PROVIDER_ERROR.fullmatch(error) else "unrecognised"
        raise OIDCError(f"the provider answered with an error ({shown})")
    code = request.GET.get("code", "")
    if not _CODE.fullmatch(code):
        raise OIDCError("the callback has no authorization code")
    answer = _exchange_code(config, urls.token, code, pending["verifier"])
    access_token = answer.get("access_token")
    id_token = answer.get("id_token")
    claims = verify_id_token(
        id_token if isinstance(id_token, str) else "",  # refused there as "no ID token"
        config,
        urls.jwks_uri,
        nonce=pending["nonce"],
        access_token=access_token if isinstance(access_token, str) else None,
    )
    return claims, pending.get("next", "")


def finish_login_with_next(request: HttpRequest) -> tuple[Any | None, str]:
    """Complete the login: the logged-in user and the page asked for, or (None, "")."""
    try:
        claims, next_url = verified_claims_from_callback(request)
    except OIDCError as error:
        logger.info("OIDC login refused: %s", error)
        return None, ""
    user = authenticate(request, oidc_claims=claims)
    if user is None:
        return None, ""
    auth_login(request, user)  # Cycles the session key (no fixation).
    request.session[LOGIN_METHOD_SESSION_KEY] = "oidc"
    logger.info("OIDC login for user %s", user.pk)
    return user, next_url


def finish_login(request: HttpRequest):
    """Complete the login from the callback request: the logged-in user, or None (the reason
    is logged at info level, without personal data)."""
    return finish_login_with_next(request)[0]

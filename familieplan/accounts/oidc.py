"""Login for family members with OpenID Connect (ID-porten), switched on by settings.

Off unless ``settings.FAMILIEPLAN_OIDC`` is a non-empty dict (README.md, "Logging in with
ID-porten (OIDC)"; docs/decisions/0012-family-login-and-id-porten.md). The flow is the
authorization code flow with PKCE (S256), ``state`` and ``nonce``:

1. :func:`start_login` stores state, nonce and the PKCE verifier in the session and
   redirects to the provider's authorization endpoint.
2. :func:`finish_login` checks the state, exchanges the code at the token endpoint, verifies
   the ID token (RS256 signature against the provider's JWKS, issuer, audience, expiry,
   nonce, level of assurance) and logs in the user :class:`OIDCBackend` maps it to.

No OIDC or JWT library: the RS256 check is PKCS#1 v1.5 with SHA-256 on the standard
library's integers. All network traffic goes through :data:`transport` (an object with
``get_json`` and ``post_form``), which tests replace with a test double of a provider.

National identity numbers never appear in log lines, exceptions or reprs from this module.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Protocol

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from familieplan.core.roles import Role

logger = logging.getLogger("familieplan.accounts.oidc")

__all__ = [
    "OIDCBackend",
    "OIDCConfig",
    "OIDCError",
    "UrllibTransport",
    "VerifiedClaims",
    "clear_caches",
    "finish_login",
    "get_config",
    "is_enabled",
    "oidc_callback",
    "oidc_start",
    "rsa_pkcs1_sha256_verify",
    "start_login",
    "transport",
    "verify_id_token",
]

#: Where the pending login (state, nonce, PKCE verifier, next page) waits in the session.
SESSION_KEY = "familieplan_oidc_pending"
#: Set on the session after an OIDC login, for pages that want to know how the person came in.
LOGIN_METHOD_SESSION_KEY = "familieplan_login_method"
#: A started login must come back within this many seconds.
PENDING_MAX_AGE_SECONDS = 10 * 60
#: JWKS and discovery documents are fetched again after this many seconds.
METADATA_TTL_SECONDS = 60 * 60
#: Smallest RSA modulus accepted for ID token signatures.
MIN_RSA_BITS = 2048

#: ID-porten's levels of assurance, lowest first: asking for one accepts it or any higher.
IDPORTEN_LEVELS = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")
#: Languages ID-porten's login pages speak (ui_locales); others are not passed on.
IDPORTEN_UI_LOCALES = frozenset({"nb", "nn", "en", "se"})

_TOKEN_AUTH_METHODS = frozenset({"client_secret_basic", "client_secret_post"})
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_ELEVEN_DIGITS = re.compile(r"[0-9]{11}")
_PROVIDER_ERROR = re.compile(r"[a-z_]{1,40}")

# DER prefix of DigestInfo for SHA-256 (RFC 8017 §9.2, note 1).
_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


class OIDCError(Exception):
    """A login that cannot be completed. The message is safe to log: it never holds a
    national identity number, a token or a secret."""


# --- Configuration -------------------------------------------------------------------------


@dataclass(frozen=True)
class OIDCConfig:
    """The OpenID provider and this client's registration, from ``settings.FAMILIEPLAN_OIDC``.

    Endpoints left empty are read from ``{issuer}/.well-known/openid-configuration``.
    """

    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    authorization_endpoint: str = ""
    token_endpoint: str = ""
    jwks_uri: str = ""
    scopes: tuple[str, ...] = ("openid", "profile")
    #: Level of assurance asked for (ID-porten: ``idporten-loa-substantial`` or ``-high``).
    acr_values: str = ""
    #: ``acr`` values accepted in the ID token; empty: the asked level or a higher one.
    accepted_acr: tuple[str, ...] = ()
    #: The claim carrying the national identity number (ID-porten: ``pid``).
    identity_claim: str = "pid"
    #: Path of the callback view; joined to FAMILIEPLAN_BASE_URL it must equal the redirect
    #: URI registered with the provider.
    redirect_path: str = "/accounts/oidc/callback/"
    token_auth_method: str = "client_secret_basic"
    #: Clock skew tolerated on exp/iat/nbf, in seconds.
    leeway_seconds: int = 30
    #: ``prompt`` sent to the provider (``login`` forces a fresh login on a shared device).
    prompt: str = ""
    #: Where to go after login (URL name or path); empty: LOGIN_REDIRECT_URL.
    success_url: str = ""
    #: Where to go when login fails (URL name or path); empty: LOGIN_URL.
    failure_url: str = ""

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> OIDCConfig:
        """Read and check the settings dict; raise ImproperlyConfigured on any mistake."""
        unknown = set(raw) - {f.name for f in fields(cls)}
        if unknown:
            raise ImproperlyConfigured(
                f"FAMILIEPLAN_OIDC has unknown keys: {', '.join(sorted(unknown))}."
            )
        missing = [k for k in ("issuer", "client_id", "client_secret") if not raw.get(k)]
        if missing:
            raise ImproperlyConfigured(f"FAMILIEPLAN_OIDC needs {', '.join(missing)}.")
        values = dict(raw)
        values["issuer"] = str(values["issuer"]).rstrip("/")
        for key in ("scopes", "accepted_acr"):
            if isinstance(values.get(key), str):
                values[key] = tuple(values[key].split())
            elif key in values:
                values[key] = tuple(values[key])
        config = cls(**values)
        config._check()
        return config

    def _check(self) -> None:
        for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
            value = getattr(self, key)
            if value and urllib.parse.urlsplit(value).scheme != "https":
                raise ImproperlyConfigured(f"FAMILIEPLAN_OIDC {key} must be an https:// URL.")
        if "openid" not in self.scopes:
            raise ImproperlyConfigured("FAMILIEPLAN_OIDC scopes must include 'openid'.")
        if self.token_auth_method not in _TOKEN_AUTH_METHODS:
            raise ImproperlyConfigured(
                "FAMILIEPLAN_OIDC token_auth_method must be client_secret_basic or "
                "client_secret_post."
            )
        if not self.redirect_path.startswith("/"):
            raise ImproperlyConfigured("FAMILIEPLAN_OIDC redirect_path must start with '/'.")
        if not self.identity_claim:
            raise ImproperlyConfigured("FAMILIEPLAN_OIDC identity_claim must not be empty.")
        if not 0 <= self.leeway_seconds <= 300:
            raise ImproperlyConfigured("FAMILIEPLAN_OIDC leeway_seconds must be 0 to 300.")

    @property
    def redirect_uri(self) -> str:
        """The callback's absolute URL: from the configured base URL, never the Host header."""
        return settings.FAMILIEPLAN_BASE_URL.rstrip("/") + self.redirect_path

    def accepted_acr_values(self) -> frozenset[str]:
        """``acr`` values the ID token may carry (empty set: no level was asked for)."""
        if self.accepted_acr:
            return frozenset(self.accepted_acr)
        if not self.acr_values:
            return frozenset()
        asked = self.acr_values.split()
        if all(value in IDPORTEN_LEVELS for value in asked):
            lowest = min(IDPORTEN_LEVELS.index(value) for value in asked)
            return frozenset(IDPORTEN_LEVELS[lowest:])
        return frozenset(asked)


def get_config() -> OIDCConfig | None:
    """The configuration, or None when OIDC login is off (setting absent or empty)."""
    raw = getattr(settings, "FAMILIEPLAN_OIDC", None)
    if not raw:
        return None
    return OIDCConfig.from_dict(raw)


def is_enabled() -> bool:
    """Whether the login page should offer OIDC login."""
    return bool(getattr(settings, "FAMILIEPLAN_OIDC", None))


# --- The HTTP seam -------------------------------------------------------------------------


class Transport(Protocol):
    def get_json(self, url: str) -> dict[str, Any]: ...

    def post_form(
        self, url: str, data: Mapping[str, str], headers: Mapping[str, str]
    ) -> dict[str, Any]: ...


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """Provider endpoints answer directly; a redirect (maybe to plain http) is an error."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class UrllibTransport:
    """HTTPS with the standard library: JSON answers only, size and time limited, no
    redirects. Proxies from the environment (HTTPS_PROXY) are honoured."""

    timeout_seconds = 10
    max_bytes = 512 * 1024

    def get_json(self, url: str) -> dict[str, Any]:
        return self._send(url, headers={"Accept": "application/json"})

    def post_form(
        self, url: str, data: Mapping[str, str], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        return self._send(
            url,
            data=urllib.parse.urlencode(dict(data)).encode("ascii"),
            method="POST",
            headers={
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
                **headers,
            },
        )

    def _send(self, url: str, **options: Any) -> dict[str, Any]:
        parts = urllib.parse.urlsplit(url)
        host = parts.netloc
        if parts.scheme != "https":
            raise OIDCError(f"refusing a non-https request to {host}")
        # Only https reaches Request and the opener (checked just above).
        request = urllib.request.Request(url, **options)  # noqa: S310
        try:
            opener = urllib.request.build_opener(_RefuseRedirects)
            with opener.open(request, timeout=self.timeout_seconds) as response:
                raw = response.read(self.max_bytes + 1)
        except urllib.error.HTTPError as error:
            raise OIDCError(f"{host} answered HTTP {error.code}{_error_code(error)}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise OIDCError(f"{host} could not be reached ({type(error).__name__})") from None
        if len(raw) > self.max_bytes:
            raise OIDCError(f"{host} sent an answer larger than {self.max_bytes} bytes")
        return _json_object(raw, f"the answer from {host}")


def _error_code(error: urllib.error.HTTPError) -> str:
    """The OAuth ``error`` code of a refused request (a fixed vocabulary), if any."""
    try:
        code = json.loads(error.read(4096)).get("error", "")
    except (ValueError, AttributeError, OSError):
        return ""
    return f" ({code})" if isinstance(code, str) and _PROVIDER_ERROR.fullmatch(code) else ""


#: Replace in tests (``monkeypatch.setattr(oidc, "transport", FakeProvider())``).
transport: Transport = UrllibTransport()


# --- Provider metadata and keys ------------------------------------------------------------


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    jwks_uri: str


_discovery_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_jwks_cache: dict[str, tuple[float, list[dict[str, Any]]]] = {}


def clear_caches() -> None:
    """Forget fetched discovery documents and keys (tests; key rotation by hand)."""
    _discovery_cache.clear()
    _jwks_cache.clear()


def endpoints(config: OIDCConfig) -> Endpoints:
    """The configured endpoints, with missing ones from the provider's discovery document."""
    if config.authorization_endpoint and config.token_endpoint and config.jwks_uri:
        return Endpoints(config.authorization_endpoint, config.token_endpoint, config.jwks_uri)
    document = _discovery(config.issuer)
    found = Endpoints(
        config.authorization_endpoint or document.get("authorization_endpoint", ""),
        config.token_endpoint or document.get("token_endpoint", ""),
        config.jwks_uri or document.get("jwks_uri", ""),
    )
    for url in (found.authorization, found.token, found.jwks_uri):
        if not isinstance(url, str) or urllib.parse.urlsplit(url).scheme != "https":
            raise OIDCError("the discovery document lacks an https endpoint")
    return found


def _discovery(issuer: str) -> dict[str, Any]:
    cached = _discovery_cache.get(issuer)
    if cached and time.time() - cached[0] < METADATA_TTL_SECONDS:
        return cached[1]
    document = transport.get_json(issuer + "/.well-known/openid-configuration")
    # OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for.
    if document.get("issuer", "").rstrip("/") != issuer:
        raise OIDCError("the discovery document names another issuer")
    _discovery_cache[issuer] = (time.time(), document)
    return document


def _jwks(jwks_uri: str, *, refresh: bool = False) -> list[dict[str, Any]]:
    cached = _jwks_cache.get(jwks_uri)
    if cached and not refresh and time.time() - cached[0] < METADATA_TTL_SECONDS:
        return cached[1]
    keys = transport.get_json(jwks_uri).get("keys")
    if not isinstance(keys, list):
        raise OIDCError("the JWKS has no key list")
    keys = [k for k in keys if isinstance(k, dict)]
    _jwks_cache[jwks_uri] = (time.time(), keys)
    return keys


def _signing_key(keys: list[dict[str, Any]], kid: str | None) -> tuple[int, int] | None:
    """(n, e) of the RSA signing key the token names, or None."""
    candidates = [
        k
        for k in keys
        if k.get("kty") == "RSA"
        and k.get("use", "sig") == "sig"
        and k.get("alg", "RS256") == "RS256"
        and (kid is None or k.get("kid") == kid)
    ]
    # Without a kid the choice is only unambiguous when the provider publishes one key.
    if len(candidates) != 1:
        return None
    key = candidates[0]
    if not isinstance(key.get("n"), str) or not isinstance(key.get("e"), str):
        raise OIDCError("the signing key lacks n or e")
    n = int.from_bytes(_b64url_decode(key["n"]), "big")
    e = int.from_bytes(_b64url_decode(key["e"]), "big")
    return n, e


# --- RS256 with the standard library -------------------------------------------------------


def rsa_pkcs1_sha256_verify(n: int, e: int, message: bytes, signature: bytes) -> bool:
    """RSASSA-PKCS1-v1_5 verification with SHA-256 (RFC 8017 §8.2.2), i.e. JWS ``RS256``.

    Recovers the encoded message with ``pow(s, e, n)`` and compares it, in constant time,
    with the expected ``00 01 FF..FF 00 || DigestInfo(SHA-256) || hash`` block.
    """
    if n.bit_length() < MIN_RSA_BITS or e < 3 or e % 2 == 0:
        return False
    k = (n.bit_length() + 7) // 8
    if len(signature) != k:
        return False
    s = int.from_bytes(signature, "big")
    if s >= n:
        return False
    encoded = pow(s, e, n).to_bytes(k, "big")
    t = _SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    padding = k - len(t) - 3
    if padding < 8:
        return False
    expected = b"\x00\x01" + b"\xff" * padding + b"\x00" + t
    return hmac.compare_digest(encoded, expected)


def _b64url_decode(part: str) -> bytes:
    if not _B64URL.fullmatch(part) or len(part) % 4 == 1:
        raise OIDCError("malformed base64url in the token")
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _b64url_encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _json_object(raw: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except ValueError:
        raise OIDCError(f"{what} is not JSON") from None
    if not isinstance(value, dict):
        raise OIDCError(f"{what} is not a JSON object")
    return value


# --- ID token verification -----------------------------------------------------------------


class VerifiedClaims(Mapping[str, Any]):
    """The claims of an ID token that passed :func:`verify_id_token`. Read-only, and its repr
    shows no values (the claims carry the national identity number)."""

    __slots__ = ("_claims",)

    def __init__(self, claims: Mapping[str, Any]) -> None:
        self._claims = MappingProxyType(dict(claims))

    def __getitem__(self, key: str) -> Any:
        return self._claims[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._claims)

    def __len__(self) -> int:
        return len(self._claims)

    def __repr__(self) -> str:
        return f"<VerifiedClaims: {', '.join(sorted(self._claims))} (values hidden)>"


def _number(claims: Mapping[str, Any], name: str, *, required: bool) -> float | None:
    value = claims.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise OIDCError(f"the ID token's {name} claim is missing or not a number")
    return float(value)


def verify_id_token(
    id_token: str,
    config: OIDCConfig,
    jwks_uri: str,
    *,
    nonce: str,
    now: float | None = None,
) -> VerifiedClaims:
    """Check an ID token as OpenID Connect Core §3.1.3.7 asks; raise OIDCError if it fails.

    Only RS256 is accepted (never ``none``, never HMAC with a public key as secret).
    """
    now = time.time() if now is None else now
    if not isinstance(id_token, str) or id_token.count(".") != 2:
        raise OIDCError("the ID token is not a signed JWT")
    header_b64, payload_b64, signature_b64 = id_token.split(".")
    header = _json_object(_b64url_decode(header_b64), "the token header")
    if header.get("alg") != "RS256":
        raise OIDCError("the ID token is not signed with RS256")
    if "crit" in header:
        raise OIDCError("the ID token has critical header extensions")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise OIDCError("the ID token's kid is not a string")

    key = _signing_key(_jwks(jwks_uri), kid)
    if key is None:  # The provider may have rotated its keys since we fetched them.
        key = _signing_key(_jwks(jwks_uri, refresh=True), kid)
    if key is None:
        raise OIDCError("no signing key in the JWKS matches the ID token")
    signing_input = f"{header_b64}.{payload_b64}".encode("ascii")
    if not rsa_pkcs1_sha256_verify(*key, signing_input, _b64url_decode(signature_b64)):
        raise OIDCError("the ID token's signature is not valid")

    claims = _json_object(_b64url_decode(payload_b64), "the token payload")
    if claims.get("iss") != config.issuer:
        raise OIDCError("the ID token is from another issuer")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience
    if not isinstance(audiences, list) or config.client_id not in audiences:
        raise OIDCError("the ID token is for another audience")
    azp = claims.get("azp")
    if (len(audiences) > 1 or azp is not None) and azp != config.client_id:
        raise OIDCError("the ID token's authorized party is another client")
    leeway = config.leeway_seconds
    if _number(claims, "exp", required=True) <= now - leeway:
        raise OIDCError("the ID token has expired")
    if _number(claims, "iat", required=True) > now + leeway:
        raise OIDCError("the ID token is issued in the future")
    not_before = _number(claims, "nbf", required=False)
    if not_before is not None and not_before > now + leeway:
        raise OIDCError("the ID token is not valid yet")
    token_nonce = claims.get("nonce")
    if not isinstance(token_nonce, str) or not hmac.compare_digest(
        token_nonce.encode(), nonce.encode()
    ):
        raise OIDCError("the ID token's nonce does not match the login")
    accepted = config.accepted_acr_values()
    if accepted and claims.get("acr") not in accepted:
        raise OIDCError("the ID token's level of assurance (acr) is too low")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise OIDCError("the ID token has no subject")
    return VerifiedClaims(claims)


# --- The flow ------------------------------------------------------------------------------


def _pkce_challenge(verifier: str) -> str:
    return _b64url_encode(hashlib.sha256(verifier.encode("ascii")).digest())


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
    params = {
        "response_type": "code",
        "client_id": config.client_id,
        "redirect_uri": config.redirect_uri,
        "scope": " ".join(config.scopes),
        "state": state,
        "nonce": nonce,
        "code_challenge": _pkce_challenge(verifier),
        "code_challenge_method": "S256",
    }
    if config.acr_values:
        params["acr_values"] = config.acr_values
    if config.prompt:
        params["prompt"] = config.prompt
    language = (translation.get_language() or "").split("-")[0]
    if language in IDPORTEN_UI_LOCALES:
        params["ui_locales"] = language
    separator = "&" if "?" in urls.authorization else "?"
    return HttpResponseRedirect(urls.authorization + separator + urllib.parse.urlencode(params))


def _take_pending(request: HttpRequest) -> dict[str, Any]:
    """The started login (removed from the session: a state is good for one answer)."""
    pending = request.session.pop(SESSION_KEY, None)
    if not isinstance(pending, dict):
        raise OIDCError("no login was started in this browser session")
    if time.time() - float(pending.get("started", 0)) > PENDING_MAX_AGE_SECONDS:
        raise OIDCError("the login took too long")
    return pending


def _exchange_code(config: OIDCConfig, token_endpoint: str, code: str, verifier: str) -> str:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": config.redirect_uri,
        "code_verifier": verifier,
        "client_id": config.client_id,
    }
    headers: dict[str, str] = {}
    if config.token_auth_method == "client_secret_post":
        data["client_secret"] = config.client_secret
    else:  # client_secret_basic (RFC 6749 §2.3.1: form-encode both parts first)
        pair = (
            f"{urllib.parse.quote_plus(config.client_id)}:"
            f"{urllib.parse.quote_plus(config.client_secret)}"
        )
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    answer = transport.post_form(token_endpoint, data, headers)
    id_token = answer.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise OIDCError("the token endpoint sent no ID token")
    return id_token


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
    error = request.GET.get("error", "")
    if error:
        shown = error if _PROVIDER_ERROR.fullmatch(error) else "unrecognised"
        raise OIDCError(f"the provider answered with an error ({shown})")
    code = request.GET.get("code", "")
    if not code or len(code) > 2048:
        raise OIDCError("the callback has no authorization code")
    urls = endpoints(config)
    id_token = _exchange_code(config, urls.token, code, pending["verifier"])
    claims = verify_id_token(id_token, config, urls.jwks_uri, nonce=pending["nonce"])
    return claims, pending.get("next", "")


def _finish_login(request: HttpRequest) -> tuple[Any | None, str]:
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
    return _finish_login(request)[0]


# --- The authentication backend ------------------------------------------------------------


class OIDCBackend(ModelBackend):
    """Maps verified ID token claims to a family member's existing login.

    The identity number claim must match exactly one household member (``Member.national_id``)
    who has a login (``Member.user``) that is active and holds an active family-member
    membership in the member's municipality, and no other role: staff log in their own way.
    Users are never created here. Called only with ``oidc_claims`` (a password login's
    ``username``/``password`` do not bind to this signature, so Django skips the backend).
    """

    def authenticate(self, request, *, oidc_claims=None):
        if not isinstance(oidc_claims, VerifiedClaims):
            return None  # Only claims that came through verify_id_token count.
        config = get_config()
        if config is None:
            return None
        number = oidc_claims.get(config.identity_claim)
        if not isinstance(number, str) or not _ELEVEN_DIGITS.fullmatch(number):
            logger.info("OIDC login refused: no valid identity number in the claims")
            return None
        from familieplan.families.models import Member

        members = list(
            Member.objects.filter(national_id=number, user__isnull=False).select_related("user")
        )
        if not members:
            logger.info("OIDC login refused: no household member with a login has this number")
            return None
        eligible = [m for m in members if self._may_log_in(m)]
        if len(eligible) != 1:
            logger.info(
                "OIDC login refused: %s of %s matching member(s) may log in (exactly 1 needed)",
                len(eligible),
                len(members),
            )
            return None
        return eligible[0].user

    def _may_log_in(self, member) -> bool:
        user = member.user
        if not self.user_can_authenticate(user) or user.is_staff or user.is_superuser:
            return False
        memberships = list(user.memberships.filter(active=True))
        return bool(memberships) and all(
            m.role == Role.FAMILY_MEMBER and m.municipality_id == member.municipality_id
            for m in memberships
        )


# --- Views ---------------------------------------------------------------------------------


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
    user, next_url = _finish_login(request)
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

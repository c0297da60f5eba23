"""The provider and this client's registration, from ``settings.FAMILIEPLAN_OIDC``."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: ID-porten's levels of assurance, lowest first: asking for one accepts it or any higher.
IDPORTEN_LEVELS = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")

_TOKEN_AUTH_METHODS = frozenset({"client_secret_basic", "client_secret_post"})


class OIDCError(Exception):
    """A login that cannot be completed. The message is safe to log: it never holds a
    national identity number, a token or a secret."""


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

"""What we know of the provider: its endpoints (discovery), its keys (JWKS, refreshed on an
unknown ``kid`` at most once a minute) and the check of the ID tokens it signs."""

from __future__ import annotations

import base64
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import ClaimError, ExpiredTokenError, InvalidKeyIdError, JoseError
from joserfc.jwk import ECKey, KeySet, RSAKey
from joserfc.jws import JWSRegistry

from familieplan.accounts.oidc import http
from familieplan.accounts.oidc.config import OIDCConfig, OIDCError

#: JWKS and discovery documents are fetched again after this many seconds.
METADATA_TTL_SECONDS = 60 * 60
#: An ID token naming an unknown key fetches the JWKS again at most this often (key rotation;
#: a stream of unknown ``kid`` values must not turn into a stream of requests).
JWKS_REFRESH_MIN_SECONDS = 60
#: Smallest RSA modulus accepted for ID token signatures.
MIN_RSA_BITS = 2048
#: ID token signature algorithms accepted. ID-porten and Entra ID sign with RS256; adding
#: ES256 or PS256 here is all joserfc needs (never ``none``, never an HMAC algorithm).
ID_TOKEN_ALGORITHMS = ("RS256",)


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    jwks_uri: str
    #: The provider sends ``iss`` with its answer (RFC 9207), so a missing one is refused.
    sends_iss: bool = False


_lock = threading.Lock()
_discovery_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_jwks_cache: dict[str, tuple[float, KeySet]] = {}
_jwks_refreshed_at: dict[str, float] = {}


def clear_caches() -> None:
    """Forget fetched discovery documents and keys (tests; key rotation by hand)."""
    with _lock:
        _discovery_cache.clear()
        _jwks_cache.clear()
        _jwks_refreshed_at.clear()


def endpoints(config: OIDCConfig) -> Endpoints:
    """The configured endpoints, with missing ones from the provider's discovery document."""
    if config.authorization_endpoint and config.token_endpoint and config.jwks_uri:
        return Endpoints(config.authorization_endpoint, config.token_endpoint, config.jwks_uri)
    document = _discovery(config.issuer)
    found = Endpoints(
        config.authorization_endpoint or document.get("authorization_endpoint", ""),
        config.token_endpoint or document.get("token_endpoint", ""),
        config.jwks_uri or document.get("jwks_uri", ""),
        document.get("authorization_response_iss_parameter_supported") is True,
    )
    for url in (found.authorization, found.token, found.jwks_uri):
        if not isinstance(url, str) or urllib.parse.urlsplit(url).scheme != "https":
            raise OIDCError("the discovery document lacks an https endpoint")
    return found


def _discovery(issuer: str) -> dict[str, Any]:
    cached = _discovery_cache.get(issuer)
    if cached and time.time() - cached[0] < METADATA_TTL_SECONDS:
        return cached[1]
    document = http.transport.get_json(issuer + "/.well-known/openid-configuration")
    # OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for.
    named = document.get("issuer")
    if not isinstance(named, str) or named.rstrip("/") != issuer:
        raise OIDCError("the discovery document names another issuer")
    _discovery_cache[issuer] = (time.time(), document)
    return document


def _usable_key(jwk: Any) -> RSAKey | ECKey | None:
    """A published key as joserfc reads it, or None: only RSA (2048 bits or more) and EC
    public keys; anything unreadable, symmetric or weak is left out."""
    if not isinstance(jwk, dict) or jwk.get("kty") not in {"RSA", "EC"}:
        return None
    if jwk.get("kty") == "RSA":
        modulus = jwk.get("n")
        if not isinstance(modulus, str):
            return None
        try:
            raw = base64.urlsafe_b64decode(modulus + "=" * (-len(modulus) % 4))
        except ValueError:
            return None
        if int.from_bytes(raw, "big").bit_length() < MIN_RSA_BITS:
            return None
    try:
        key = (RSAKey if jwk["kty"] == "RSA" else ECKey).import_key(jwk)
    except (JoseError, ValueError, TypeError, KeyError):
        return None
    return None if key.is_private else key


def _key_set(jwks_uri: str, *, refresh: bool = False) -> KeySet:
    cached = _jwks_cache.get(jwks_uri)
    if cached and not refresh and time.time() - cached[0] < METADATA_TTL_SECONDS:
        return cached[1]
    document = http.transport.get_json(jwks_uri)
    published = document.get("keys")
    if not isinstance(published, list):
        raise OIDCError("the JWKS has no key list")
    keys = KeySet([key for key in map(_usable_key, published) if key is not None])
    _jwks_cache[jwks_uri] = (time.time(), keys)
    return keys


def _may_refresh_keys(jwks_uri: str) -> bool:
    """Whether an unknown ``kid`` may fetch the JWKS again now (at most once a minute)."""
    with _lock:
        last = _jwks_refreshed_at.get(jwks_uri)
        if last is not None and time.time() - last < JWKS_REFRESH_MIN_SECONDS:
            return False
        _jwks_refreshed_at[jwks_uri] = time.time()
        return True


def _decode_signed(id_token: str, jwks_uri: str) -> jwt.Token:
    """The verified JWS (signature, algorithm, ``crit``), with one key refresh if needed."""
    registry = JWSRegistry(algorithms=list(ID_TOKEN_ALGORITHMS))
    try:
        return jwt.decode(id_token, _key_set(jwks_uri), registry=registry)
    except InvalidKeyIdError:
        # The provider may have rotated its keys since we fetched them.
        if not _may_refresh_keys(jwks_uri):
            raise
        return jwt.decode(id_token, _key_set(jwks_uri, refresh=True), registry=registry)


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


#: Why a claim was refused, for the log (joserfc's own texts may quote values).
_CLAIM_REFUSALS = {
    "iss": "the ID token is from another issuer",
    "aud": "the ID token is for another audience",
    "azp": "the ID token's authorized party is another client",
    "exp": "the ID token has expired or has no valid expiry",
    "iat": "the ID token is issued in the future or has no valid issue time",
    "nbf": "the ID token is not valid yet",
    "nonce": "the ID token's nonce does not match the login",
    "acr": "the ID token's level of assurance (acr) is too low",
    "sub": "the ID token has no subject",
    "at_hash": "the ID token does not belong to the access token (at_hash)",
}


def _claims_refusal(error: ClaimError) -> OIDCError:
    if isinstance(error, ExpiredTokenError):
        return OIDCError("the ID token has expired")
    names = sorted(error.claim.split(","))
    reasons = [
        _CLAIM_REFUSALS.get(name, f"the ID token's {name} claim is not valid") for name in names
    ]
    return OIDCError("; ".join(reasons))


def verify_id_token(
    id_token: str,
    config: OIDCConfig,
    jwks_uri: str,
    *,
    nonce: str,
    access_token: str | None = None,
    now: float | None = None,
) -> VerifiedClaims:
    """Check an ID token as OpenID Connect Core §3.1.3.7 asks; raise OIDCError if it fails.

    joserfc checks the signature with a key from the provider's JWKS and only the algorithms
    in :data:`ID_TOKEN_ALGORITHMS`; Authlib's ``CodeIDToken`` checks iss, aud, azp, exp, iat,
    nbf, nonce and at_hash; the level of assurance is checked against the asked one.
    """
    if not isinstance(id_token, str) or not id_token:
        raise OIDCError("the token endpoint sent no ID token")
    try:
        token = _decode_signed(id_token, jwks_uri)
    except InvalidKeyIdError:
        raise OIDCError("no signing key in the JWKS matches the ID token") from None
    except JoseError as error:
        raise OIDCError(
            f"the ID token's signature or header is not valid ({error.error})"
        ) from None
    except (ValueError, TypeError):  # Not a JWS at all (wrong number of parts, bad base64).
        raise OIDCError("the ID token is not a signed JWT") from None

    options: dict[str, dict[str, Any]] = {
        "iss": {"essential": True, "value": config.issuer},
        "aud": {"essential": True, "value": config.client_id},
        "sub": {"essential": True},
        "nonce": {"essential": True},
    }
    accepted = config.accepted_acr_values()
    if accepted:
        options["acr"] = {"essential": True, "values": sorted(accepted)}
    params = {"nonce": nonce, "client_id": config.client_id}
    if access_token:
        params["access_token"] = access_token
    claims = CodeIDToken(token.claims, token.header, options, params)
    try:
        claims.validate(now=time.time() if now is None else now, leeway=config.leeway_seconds)
    except ClaimError as error:
        raise _claims_refusal(error) from None
    return VerifiedClaims(claims)

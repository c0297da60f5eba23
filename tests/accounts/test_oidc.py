"""OIDC login for family members (ID-porten) against a test double of an OpenID provider.

The provider double signs ID tokens with keys made here (`cryptography`) and assembles the
JWS by hand, so what it sends does not depend on the library that checks it. It answers
discovery, JWKS and token requests through `oidc.transport`, so no test touches the network.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.auth import authenticate
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import include, path

from familieplan.accounts import oidc
from familieplan.accounts.models import Membership, User
from familieplan.core.roles import Role
from familieplan.families.models import Member
from tests.factories import TEST_PASSWORD, make_family, make_member, make_unit, make_user
from tests.families.helpers import fnr

ISSUER = "https://idporten.example"
CLIENT_ID = "familieplan-test-client"
CLIENT_SECRET = "a client secret from the self-service portal"
BASE_URL = "https://familieplan.example"
START = "/accounts/oidc/start/"
CALLBACK = "/accounts/oidc/callback/"
JWKS = ("GET", f"{ISSUER}/jwks.json")
DISCOVERY = ("GET", f"{ISSUER}/.well-known/openid-configuration")
TOKEN = ("POST", f"{ISSUER}/token")
# Synthetic Test-Norge numbers (month + 80): never a real person's.
PID = fnr(17, 85, 85, 400)
OTHER_PID = fnr(2, 91, 90, 500)

urlpatterns = [
    path("accounts/oidc/start/", oidc.oidc_start, name="test_oidc_start"),
    path("accounts/oidc/callback/", oidc.oidc_callback, name="test_oidc_callback"),
    path("", include("familieplan.urls")),
]


# --- The provider's keys and JWS signing (test side only) ----------------------------------


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _int_bytes(value: int, size: int | None = None) -> bytes:
    return value.to_bytes(size or (value.bit_length() + 7) // 8, "big")


@dataclass(frozen=True)
class SigningKey:
    """A provider's signing key: RSA (RS256) or EC P-256 (ES256)."""

    private: Any
    kid: str

    @property
    def alg(self) -> str:
        return "ES256" if isinstance(self.private, ec.EllipticCurvePrivateKey) else "RS256"

    def jwk(self) -> dict[str, str]:
        numbers = self.private.public_key().public_numbers()
        if self.alg == "ES256":
            return {
                "kty": "EC",
                "crv": "P-256",
                "use": "sig",
                "alg": "ES256",
                "kid": self.kid,
                "x": b64url(_int_bytes(numbers.x, 32)),
                "y": b64url(_int_bytes(numbers.y, 32)),
            }
        return {
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": b64url(_int_bytes(numbers.n)),
            "e": b64url(_int_bytes(numbers.e)),
        }

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, message: bytes) -> bytes:
        if self.alg == "ES256":  # JWS wants r || s, not DER (RFC 7518 §3.4)
            r, s = decode_dss_signature(self.private.sign(message, ec.ECDSA(hashes.SHA256())))
            return _int_bytes(r, 32) + _int_bytes(s, 32)
        return self.private.sign(message, padding.PKCS1v15(), hashes.SHA256())


@functools.cache
def rsa_key(name: str, bits: int = 2048) -> SigningKey:
    """One generated key per name for the whole run."""
    return SigningKey(rsa.generate_private_key(public_exponent=65537, key_size=bits), f"{name}")


@functools.cache
def ec_key(name: str) -> SigningKey:
    return SigningKey(ec.generate_private_key(ec.SECP256R1()), name)


def jws(claims: dict[str, Any], key: SigningKey | None, header: dict | None = None) -> str:
    header = {"alg": key.alg, "kid": key.kid} if header is None else header
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = key.sign(signing_input.encode()) if key else b""
    return signing_input + "." + b64url(signature)


def hs256(claims: dict[str, Any], secret: bytes, kid: str) -> str:
    """The old confusion attack: HMAC with the provider's *public* key as the shared secret."""
    head = b64url(json.dumps({"alg": "HS256", "kid": kid}).encode())
    body = b64url(json.dumps(claims).encode())
    mac = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(mac)}"


# --- The provider double --------------------------------------------------------------------


class FakeProvider:
    """An OpenID provider that keeps the rules a real one enforces at the token endpoint:
    client authentication, single-use codes, the redirect URI and the PKCE verifier."""

    def __init__(self, key: SigningKey) -> None:
        self.key = key
        self.published_keys = [key]
        self.codes: dict[str, dict[str, Any]] = {}
        self.requests: list[tuple[str, str]] = []
        self.claim_overrides: dict[str, Any] = {}
        self.token_maker = None  # callable(claims) -> id_token, to misbehave
        self.client_secret = CLIENT_SECRET
        self.discovery_extra: dict[str, Any] = {}

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "jwks_uri": f"{ISSUER}/jwks.json",
            "end_session_endpoint": f"{ISSUER}/logout",
            "acr_values_supported": ["idporten-loa-substantial", "idporten-loa-high"],
            **self.discovery_extra,
        }

    # The seam: what oidc.transport is asked for.
    def get_json(self, url: str) -> dict[str, Any]:
        self.requests.append(("GET", url))
        if url == f"{ISSUER}/.well-known/openid-configuration":
            return self.discovery()
        if url == f"{ISSUER}/jwks.json":
            return {"keys": [k.jwk() for k in self.published_keys]}
        raise oidc.OIDCError(f"{url} answered HTTP 404")

    def post_form(self, url: str, data: dict[str, str], headers: dict[str, str]) -> dict:
        self.requests.append(("POST", url))
        assert url == f"{ISSUER}/token"
        assert data["grant_type"] == "authorization_code"
        if "Authorization" in headers:
            scheme, _, encoded = headers["Authorization"].partition(" ")
            assert scheme == "Basic"
            user, _, secret = base64.b64decode(encoded).decode().partition(":")
            # RFC 6749 §2.3.1: both parts are form-encoded before they are joined.
            client = (urllib.parse.unquote_plus(user), urllib.parse.unquote_plus(secret))
        else:
            client = (data["client_id"], data.get("client_secret"))
        if client != (CLIENT_ID, self.client_secret):
            raise oidc.OIDCError("idporten.example answered HTTP 401 (invalid_client)")
        grant = self.codes.pop(data["code"], None)
        if grant is None or data["redirect_uri"] != grant["redirect_uri"]:
            raise oidc.OIDCError("idporten.example answered HTTP 400 (invalid_grant)")
        verifier = data["code_verifier"]
        if b64url(hashlib.sha256(verifier.encode()).digest()) != grant["code_challenge"]:
            raise oidc.OIDCError("idporten.example answered HTTP 400 (invalid_grant)")
        claims = self.id_token_claims(grant)
        id_token = self.token_maker(claims) if self.token_maker else jws(claims, self.key)
        return {"id_token": id_token, "access_token": "opaque", "token_type": "Bearer"}

    def id_token_claims(self, grant: dict[str, Any]) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": "pairwise-subject-" + grant["pid"][-3:],
            "pid": grant["pid"],
            "nonce": grant["nonce"],
            "acr": grant["acr"],
            "amr": ["TestID"],
            "iat": now,
            "exp": now + 120,
            "sid": "sso-session",
            "locale": "nb",
        }
        claims.update(self.claim_overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def authorize(self, location: str, *, pid: str = PID, acr: str | None = None) -> dict:
        """The person logs in at the provider: returns the query the browser comes back with."""
        url = urllib.parse.urlsplit(location)
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{ISSUER}/authorize"
        query = dict(urllib.parse.parse_qsl(url.query))
        assert query["client_id"] == CLIENT_ID
        assert query["response_type"] == "code"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "pid": pid,
            "nonce": query["nonce"],
            "code_challenge": query["code_challenge"],
            "redirect_uri": query["redirect_uri"],
            "acr": acr or query.get("acr_values", "idporten-loa-substantial"),
        }
        return {"code": code, "state": query["state"]}


# --- Fixtures -------------------------------------------------------------------------------


def oidc_settings(**overrides) -> dict[str, Any]:
    return {
        "issuer": ISSUER,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "acr_values": "idporten-loa-substantial",
        "identity_claim": "pid",
        **overrides,
    }


@pytest.fixture
def provider(db, settings, monkeypatch):
    settings.ROOT_URLCONF = __name__
    settings.FAMILIEPLAN_BASE_URL = BASE_URL
    settings.FAMILIEPLAN_OIDC = oidc_settings()
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "familieplan.accounts.oidc.OIDCBackend",
    ]
    fake = FakeProvider(rsa_key("provider"))
    monkeypatch.setattr(oidc.http, "transport", fake)
    oidc.clear_caches()
    yield fake
    oidc.clear_caches()


@pytest.fixture
def parent(world):
    """A parent in family A registered by the coordinator with number and login."""
    return make_member(family=world.family_a, national_id=PID, user=world.family_member)


def start(client, query: str = "") -> str:
    response = client.get(START + query)
    assert response.status_code == 302
    return response["Location"]


def log_in(client, provider, **authorize) -> Any:
    """Start, log in at the provider, come back: the callback's response."""
    answer = provider.authorize(start(client), **authorize)
    return client.get(CALLBACK, answer)


def logged_in_user_id(client) -> str | None:
    return client.session.get(AUTH_SESSION_KEY)


def assert_refused(client, response) -> None:
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert logged_in_user_id(client) is None
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("ID-porten" in m for m in shown)


# --- The round trip -------------------------------------------------------------------------


def test_start_redirects_to_the_provider_with_state_nonce_pkce_and_level(client, provider):
    location = start(client)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    assert location.startswith(f"{ISSUER}/authorize?")
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == BASE_URL + CALLBACK
    assert query["scope"] == "openid profile"
    assert query["acr_values"] == "idporten-loa-substantial"
    assert query["code_challenge_method"] == "S256"
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    assert len(query["code_challenge"]) == 43  # base64url of a SHA-256 digest
    assert query["ui_locales"] == "nb"
    assert "prompt" not in query
    pending = client.session[oidc.SESSION_KEY]
    assert pending["state"] == query["state"] and pending["nonce"] == query["nonce"]
    challenge = b64url(hashlib.sha256(pending["verifier"].encode()).digest())
    assert challenge == query["code_challenge"]
    assert DISCOVERY in provider.requests


def test_prompt_from_the_settings_is_sent(client, provider, settings):
    settings.FAMILIEPLAN_OIDC = oidc_settings(prompt="login")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(start(client)).query))
    assert query["prompt"] == "login"


def test_discovery_is_fetched_once_and_then_cached(client, provider):
    start(client)
    start(Client())
    assert provider.requests.count(DISCOVERY) == 1


def test_full_login_round_trip_logs_in_the_members_user(client, provider, parent):
    response = log_in(client, provider)
    assert response.status_code == 302 and response["Location"] == "/"
    assert logged_in_user_id(client) == str(parent.user.pk)
    assert client.session[oidc.LOGIN_METHOD_SESSION_KEY] == "oidc"
    assert oidc.SESSION_KEY not in client.session
    assert TOKEN in provider.requests


def test_login_goes_to_the_next_page_on_this_site(client, provider, parent):
    answer = provider.authorize(start(client, "?next=/accounts/settings/"))
    assert client.get(CALLBACK, answer)["Location"] == "/accounts/settings/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\\/evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "https://familieplan.example.evil.example/",
    ],
)
def test_next_pointing_away_from_our_site_lands_on_our_front_page(client, provider, parent, target):
    query = "?" + urllib.parse.urlencode({"next": target})
    answer = provider.authorize(start(client, query))
    response = client.get(CALLBACK, answer)
    assert response["Location"] == "/"
    assert logged_in_user_id(client) == str(parent.user.pk)


def test_client_secret_post_and_explicit_endpoints(client, provider, parent, settings):
    settings.FAMILIEPLAN_OIDC = oidc_settings(
        token_auth_method="client_secret_post",
        authorization_endpoint=f"{ISSUER}/authorize",
        token_endpoint=f"{ISSUER}/token",
        jwks_uri=f"{ISSUER}/jwks.json",
    )
    log_in(client, provider)
    assert logged_in_user_id(client) == str(parent.user.pk)
    assert DISCOVERY not in provider.requests


def test_a_secret_with_reserved_characters_is_form_encoded_for_basic_auth(
    client, provider, parent, settings
):
    secret = "s3cr:t+with/%=&?space é"
    settings.FAMILIEPLAN_OIDC = oidc_settings(client_secret=secret)
    provider.client_secret = secret
    log_in(client, provider)
    assert logged_in_user_id(client) == str(parent.user.pk)


def test_a_higher_level_than_asked_is_accepted(client, provider, parent):
    log_in(client, provider, acr="idporten-loa-high")
    assert logged_in_user_id(client) == str(parent.user.pk)


def test_asked_for_high_and_got_substantial_is_refused(client, provider, parent, settings):
    settings.FAMILIEPLAN_OIDC = oidc_settings(acr_values="idporten-loa-high")
    assert_refused(client, log_in(client, provider, acr="idporten-loa-substantial"))


def test_a_rotated_signing_key_is_fetched_again(client, provider, parent):
    log_in(client, provider)  # caches the JWKS with the first key
    client.logout()
    new_key = rsa_key("rotated")
    provider.key = new_key
    provider.published_keys = [rsa_key("provider"), new_key]
    log_in(client, provider)
    assert logged_in_user_id(client) == str(parent.user.pk)
    assert provider.requests.count(JWKS) == 2


def test_an_unknown_kid_refreshes_the_keys_exactly_once_then_refuses(client, provider, parent):
    log_in(client, provider)  # the JWKS is cached
    client.logout()
    unknown = rsa_key("never-published")
    provider.token_maker = lambda claims: jws(claims, unknown)
    assert_refused(client, log_in(client, provider))
    assert provider.requests.count(JWKS) == 2  # the cached fetch and one refresh


def test_unknown_kids_in_a_row_refresh_the_keys_at_most_once_a_minute(client, provider, parent):
    unknown = rsa_key("never-published")
    provider.token_maker = lambda claims: jws(claims, unknown)
    assert_refused(client, log_in(client, provider))
    assert provider.requests.count(JWKS) == 2  # the first fetch and one refresh
    assert_refused(client, log_in(client, provider))
    assert_refused(client, log_in(client, provider))
    assert provider.requests.count(JWKS) == 2  # no more refreshes
    with time_machine.travel(time.time() + oidc.JWKS_REFRESH_MIN_SECONDS + 1):
        assert_refused(client, log_in(client, provider))
        assert provider.requests.count(JWKS) == 3


# --- The browser's answer -------------------------------------------------------------------


def test_wrong_state_is_refused_before_the_code_is_used(client, provider, parent):
    answer = provider.authorize(start(client))
    assert_refused(client, client.get(CALLBACK, {**answer, "state": "forged"}))
    assert TOKEN not in provider.requests


def test_a_state_is_good_for_one_answer_only(client, provider, parent):
    answer = provider.authorize(start(client))
    assert_refused(client, client.get(CALLBACK, {**answer, "code": "made-up"}))
    assert_refused(client, client.get(CALLBACK, answer))  # the right code, too late
    assert provider.requests.count(TOKEN) == 1


def test_a_replayed_answer_after_a_login_is_refused(client, provider, parent):
    answer = provider.authorize(start(client))
    client.get(CALLBACK, answer)
    assert logged_in_user_id(client) == str(parent.user.pk)
    client.logout()
    assert_refused(client, client.get(CALLBACK, answer))  # same browser, later
    stranger = Client()
    assert_refused(stranger, stranger.get(CALLBACK, answer))  # someone who saw the URL
    assert provider.requests.count(TOKEN) == 1


def test_a_state_from_another_browser_session_is_refused(client, provider, parent):
    victim = Client()
    victims_answer = provider.authorize(start(victim))
    start(client)  # the attacker's own login in progress
    assert_refused(client, client.get(CALLBACK, victims_answer))
    assert TOKEN not in provider.requests


def test_an_answer_into_a_session_without_a_login_is_refused(client, provider, parent):
    other = Client()
    answer = provider.authorize(start(other))
    assert_refused(client, client.get(CALLBACK, answer))
    assert TOKEN not in provider.requests


def test_callback_without_a_started_login_is_refused(client, provider, parent):
    assert_refused(client, client.get(CALLBACK, {"code": "abc", "state": "abc"}))


def test_cancel_at_the_provider_is_refused_without_a_token_request(client, provider, parent):
    answer = provider.authorize(start(client))
    response = client.get(CALLBACK, {"error": "access_denied", "state": answer["state"]})
    assert_refused(client, response)
    assert TOKEN not in provider.requests


def test_an_answer_naming_another_issuer_is_refused(client, provider, parent):
    """RFC 9207 (ID-porten sends ``iss`` with the code): a mix-up with another provider."""
    answer = provider.authorize(start(client))
    response = client.get(CALLBACK, {**answer, "iss": "https://evil.example"})
    assert_refused(client, response)
    assert TOKEN not in provider.requests


def test_an_answer_without_iss_is_refused_when_the_provider_promises_it(client, provider, parent):
    provider.discovery_extra = {"authorization_response_iss_parameter_supported": True}
    assert_refused(client, log_in(client, provider))
    answer = provider.authorize(start(client))
    client.get(CALLBACK, {**answer, "iss": ISSUER})
    assert logged_in_user_id(client) == str(parent.user.pk)


def test_a_login_left_too_long_is_refused(client, provider, parent):
    answer = provider.authorize(start(client))
    session = client.session
    session[oidc.SESSION_KEY] = {
        **session[oidc.SESSION_KEY],
        "started": time.time() - oidc.PENDING_MAX_AGE_SECONDS - 1,
    }
    session.save()
    assert_refused(client, client.get(CALLBACK, answer))


def test_a_code_the_provider_does_not_know_is_refused(client, provider, parent):
    answer = provider.authorize(start(client))
    assert_refused(client, client.get(CALLBACK, {**answer, "code": "made-up"}))


@pytest.mark.parametrize("code", ["", "x" * 2049, "a<b>c"])
def test_a_malformed_code_is_refused(client, provider, parent, code):
    answer = provider.authorize(start(client))
    assert_refused(client, client.get(CALLBACK, {**answer, "code": code}))


def test_a_code_with_a_null_character_is_refused_before_the_callback(client, provider, parent):
    """The guard against NUL characters answers every request that carries one with 400."""
    answer = provider.authorize(start(client))
    response = client.get(CALLBACK, {**answer, "code": "a<b>c\x00"})
    assert response.status_code == 400
    assert logged_in_user_id(client) is None


# --- The ID token ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "override",
    [
        pytest.param({"nonce": "another-login"}, id="wrong nonce"),
        pytest.param({"nonce": None}, id="no nonce"),
        pytest.param({"aud": "another-client"}, id="wrong audience"),
        pytest.param({"aud": ["another-client", CLIENT_ID]}, id="several audiences, no azp"),
        pytest.param({"azp": "another-client"}, id="another authorized party"),
        pytest.param({"aud": None}, id="no audience"),
        pytest.param({"iss": "https://evil.example"}, id="wrong issuer"),
        pytest.param({"iss": None}, id="no issuer"),
        pytest.param({"exp": int(time.time()) - 3600}, id="expired"),
        pytest.param({"exp": None}, id="no expiry"),
        pytest.param({"exp": "tomorrow"}, id="expiry not a number"),
        pytest.param({"iat": int(time.time()) + 3600}, id="issued in the future"),
        pytest.param({"iat": None}, id="no issue time"),
        pytest.param({"nbf": int(time.time()) + 3600}, id="not valid yet"),
        pytest.param({"acr": "idporten-loa-low"}, id="level too low"),
        pytest.param({"acr": None}, id="no level"),
        pytest.param({"sub": None}, id="no subject"),
        pytest.param({"sub": ""}, id="empty subject"),
        pytest.param({"at_hash": "not-the-access-tokens-hash"}, id="wrong at_hash"),
    ],
)
def test_id_token_claims_that_do_not_fit_are_refused(client, provider, parent, override):
    provider.claim_overrides = override
    assert_refused(client, log_in(client, provider))


def test_tampered_signature_is_refused(client, provider, parent):
    def tampered(claims):
        head, payload, signature = jws(claims, provider.key).split(".")
        raw = bytearray(base64.urlsafe_b64decode(signature + "=="))
        raw[-1] ^= 0x01
        return f"{head}.{payload}.{b64url(bytes(raw))}"

    provider.token_maker = tampered
    assert_refused(client, log_in(client, provider))


def test_payload_swapped_under_a_valid_signature_is_refused(client, provider, parent, world):
    other = make_user(role=Role.FAMILY_MEMBER, municipality=world.muni_a)
    make_member(family=world.family_a_colleague, national_id=OTHER_PID, user=other)

    def swapped(claims):
        head, _, signature = jws(claims, provider.key).split(".")
        forged = b64url(json.dumps({**claims, "pid": OTHER_PID}).encode())
        return f"{head}.{forged}.{signature}"

    provider.token_maker = swapped
    assert_refused(client, log_in(client, provider))


def test_token_signed_by_another_key_with_the_providers_kid_is_refused(client, provider, parent):
    impostor = rsa_key("impostor")
    provider.token_maker = lambda claims: jws(
        claims, impostor, {"alg": "RS256", "kid": provider.key.kid}
    )
    assert_refused(client, log_in(client, provider))


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "HS256", "RS512", "PS256", "ES256"])
def test_any_algorithm_but_rs256_is_refused(client, provider, parent, alg):
    def unsigned(claims):
        head = b64url(json.dumps({"alg": alg, "kid": provider.key.kid}).encode())
        body = b64url(json.dumps(claims).encode())
        if alg.lower() == "none":
            return f"{head}.{body}."
        # Whatever the bytes, a signature under another algorithm must not be checked as RS256.
        return f"{head}.{body}.{b64url(provider.key.sign(f'{head}.{body}'.encode()))}"

    provider.token_maker = unsigned
    assert_refused(client, log_in(client, provider))


def test_alg_none_without_a_kid_and_without_a_signature_is_refused(client, provider, parent):
    def unsigned(claims):
        head = b64url(json.dumps({"alg": "none"}).encode())
        return f"{head}.{b64url(json.dumps(claims).encode())}."

    provider.token_maker = unsigned
    assert_refused(client, log_in(client, provider))


@pytest.mark.parametrize("secret_form", ["PEM", "JWK JSON", "modulus bytes"])
def test_hs256_signed_with_the_public_key_as_secret_is_refused(
    client, provider, parent, secret_form
):
    key = provider.key
    secret = {
        "PEM": key.public_pem(),
        "JWK JSON": json.dumps(key.jwk()).encode(),
        "modulus bytes": _int_bytes(key.private.public_key().public_numbers().n),
    }[secret_form]
    provider.token_maker = lambda claims: hs256(claims, secret, key.kid)
    assert_refused(client, log_in(client, provider))


def test_es256_from_a_published_ec_key_is_refused(client, provider, parent):
    """ID-porten signs with RS256; another algorithm is refused even with a good signature."""
    ec_signer = ec_key("provider-ec")
    provider.published_keys = [provider.key, ec_signer]
    provider.token_maker = lambda claims: jws(claims, ec_signer)
    assert_refused(client, log_in(client, provider))


def test_a_published_rsa_key_under_2048_bits_is_not_used(client, provider, parent):
    weak = rsa_key("weak", bits=1024)
    provider.key = weak
    provider.published_keys = [weak]
    assert_refused(client, log_in(client, provider))


def test_critical_header_extensions_are_refused(client, provider, parent):
    provider.token_maker = lambda claims: jws(
        claims, provider.key, {"alg": "RS256", "kid": provider.key.kid, "crit": ["exp"]}
    )
    assert_refused(client, log_in(client, provider))


@pytest.mark.parametrize(
    "token",
    ["", "not-a-jwt", "a.b", "a.b.c.d", "e30.e30.", "!!!.???.***"],
)
def test_garbage_instead_of_an_id_token_is_refused(client, provider, parent, token):
    provider.token_maker = lambda claims: token
    assert_refused(client, log_in(client, provider))


def test_verify_id_token_tolerates_small_clock_skew_only(provider):
    config = oidc.OIDCConfig.from_dict(oidc_settings(leeway_seconds=30))
    now = time.time()
    claims = {
        "iss": ISSUER,
        "aud": CLIENT_ID,
        "sub": "s",
        "nonce": "n",
        "acr": "idporten-loa-substantial",
        "iat": int(now),
        "exp": int(now) + 60,
    }
    token = jws(claims, provider.key)
    jwks = f"{ISSUER}/jwks.json"
    assert oidc.verify_id_token(token, config, jwks, nonce="n", now=now + 80)["sub"] == "s"
    with pytest.raises(oidc.OIDCError, match="expired"):
        oidc.verify_id_token(token, config, jwks, nonce="n", now=now + 91)
    with pytest.raises(oidc.OIDCError, match="future"):
        oidc.verify_id_token(token, config, jwks, nonce="n", now=now - 31)


# --- From claims to a member ----------------------------------------------------------------


def make_family_login(world) -> User:
    return make_user(role=Role.FAMILY_MEMBER, municipality=world.muni_a)


def test_unknown_identity_number_logs_in_nobody_and_creates_nothing(client, provider, parent):
    users, members = User.objects.count(), Member.objects.count()
    assert_refused(client, log_in(client, provider, pid=OTHER_PID))
    assert (User.objects.count(), Member.objects.count()) == (users, members)


def test_a_member_without_a_login_is_refused(client, provider, world):
    make_member(family=world.family_a, national_id=PID)
    users = User.objects.count()
    assert_refused(client, log_in(client, provider))
    assert User.objects.count() == users


def test_a_member_whose_user_is_inactive_is_refused(client, provider, parent):
    User.objects.filter(pk=parent.user.pk).update(is_active=False)
    assert_refused(client, log_in(client, provider))


def test_a_member_whose_family_membership_is_inactive_is_refused(client, provider, parent):
    Membership.objects.filter(user=parent.user).update(active=False)
    assert_refused(client, log_in(client, provider))


def test_a_family_membership_in_another_municipality_is_not_enough(client, provider, world):
    login = make_user(role=Role.FAMILY_MEMBER, municipality=world.muni_b)
    make_member(family=world.family_a, national_id=PID, user=login)
    assert_refused(client, log_in(client, provider))


@pytest.mark.parametrize("staff_kind", ["coordinator role", "is_staff", "is_superuser"])
def test_staff_never_come_in_through_the_family_entrance(client, provider, parent, staff_kind):
    if staff_kind == "coordinator role":
        Membership.objects.create(
            user=parent.user,
            municipality=parent.municipality,
            unit=parent.family.unit,
            role=Role.COORDINATOR,
        )
    else:
        User.objects.filter(pk=parent.user.pk).update(**{staff_kind: True})
    assert_refused(client, log_in(client, provider))


def test_the_same_number_with_logins_in_two_municipalities_is_refused(client, provider, world):
    make_member(family=world.family_a, national_id=PID, user=make_family_login(world))
    login_b = make_user(role=Role.FAMILY_MEMBER, municipality=world.muni_b)
    make_member(family=world.family_b, national_id=PID, user=login_b)
    assert_refused(client, log_in(client, provider))


def test_the_member_with_a_login_wins_over_a_record_without_one(client, provider, world, parent):
    family = make_family(unit=make_unit(municipality=world.muni_b), name="Familien Ny")
    make_member(family=family, national_id=PID)  # registered elsewhere, no login
    log_in(client, provider)
    assert logged_in_user_id(client) == str(parent.user.pk)


def test_synthetic_numbers_log_in_only_on_demo_and_test_installations(
    client, provider, parent, settings
):
    """Test-Norge persons from ID-porten's test environment never get into production data,
    even where such a number was stored before (same rule as the member form)."""
    settings.DEMO_MODE = False
    settings.TESTING = False
    assert_refused(client, log_in(client, provider))
    settings.DEMO_MODE = True
    log_in(client, provider)
    assert logged_in_user_id(client) == str(parent.user.pk)


BAD_CHECKSUM = PID[:-1] + str((int(PID[-1]) + 1) % 10)


@pytest.mark.parametrize(
    ("stored", "claim"),
    [
        pytest.param(BAD_CHECKSUM, BAD_CHECKSUM, id="wrong check digit, stored as such"),
        pytest.param(PID, PID + "0", id="twelve digits"),
        pytest.param(PID, int(PID), id="a number, not a string"),
        pytest.param(PID, f"{PID[:6]} {PID[6:]}", id="with a space"),
    ],
)
def test_an_identity_claim_that_is_no_valid_number_is_refused(
    client, provider, world, stored, claim
):
    make_member(family=world.family_a, national_id=stored, user=world.family_member)
    provider.claim_overrides = {"pid": claim}
    assert_refused(client, log_in(client, provider))


def test_backend_accepts_only_verified_claims(rf, provider, parent):
    backend = oidc.OIDCBackend()
    request = rf.get("/")
    assert backend.authenticate(request, oidc_claims={"pid": PID}) is None
    assert backend.authenticate(request, oidc_claims=oidc.VerifiedClaims({"pid": PID})) == (
        parent.user
    )


def test_finish_login_returns_the_user_and_logs_in(client, provider, parent, rf):
    answer = provider.authorize(start(client))
    request = rf.get(CALLBACK, answer)
    request.session = client.session
    assert oidc.finish_login(request) == parent.user
    assert request.session[AUTH_SESSION_KEY] == str(parent.user.pk)
    request = rf.get(CALLBACK, answer)
    request.session = client.session
    assert oidc.finish_login(request) is None  # no login in progress any more


def test_refused_mappings_count_towards_the_lockout(client, provider, parent, settings):
    """Axes sees OIDC logins without a username: refusals from one address add up, and the
    address is then locked out of OIDC login for the cool-off time (decision 0012)."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert_refused(client, log_in(client, provider, pid=OTHER_PID))
    assert log_in(client, provider, pid=OTHER_PID).status_code == 429  # the last straw
    assert log_in(client, provider).status_code == 429  # a mapped member, same address
    assert logged_in_user_id(client) is None


def test_password_login_still_works_with_the_backend_installed(provider, world):
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username="forelder", password=TEST_PASSWORD)
    assert user == world.family_member
    assert user.backend == "django.contrib.auth.backends.ModelBackend"


def test_the_identity_number_never_reaches_the_log(client, provider, parent, caplog):
    caplog.set_level(logging.DEBUG)
    log_in(client, provider)
    client.logout()
    log_in(client, provider, pid=OTHER_PID)
    provider.claim_overrides = {"nonce": "x"}
    log_in(client, provider)
    provider.claim_overrides = {}
    provider.token_maker = lambda claims: jws(claims, rsa_key("never-published"))
    log_in(client, provider)
    assert "OIDC login for user" in caplog.text
    assert "OIDC login refused" in caplog.text
    assert PID not in caplog.text and OTHER_PID not in caplog.text
    assert PID not in repr(oidc.VerifiedClaims({"pid": PID}))


# --- Configuration and the switch -----------------------------------------------------------


def test_oidc_is_off_without_settings(client, settings):
    settings.ROOT_URLCONF = __name__
    settings.FAMILIEPLAN_OIDC = {}
    assert not oidc.is_enabled()
    assert client.get(START).status_code == 404
    assert client.get(CALLBACK).status_code == 404


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(oidc_settings(issuer="http://idporten.example"), "issuer", id="plain http"),
        pytest.param(oidc_settings(client_secret=""), "client_secret", id="no secret"),
        pytest.param(oidc_settings(acr_value="idporten-loa-high"), "acr_value", id="typo"),
        pytest.param(oidc_settings(scopes="profile"), "openid", id="no openid scope"),
        pytest.param(oidc_settings(token_auth_method="none"), "token_auth", id="public client"),
        pytest.param(oidc_settings(redirect_path="callback/"), "redirect_path", id="relative"),
        pytest.param(oidc_settings(identity_claim=""), "identity_claim", id="no claim"),
        pytest.param(oidc_settings(leeway_seconds=3600), "leeway", id="leeway too large"),
        pytest.param(
            oidc_settings(jwks_uri="http://idporten.example/jwks"), "jwks_uri", id="http jwks"
        ),
    ],
)
def test_configuration_mistakes_are_loud_and_name_the_key(raw, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        oidc.OIDCConfig.from_dict(raw)


def test_every_documented_key_is_accepted():
    config = oidc.OIDCConfig.from_dict(
        {
            "issuer": ISSUER + "/",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "authorization_endpoint": f"{ISSUER}/authorize",
            "token_endpoint": f"{ISSUER}/token",
            "jwks_uri": f"{ISSUER}/jwks.json",
            "scopes": ["openid", "profile"],
            "acr_values": "idporten-loa-high",
            "accepted_acr": "idporten-loa-high",
            "identity_claim": "pid",
            "token_auth_method": "client_secret_post",
            "redirect_path": "/accounts/oidc/callback/",
            "prompt": "login",
            "leeway_seconds": 30,
            "success_url": "/family/",
            "failure_url": "/accounts/family/login/",
        }
    )
    assert config.issuer == ISSUER
    assert config.accepted_acr_values() == {"idporten-loa-high"}


def test_configuration_repr_hides_the_secret():
    assert CLIENT_SECRET not in repr(oidc.OIDCConfig.from_dict(oidc_settings()))


def test_provider_unreachable_at_start_sends_back_to_login(client, provider, monkeypatch):
    def down(url):
        raise oidc.OIDCError("idporten.example could not be reached (URLError)")

    monkeypatch.setattr(provider, "get_json", down)
    response = client.get(START)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


def test_discovery_naming_another_issuer_is_refused(client, provider, monkeypatch):
    monkeypatch.setattr(provider, "discovery", lambda: {"issuer": "https://evil.example"})
    assert client.get(START)["Location"] == "/accounts/login/"


def test_discovery_with_a_plain_http_endpoint_is_refused(client, provider):
    provider.discovery_extra = {"authorization_endpoint": "http://idporten.example/authorize"}
    assert client.get(START)["Location"] == "/accounts/login/"


def test_the_real_transport_refuses_plain_http():
    with pytest.raises(oidc.OIDCError, match="non-https"):
        oidc.UrllibTransport().get_json("http://idporten.example/.well-known/openid-configuration")

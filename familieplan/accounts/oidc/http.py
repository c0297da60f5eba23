"""The HTTP seam: every request to the provider goes through :data:`transport`.

Tests replace it (``monkeypatch.setattr(oidc.http, "transport", FakeProvider())``). Authlib's
``OAuth2Client`` sends the token request through it too (:class:`_TransportSession`).
"""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from authlib.oauth2.client import OAuth2Client

from familieplan.accounts.oidc.config import OIDCConfig, OIDCError

#: An OAuth error code as the provider sends it (a fixed vocabulary, safe to log).
PROVIDER_ERROR = re.compile(r"[a-z_]{1,40}")


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
                **headers,
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
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
        try:
            value = json.loads(raw)
        except ValueError:
            raise OIDCError(f"the answer from {host} is not JSON") from None
        if not isinstance(value, dict):
            raise OIDCError(f"the answer from {host} is not a JSON object")
        return value


def _error_code(error: urllib.error.HTTPError) -> str:
    """The OAuth ``error`` code of a refused request (a fixed vocabulary), if any."""
    try:
        code = json.loads(error.read(4096)).get("error", "")
    except (ValueError, AttributeError, OSError):
        return ""
    return f" ({code})" if isinstance(code, str) and PROVIDER_ERROR.fullmatch(code) else ""


#: Replace in tests (``monkeypatch.setattr(oidc.http, "transport", FakeProvider())``).
transport: Transport = UrllibTransport()


class _TransportSession:
    """The ``session`` Authlib's OAuth2Client sends its token request through: it lets the
    client authentication sign the request, then hands it to :data:`transport`."""

    def post(self, url: str, *, data: Mapping[str, str], headers, auth, **_: Any):
        body = urllib.parse.urlencode(dict(data))
        url, headers, body = auth.prepare("POST", url, dict(headers), body)
        return _Answer(transport.post_form(url, dict(urllib.parse.parse_qsl(body)), headers))


@dataclass(frozen=True)
class _Answer:
    """What Authlib reads of an HTTP response; the transport has already refused errors."""

    body: dict[str, Any]
    status_code: int = 200

    def json(self) -> dict[str, Any]:
        return self.body

    def raise_for_status(self) -> None:
        return None


def _client_secret_basic(client, method, uri, headers, body):
    """``client_secret_basic`` as RFC 6749 §2.3.1 has it: id and secret form-encoded first
    (Authlib joins them unencoded, which breaks a secret with ``:``, ``+`` or ``%``)."""
    pair = (
        f"{urllib.parse.quote_plus(client.client_id)}:"
        f"{urllib.parse.quote_plus(client.client_secret)}"
    )
    headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    return uri, headers, body


def oauth_client(config: OIDCConfig) -> OAuth2Client:
    """Authlib's protocol client for this registration: PKCE S256, the configured client
    authentication, every request through :data:`transport`."""
    client = OAuth2Client(
        _TransportSession(),
        client_id=config.client_id,
        client_secret=config.client_secret,
        token_endpoint_auth_method=config.token_auth_method,
        scope=" ".join(config.scopes),
        redirect_uri=config.redirect_uri,
        code_challenge_method="S256",
    )
    client.register_client_auth_method(("client_secret_basic", _client_secret_basic))
    return client

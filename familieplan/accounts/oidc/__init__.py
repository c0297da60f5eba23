"""Login for family members with OpenID Connect (ID-porten), switched on by settings.

Off unless ``settings.FAMILIEPLAN_OIDC`` is a non-empty dict (README.md, "Logging in with
ID-porten (OIDC)"; decisions 0012 and 0016). The flow is the authorization code flow with
PKCE (S256), ``state`` and ``nonce``:

1. :func:`start_login` stores state, nonce and the PKCE verifier in the session and
   redirects to the provider's authorization endpoint.
2. :func:`finish_login` checks the state, exchanges the code at the token endpoint, verifies
   the ID token and logs in the user :class:`OIDCBackend` maps it to.

The protocol, the keys and the token checks are the libraries' (decision 0016): Authlib's
``OAuth2Client`` builds the authorization request (PKCE) and sends the token request with the
client authentication; joserfc verifies the ID token's signature (RS256 only) against the
provider's JWKS; Authlib's ``CodeIDToken`` checks its claims (OpenID Connect Core §3.1.3.7).
Ours are the settings (``config``), the https-only HTTP seam (``http``), the caches with a
key refresh on an unknown ``kid`` at most once a minute (``provider``), the pending login in
the session (``flow``), and who may log in (``backend``). Which household member an identity
number belongs to is the families app's knowledge: it registers a lookup with
:func:`register_identity_lookup` from its ``AppConfig.ready()``, so accounts never imports it.

National identity numbers never appear in log lines, exceptions or reprs from this package.
"""

from familieplan.accounts.oidc import http
from familieplan.accounts.oidc.backend import (
    IdentityLookup,
    IdentityMatch,
    OIDCBackend,
    register_identity_lookup,
)
from familieplan.accounts.oidc.config import (
    IDPORTEN_LEVELS,
    OIDCConfig,
    OIDCError,
    get_config,
    is_enabled,
)
from familieplan.accounts.oidc.flow import (
    IDPORTEN_UI_LOCALES,
    LOGIN_METHOD_SESSION_KEY,
    PENDING_MAX_AGE_SECONDS,
    SESSION_KEY,
    finish_login,
    start_login,
    verified_claims_from_callback,
)
from familieplan.accounts.oidc.http import Transport, UrllibTransport
from familieplan.accounts.oidc.provider import (
    ID_TOKEN_ALGORITHMS,
    JWKS_REFRESH_MIN_SECONDS,
    METADATA_TTL_SECONDS,
    MIN_RSA_BITS,
    Endpoints,
    VerifiedClaims,
    clear_caches,
    endpoints,
    verify_id_token,
)
from familieplan.accounts.oidc.views import oidc_callback, oidc_start

__all__ = [
    "IDPORTEN_LEVELS",
    "IDPORTEN_UI_LOCALES",
    "ID_TOKEN_ALGORITHMS",
    "JWKS_REFRESH_MIN_SECONDS",
    "LOGIN_METHOD_SESSION_KEY",
    "METADATA_TTL_SECONDS",
    "MIN_RSA_BITS",
    "PENDING_MAX_AGE_SECONDS",
    "SESSION_KEY",
    "Endpoints",
    "IdentityLookup",
    "IdentityMatch",
    "OIDCBackend",
    "OIDCConfig",
    "OIDCError",
    "Transport",
    "UrllibTransport",
    "VerifiedClaims",
    "clear_caches",
    "endpoints",
    "finish_login",
    "get_config",
    "http",
    "is_enabled",
    "oidc_callback",
    "oidc_start",
    "register_identity_lookup",
    "start_login",
    "verified_claims_from_callback",
    "verify_id_token",
]

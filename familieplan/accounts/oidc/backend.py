"""From verified claims to a family member's login; the identity lookup families registers."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured

from familieplan.accounts.oidc.config import get_config
from familieplan.accounts.oidc.provider import VerifiedClaims
from familieplan.core.roles import Role

logger = logging.getLogger("familieplan.accounts.oidc")

_ELEVEN_DIGITS = re.compile(r"[0-9]{11}")


@dataclass(frozen=True)
class IdentityMatch:
    """A login linked to a person registered with the identity number, and the municipality
    that person is registered in."""

    user: Any
    municipality_id: Any


#: ``lookup(number) -> matches``: every login linked to someone registered with the number.
#: It may leave out numbers it does not accept (invalid, or synthetic outside demo and tests).
IdentityLookup = Callable[[str], Iterable[IdentityMatch]]

_identity_lookup: IdentityLookup | None = None


def register_identity_lookup(lookup: IdentityLookup) -> None:
    """Let the app that registers people's identity numbers answer who a number belongs to
    (the families app does, from ``FamiliesConfig.ready()``)."""
    global _identity_lookup
    _identity_lookup = lookup


class OIDCBackend(ModelBackend):
    """Maps verified ID token claims to a family member's existing login.

    The registered identity lookup gives the logins linked to people with the number in the
    identity claim; exactly one of them must qualify: active, not staff or superuser, and
    every active membership is *family member* in the person's municipality — staff log in
    their own way. Users are never created here. Only ``oidc_claims`` counts: a password
    login (``username``/``password``) gets None here and is left to the other backends.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        oidc_claims = kwargs.get("oidc_claims")
        if not isinstance(oidc_claims, VerifiedClaims):
            return None  # Only claims that came through verify_id_token count.
        config = get_config()
        if config is None:
            return None
        number = oidc_claims.get(config.identity_claim)
        if not isinstance(number, str) or not _ELEVEN_DIGITS.fullmatch(number):
            logger.info("OIDC login refused: no valid identity number in the claims")
            return None
        if _identity_lookup is None:
            raise ImproperlyConfigured(
                "OIDC login needs an identity lookup: the families app registers it "
                "(is it in INSTALLED_APPS?)."
            )
        matches = list(_identity_lookup(number))
        if not matches:
            logger.info("OIDC login refused: no household member with a login has this number")
            return None
        eligible = [m for m in matches if self._may_log_in(m)]
        if len(eligible) != 1:
            logger.info(
                "OIDC login refused: %s of %s matching member(s) may log in (exactly 1 needed)",
                len(eligible),
                len(matches),
            )
            return None
        return eligible[0].user

    def _may_log_in(self, match: IdentityMatch) -> bool:
        user = match.user
        if not self.user_can_authenticate(user) or user.is_staff or user.is_superuser:
            return False
        memberships = list(user.memberships.filter(active=True))
        return bool(memberships) and all(
            m.role == Role.FAMILY_MEMBER and m.municipality_id == match.municipality_id
            for m in memberships
        )

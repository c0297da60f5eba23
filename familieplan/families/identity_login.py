"""Who an identity number from ID-porten belongs to: the household members registered with it.

The families app answers for the login in accounts (``accounts.oidc``), which may not import
families; ``FamiliesConfig.ready()`` registers :func:`member_logins` as its identity lookup.
Accounts then decides which of the logins may come in at the family entrance.
"""

from __future__ import annotations

import logging

from familieplan.accounts.oidc import IdentityMatch
from familieplan.families.forms.fields import synthetic_allowed
from familieplan.families.models import Member
from familieplan.lib.identity import InvalidIdentityNumber, validate

logger = logging.getLogger("familieplan.accounts.oidc")


def member_logins(number: str) -> list[IdentityMatch]:
    """The logins linked to household members registered with ``number``, each with the
    member's municipality. Empty for a number the member form would refuse: an invalid one,
    or a synthetic Test-Norge number outside demo and test installations."""
    try:
        digits = validate(number, allow_synthetic=synthetic_allowed()).digits
    except InvalidIdentityNumber as error:
        logger.info("OIDC login refused: the identity number is not accepted (%s)", error.code)
        return []
    members = Member.objects.filter(national_id=digits, user__isnull=False).select_related("user")
    return [IdentityMatch(user=m.user, municipality_id=m.municipality_id) for m in members]

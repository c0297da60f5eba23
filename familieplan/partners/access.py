"""Access helpers for partner users: a family reached through consent, with its scope.

Every partner page goes through `access_shared_family`, which uses the same mechanism as the
staff pages (core.access.fetch_protected): 404 for a family without a valid consent to the
user's service, and an access-log entry either way.
"""

from __future__ import annotations

from django.http import HttpRequest

from familieplan.core.access import fetch_protected
from familieplan.families.access import family_subject
from familieplan.families.models import Family
from familieplan.partners.scope import (
    PartnerScope,
    families_shared_with,
    partner_ids_of,
    scope_for,
)


def access_shared_family(
    request: HttpRequest, family_id, *, action: str | None = None
) -> tuple[Family, PartnerScope]:
    family = fetch_protected(
        request,
        visible=families_shared_with(request.user).select_related("coordinator", "unit"),
        pk=family_id,
        write=False,
        can_write=lambda user, obj: False,
        subject_of=family_subject,
        action=action,
    )
    return family, scope_for(family, partner_ids_of(request.user))

"""The family's economy as a partner service sees it: the overview of a year, read only, and
only under a consent valid today that covers the economy (`Topic.ECONOMY`).

The consent rule of decision 0007, row by row (`shared_economy`): what concerns the whole
household (a row about no one) needs the economy topic consented about an adult; a row about
one person needs that person's own consent with the topic (a parent's consent never opens a
youth's part). Without the topic in any consent the page is a 404, the same answer as for a
family the service may not see; a withdrawal or an expiry takes effect on the next request
(`access_shared_family` and the scope are computed for every request).
"""

from __future__ import annotations

import dataclasses

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from familieplan.core.roles import Role
from familieplan.economy.month import parse_year
from familieplan.economy.overview import overview
from familieplan.economy.reading import Economy, load
from familieplan.partners.access import access_shared_family
from familieplan.partners.models import Topic
from familieplan.partners.scope import PartnerScope


def shared_economy(economy: Economy, scope: PartnerScope) -> Economy:
    """The rows the scope allows; the stated balance is the household's."""

    shown = economy.only(lambda row: scope.allows(Topic.ECONOMY, row.member_id))
    return dataclasses.replace(
        shown, balance=economy.balance if scope.allows(Topic.ECONOMY) else None
    )


@require_safe
def economy(request, family_id):
    if not request.user.has_role(Role.PARTNER):
        raise PermissionDenied
    family, scope = access_shared_family(request, family_id)
    if Topic.ECONOMY not in scope.all_topics:
        raise Http404
    today = timezone.localdate()
    shown = shared_economy(load(family), scope)
    year = parse_year(request.GET.get("year"), today)
    view = overview(shown, year, today=today)
    return render(
        request,
        "partner_portal/economy.html",
        {
            "family": family,
            "economy": shown,
            "view": view,
            "year": year,
            "years": [year - 1, year, year + 1],
            "schemes": [(label, total / 12, total) for label, total in view.by_scheme],
        },
    )

"""The family's payment days in a phone's calendar (economy/feed.py): the page where a family
member makes or stops the subscription (its address shown once), and the feed by its secret
address. The feed has no session: the token stands for the family member, and holds the rows
that member sees on the economy pages (`household_economy`, no other youth's own). A revoked
or unknown token, or a person no longer living in the family, answers 404; a known token's
fetch and refusal are in the access log under the family's municipality, without the token."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familieplan.core.access import Action, Outcome, Subject, log_access
from familieplan.core.logging import redact
from familieplan.economy import feed
from familieplan.portal.economy_views import household_economy, resident_viewer
from familieplan.portal.visibility import viewer_of

logger = logging.getLogger("familieplan.economy")
FEED_OBJECT = "economy.moneyfeed"


def _not_found() -> HttpResponse:
    response = HttpResponseNotFound(b"Not found.\n", content_type="text/plain; charset=utf-8")
    response._has_been_logged = True  # Django's request log would write the token
    return response


@login_not_required
@require_safe
def money_feed(request, token):
    found = feed.feed_lookup(token)
    if found is None:
        logger.warning("Payment-day feed: unknown token (%s).", redact(request.path))
        return _not_found()
    now = timezone.now()
    subject = Subject(municipality_id=found.municipality_id, family_id=found.family_id)
    member = feed.member_of(found, today=timezone.localdate(now))
    if member is None:
        logger.warning("Payment-day feed %s refused.", found.pk)
        log_access(
            request,
            action=Action.EXPORT,
            object_type=FEED_OBJECT,
            object_id=found.pk,
            subject=subject,
            outcome=Outcome.NOT_FOUND,
            path=redact(request.path),
        )
        return _not_found()
    viewer = viewer_of(member, today=timezone.localdate(now))
    body = feed.feed_body(found, household_economy(viewer), now=now)
    feed.mark_fetched(found, now=now)
    log_access(
        request,
        action=Action.EXPORT,
        object_type=FEED_OBJECT,
        object_id=found.pk,
        subject=subject,
        reader=found.user,
        path=redact(request.path),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="betalingsdager.ics"'
    return response


NEW_FEED_SESSION_KEY = "portal.economy_feed_token"


def calendar_settings(request):
    """Make a new subscription (the address shown once, an earlier one stops working) or stop
    it; a GET shows whether there is one and when it was last fetched."""
    viewer = resident_viewer(request, "economy_calendar")
    if request.method == "POST":
        if request.POST.get("stop") == "1":
            if feed.feed_revoke(user=request.user, family=viewer.family):
                messages.success(request, _("Kalenderen er stoppet. Adressen virker ikke lenger."))
        else:
            token = feed.feed_create(user=request.user, family=viewer.family)
            request.session[NEW_FEED_SESSION_KEY] = token
            messages.success(request, _("Dere har fått en ny kalenderadresse."))
        return redirect("portal:economy_calendar")
    token = request.session.pop(NEW_FEED_SESSION_KEY, None)
    return render(
        request,
        "portal/economy_calendar.html",
        {
            "viewer": viewer,
            "family": viewer.family,
            "subscription": feed.active_feed(user=request.user, family=viewer.family),
            "new_url": feed.feed_url(token) if isinstance(token, str) else "",
        },
    )

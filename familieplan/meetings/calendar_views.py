"""The staff calendar: "my meetings" by week, month or day list (a team lead: the team's), a
new meeting from an empty slot, and the personal calendar feed (its page and the feed).

The calendar reads the meetings of the visible range in one query (`agenda`), whatever the
number of families, and logs each family it shows. The feed is public by its secret token:
it answers 404 for a revoked or unknown token (logged without the token) and holds only
times and links (`feed.py`).
"""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familieplan.core.access import (
    Action,
    Outcome,
    Subject,
    home_municipality,
    log_access,
    log_shown,
)
from familieplan.core.logging import redact
from familieplan.core.query import query_date, query_int, query_moment
from familieplan.core.roles import STAFF_CASE_ROLES
from familieplan.families.queries import team_coordinators
from familieplan.lib.times import person_datetime
from familieplan.meetings import agenda, feed
from familieplan.meetings import calendar_layout as cal
from familieplan.meetings.forms import SlotFamilyForm

logger = logging.getLogger("familieplan.meetings")

#: Where the secret address of a new subscription waits for the one page that shows it.
NEW_FEED_SESSION_KEY = "meetings_new_feed_token"
FEED_OBJECT = "meetings.calendarfeed"
#: The largest user id the coordinator filter reads (a BigAutoField).
MAX_ID = 2**63 - 1


def _require_case_staff(request) -> None:
    if not request.user.role_codes() & STAFF_CASE_ROLES:
        raise PermissionDenied


def slot_value(start: datetime) -> str:
    """A slot's start in the query string: local time without offset (no «+» to escape)."""
    return timezone.localtime(start).strftime("%Y-%m-%dT%H:%M")


def _slot_url(start: datetime) -> str:
    return reverse("meetings:slot_new") + "?" + urlencode({"start": slot_value(start)})


def _entry(meeting, *, team: bool) -> cal.Entry:
    coordinator = meeting.family.coordinator if team else None
    return cal.Entry(
        start=timezone.localtime(meeting.starts_at),
        end=timezone.localtime(meeting.ends_at),
        title=meeting.label,
        family=meeting.family.name,
        url=reverse("meetings:detail", args=[meeting.family_id, meeting.pk]),
        cancelled=meeting.status == meeting.Status.CANCELLED,
        coordinator=coordinator.display_name if coordinator else "",
    )


@require_safe
def my_calendar(request):
    """My meetings (a team lead: the team's, or one coordinator's), in the period of `date`
    (today when missing or not a date). Without `view`, a wide screen gets the week and a
    phone the list of the same week (CSS); `view=week|month|list` gives that view."""
    _require_case_staff(request)
    user, now = request.user, timezone.now()
    today = timezone.localtime(now).date()
    day = query_date(request, "date") or today
    chosen_view = request.GET.get("view", "")
    view = chosen_view if chosen_view in cal.VIEWS else ""
    team = agenda.leads_a_team(user)
    coordinators = list(team_coordinators(user)) if team else []
    wanted = query_int(request, "coordinator", default=0, minimum=0, maximum=MAX_ID)
    coordinator = next((c for c in coordinators if c.pk == wanted), None)
    if wanted and coordinator is None:
        # Not one of the lead's coordinators (or gone): the whole team, and say so.
        messages.info(request, _("Fant ikke koordinatoren i teamet ditt. Viser hele teamet."))

    first, end = cal.bounds(view or cal.WEEK, day)
    start, stop = cal.local_midnight(first), cal.local_midnight(end)
    meetings = (
        agenda.team_meetings(user, start=start, end=stop, coordinator=coordinator)
        if team
        else agenda.own_meetings(user, start=start, end=stop)
    )
    rows = agenda.for_page(meetings, team=team)
    more = len(rows) > agenda.PAGE_LIMIT
    rows = rows[: agenda.PAGE_LIMIT]
    log_shown(
        request,
        action=Action.READ,
        object_type="meetings.calendar",
        families=(Subject(municipality_id=m.municipality_id, family_id=m.family_id) for m in rows),
    )
    # Cut at PAGE_LIMIT: after the last meeting shown, an hour may be taken by one not shown,
    # so no slot there is offered as free.
    last = rows[-1].starts_at if more and rows else None

    def offer(start: datetime) -> str:
        return "" if last is not None and start > last else _slot_url(start)

    shown = cal.layout(
        view or cal.WEEK,
        day,
        [_entry(m, team=team) for m in rows],
        now=now,
        new_url=offer,
    )
    keep = {"view": view} if view else {}
    if coordinator is not None:
        keep["coordinator"] = coordinator.pk

    def link(**values) -> str:
        return "?" + urlencode({**keep, **values})

    return render(
        request,
        "meetings/calendar.html",
        {
            "view": view,
            "layout": shown,
            "auto": not view,
            "team": team,
            "coordinators": coordinators,
            "coordinator": coordinator,
            "more": more,
            "limit": agenda.PAGE_LIMIT,
            "count": len(rows),
            "day": day,
            "previous_url": link(date=shown.previous.isoformat()),
            "next_url": link(date=shown.next.isoformat()),
            "today_url": link(),
            "view_urls": [
                (name, label, "?" + urlencode({**keep, "view": name, "date": day.isoformat()}))
                for name, label in (
                    (cal.WEEK, _("Uke")),
                    (cal.MONTH, _("Måned")),
                    (cal.LIST, _("Liste")),
                )
            ],
        },
    )


@require_safe
def slot_new(request):
    """A new meeting in an empty slot: which family (those the user may change), then the
    family's schedule form with the slot's start filled in. A slot that has passed (or is no
    time) gets a message and no form."""
    _require_case_staff(request)
    start = query_moment(request, "start")
    now = timezone.now()
    problem = ""
    if start is None:
        problem = _("Velg et ledig tidspunkt i kalenderen.")
    elif start <= now:
        problem = _(
            "Tidspunktet har passert (%(when)s). Velg et ledig tidspunkt fram i tid i kalenderen."
        ) % {"when": person_datetime(start, get_language())}
    context = {"problem": problem}
    if problem:
        back = cal.monday_of(timezone.localtime(start).date()) if start else None
        context["back_url"] = reverse("meetings:my_calendar") + (
            "?" + urlencode({"date": back.isoformat()}) if back else ""
        )
        return render(request, "meetings/slot_new.html", context)
    query = request.GET.get("q", "")
    query = query.strip()[:100] if isinstance(query, str) else ""
    families = list(
        agenda.writable_families(request.user, query=query).select_related("unit", "coordinator")[
            : agenda.FAMILY_CHOICES + 1
        ]
    )
    capped = len(families) > agenda.FAMILY_CHOICES
    families = families[: agenda.FAMILY_CHOICES]
    form = SlotFamilyForm(request.GET if "family" in request.GET else None, families=families)
    if form.is_bound and form.is_valid():
        target = reverse("meetings:create", args=[form.cleaned_data["family"]])
        return redirect(target + "?" + urlencode({"start": slot_value(start)}))
    # The families named in the choice are shown: one entry each.
    log_shown(
        request,
        action=Action.SEARCH if query else Action.READ,
        object_type="meetings.slot_families",
        families=(Subject(municipality_id=f.municipality_id, family_id=f.pk) for f in families),
        # A search that finds nothing is logged too, as every search is.
        nothing_shown=home_municipality(request) if query else None,
    )
    local = timezone.localtime(start)
    context.update(
        form=form,
        families=families,
        capped=capped,
        q=query,
        slot=slot_value(start),
        local_start=local,
        back_url=reverse("meetings:my_calendar")
        + "?"
        + urlencode({"date": local.date().isoformat()}),
    )
    return render(request, "meetings/slot_new.html", context)


# -- The personal calendar feed ------------------------------------------------------------


@require_safe
def feed_settings(request):
    """The user's subscription: made when, last fetched when; make a new one or revoke it.
    The secret address of a new subscription is shown here once."""
    _require_case_staff(request)
    token = request.session.pop(NEW_FEED_SESSION_KEY, None)
    return render(
        request,
        "meetings/feed.html",
        {
            "subscription": feed.active_feed(request.user),
            "new_url": feed.feed_url(token) if isinstance(token, str) else "",
        },
    )


@require_POST
def feed_create(request):
    _require_case_staff(request)
    token = feed.feed_create(user=request.user)
    request.session[NEW_FEED_SESSION_KEY] = token
    messages.success(
        request, _("Du har fått en ny abonnementsadresse. En tidligere adresse virker ikke lenger.")
    )
    return redirect("meetings:feed_settings")


@require_POST
def feed_revoke(request):
    _require_case_staff(request)
    if feed.feed_revoke(user=request.user):
        messages.success(request, _("Abonnementet er stoppet. Adressen virker ikke lenger."))
    else:
        messages.info(request, _("Du har ikke noe kalenderabonnement."))
    return redirect("meetings:feed_settings")


def _masked_path(request) -> str:
    """The feed's address without its secret, for the access log (the logs' own mask)."""
    return redact(request.path)


def _home(user) -> Subject:
    ids = user.municipality_ids()
    return Subject(municipality_id=min(ids) if ids else None)


def _not_found() -> HttpResponse:
    response = HttpResponseNotFound(b"Not found.\n", content_type="text/plain; charset=utf-8")
    # Django's request log would write the address, and with it the token; the refusal is
    # logged below without it.
    response._has_been_logged = True
    return response


@login_not_required
@require_safe
def calendar_feed(request, token):
    """The user's meetings as a subscribed calendar, by the secret token in the address. A
    revoked or unknown token, or a deactivated user, answers 404: a warning in the log (the
    subscription's id, never the token) and, when the token is one of ours, an access-log
    entry under the owner's municipality."""
    found = feed.feed_lookup(token)
    if found is None:
        logger.warning("Calendar feed: unknown token (%s).", _masked_path(request))
        return _not_found()
    owner = found.user
    if not found.active or not owner.is_active:
        reason = "revoked" if not found.active else "user deactivated"
        logger.warning("Calendar feed %s refused: %s.", found.pk, reason)
        log_access(
            request,
            action=Action.EXPORT,
            object_type=FEED_OBJECT,
            object_id=found.pk,
            subject=_home(owner),
            outcome=Outcome.NOT_FOUND,
            path=_masked_path(request),
        )
        return _not_found()
    now = timezone.now()
    body = feed.feed_body(found, now=now)
    feed.mark_fetched(found, now=now)
    # One entry per fetch, by the owner (the token stands for them), without the token.
    log_access(
        request,
        action=Action.EXPORT,
        object_type=FEED_OBJECT,
        object_id=found.pk,
        subject=_home(owner),
        reader=owner,
        path=_masked_path(request),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="familieplan.ics"'
    return response

"""The family's own pages: their plan, meetings, contacts and notes, mapping progress,
consents, who has looked at their data, and a copy of everything. Every page starts with
`viewer_for`, which checks the login and writes the access log; what is shown comes from
`portal.visibility`, so a youth's matters never reach a parent.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familieplan.core import extensions
from familieplan.core.access import Action
from familieplan.families.models import ProgrammeSettings
from familieplan.mapping.progress import progress_of
from familieplan.portal import access_words, copy, services
from familieplan.portal.access import viewer_for
from familieplan.portal.action_views import open_questionnaires
from familieplan.portal.plan_page import plan_page
from familieplan.portal.visibility import (
    consents_for,
    contacts_for,
    current_plan,
    measures_for,
    meetings_for,
    notes_for,
)

WEEK = 7


@require_safe
def home(request):
    viewer = viewer_for(request, page="home")
    plan = current_plan(viewer)
    this_week, overdue = [], []
    if plan is not None:
        measures = measures_for(viewer, plan)
        # This week: due from today and the next days; what should have been done before
        # today is its own group, never mixed in as if it were this week's.
        this_week = list(measures.due_between(viewer.today, viewer.today + timedelta(days=WEEK)))
        overdue = list(measures.overdue(viewer.today))
    upcoming = (
        meetings_for(viewer).filter(starts_at__date__gte=viewer.today).exclude(status="cancelled")
    )
    return render(
        request,
        "portal/home.html",
        {
            "viewer": viewer,
            "family": viewer.family,
            "coordinator": viewer.family.coordinator,
            "plan": plan,
            "this_week": this_week,
            "overdue": overdue,
            "next_meeting": upcoming.order_by("starts_at").first(),
        },
    )


@require_safe
def plan(request):
    return plan_page(request, viewer_for(request, page="plan"))


@require_safe
def meetings(request):
    viewer = viewer_for(request, page="meetings")
    rows = []
    for meeting in meetings_for(viewer).select_related("child_experience_of"):
        released = meeting.minutes_released_at is not None
        rows.append(
            {
                "meeting": meeting,
                "minutes": meeting.minutes if released else "",
                # The child's own words only for that child, or a guardian of a young child.
                "child_words": meeting.child_experience
                if released
                and viewer.sees(meeting.child_experience_of_id)
                and meeting.child_experience_of_id is not None
                else "",
                "upcoming": meeting.starts_at.date() >= viewer.today,
            }
        )
    return render(
        request, "portal/meetings.html", {"viewer": viewer, "family": viewer.family, "rows": rows}
    )


@require_safe
def record(request):
    """Contacts the viewer (or a child they see for) took part in, and ordinary notes."""
    viewer = viewer_for(request, page="record")
    events = [
        (c.at, _("Kontakt"), c.get_kind_display(), c.summary) for c in contacts_for(viewer)[:100]
    ] + [
        (n.created_at, _("Notat"), n.about.first_name if n.about else "", n.text)
        for n in notes_for(viewer)[:100]
    ]
    events.sort(key=lambda e: e[0], reverse=True)
    return render(
        request,
        "portal/record.html",
        {"viewer": viewer, "family": viewer.family, "events": events},
    )


@require_safe
def progress(request):
    viewer = viewer_for(request, page="progress")
    return render(
        request,
        "portal/progress.html",
        {
            "viewer": viewer,
            "family": viewer.family,
            "progress": progress_of(viewer.family, people=viewer.people),
            "questionnaires": open_questionnaires(viewer),
        },
    )


@require_safe
def consents(request):
    viewer = viewer_for(request, page="consents")
    return render(
        request,
        "portal/consents.html",
        {
            "viewer": viewer,
            "family": viewer.family,
            "consents": [(c, services.may_withdraw(viewer, c)) for c in consents_for(viewer)],
        },
    )


@require_safe
def access_log(request):
    viewer = viewer_for(request, page="access_log")
    programme = ProgrammeSettings.for_municipality(viewer.family.municipality)
    try:
        number = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        number = 1
    size = access_words.PAGE
    lines = access_words.lines_for(
        viewer,
        show_names=programme.show_staff_names_to_family,
        limit=size + 1,  # one more tells whether there is an older page
        offset=(number - 1) * size,
    )
    return render(
        request,
        "portal/access_log.html",
        {
            "viewer": viewer,
            "family": viewer.family,
            "lines": lines[:size],
            "page_number": number,
            "newer_page": number - 1 if number > 1 else None,
            "older_page": number + 1 if len(lines) > size else None,
        },
    )


@require_safe
def app_page(request, key):
    """A page another app adds to the family's pages (core/extensions.py `PortalPage`): the
    portal checks the login and logs the read, the app says what this viewer sees."""
    page = extensions.portal_page(key)
    if page is None or page.context is None:
        raise Http404
    viewer = viewer_for(request, page=key)
    if not page.shown(viewer):
        raise Http404
    context = page.context(viewer)
    if context is None:
        raise Http404
    return render(
        request,
        "portal/app_page.html",
        {"viewer": viewer, "family": viewer.family, "page": page, "section": context},
    )


@require_safe
def download(request):
    """A copy of everything the family member may see: PDF to read, JSON for machines."""
    fmt = request.GET.get("format")
    if fmt not in ("json", "pdf"):
        viewer = viewer_for(request, page="copy")
        return render(request, "portal/copy.html", {"viewer": viewer, "family": viewer.family})
    viewer = viewer_for(request, page="copy", action=Action.EXPORT)
    return copy.response(request, viewer, fmt)

"""A copy of everything one family member may see about their family: the same content as
their pages, as JSON (for machines: stable keys, ISO 8601 dates, and times in Norwegian local
time with the offset, `2026-12-09T10:00:00+01:00`) and as a PDF to read (times in the
reader's language, `lib/times.py`). Every app's `CopyPart` (core/extensions.py) adds its key.
The caller has written the export to the access log."""

from __future__ import annotations

import json

from django.db.models import Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from familieplan.core import extensions
from familieplan.core.pdf import pdf_response
from familieplan.lib.times import OSLO, iso_local
from familieplan.mapping.models import Response
from familieplan.mapping.texts import score_lines, written
from familieplan.portal import access_words
from familieplan.portal.visibility import (
    Viewer,
    consents_for,
    contacts_for,
    current_plan,
    goals_for,
    measures_for,
    meetings_for,
    notes_for,
)


def _day(value):
    return value.isoformat() if value else None


#: What the JSON says about its times, for whoever reads the file.
TIMES_NOTE = "ISO 8601, local time in Norway with the offset from UTC"


def collect(viewer: Viewer) -> dict:
    family = viewer.family
    plan = current_plan(viewer)
    people = [m for m in family.members.all() if viewer.sees(m.pk)]
    data = {
        "time_zone": OSLO.key,
        "times": TIMES_NOTE,
        "made_at": iso_local(timezone.now()),
        "family": family.name,
        "people": [
            {"name": m.full_name, "role": m.get_role_display(), "born": _day(m.birth_date)}
            for m in people
        ],
        "coordinator": family.coordinator.display_name if family.coordinator else None,
        "plan": None,
        "meetings": [],
        "contacts": [
            {"at": iso_local(c.at), "kind": c.get_kind_display(), "summary": c.summary}
            for c in contacts_for(viewer)
        ],
        "notes": [
            {
                "at": iso_local(n.created_at),
                "about": n.about.full_name if n.about else None,
                "text": n.text,
            }
            for n in notes_for(viewer)
        ],
        "consents": [
            {
                "service": c.partner.name,
                "about": c.subject.full_name,
                "given_by": c.given_by.full_name if c.given_by else None,
                "answer": c.get_decision_display(),
                "topics": c.topics,
                "purpose": c.purpose,
                "valid_from": _day(c.valid_from),
                "valid_until": _day(c.valid_until),
                "withdrawn_at": iso_local(c.withdrawn_at),
            }
            for c in consents_for(viewer)
        ],
        "mapping": [
            {
                "date": _day(r.assessment.held_on),
                "mapping": r.assessment.label,
                "instrument": written(r.instrument.spec.name).text,
                "version": r.instrument.version,
                "about": r.member.full_name if r.member else None,
                "answers": r.answers,
                "scores": r.scores,
                "scores_in_words": score_lines(r),
            }
            for r in _responses(viewer)
        ],
        "access_log": [
            {"at": iso_local(line.at), "who": line.who, "what": line.what}
            for line in access_words.lines_for(viewer, show_names=True, limit=1000)
        ],
    }
    if plan is not None:
        measures = list(measures_for(viewer, plan))
        data["plan"] = {
            "period": [_day(plan.period_start), _day(plan.period_end)],
            "next_review": _day(plan.next_review_on),
            "goals": [
                {
                    "domain": goal.domain.name,
                    "about": goal.member.full_name if goal.member else None,
                    "own_words": goal.own_words,
                    "status": goal.get_status_display(),
                    "measures": [
                        {
                            "what": m.what,
                            "responsible": m.responsible_label,
                            "due": _day(m.due_on),
                            "status": m.get_status_display(),
                        }
                        for m in measures
                        if m.goal_id == goal.pk
                    ],
                }
                for goal in goals_for(viewer, plan)
            ],
        }
    # What other apps add (core/extensions.py `CopyPart`), each by its own rule for this viewer.
    for part in extensions.copy_parts():
        data[part.key] = part.collect(viewer)
    for meeting in meetings_for(viewer):
        released = meeting.minutes_released_at is not None
        data["meetings"].append(
            {
                "starts": iso_local(meeting.starts_at),
                "what": meeting.label,
                "status": meeting.get_status_display(),
                "place": meeting.place,
                "minutes": meeting.minutes if released else None,
            }
        )
    return data


def _responses(viewer: Viewer):
    return (
        Response.objects.filter(assessment__family=viewer.family, status=Response.Status.FINAL)
        .filter(Q(member__isnull=True) | Q(member__in=viewer.people))
        .select_related("assessment", "instrument", "member")
        .order_by("assessment__held_on", "instrument_key")
    )


def response(request, viewer: Viewer, fmt: str) -> HttpResponse:
    data = collect(viewer)
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2)
        result = HttpResponse(body, content_type="application/json; charset=utf-8")
        result["Content-Disposition"] = f'attachment; filename="familieplan-kopi-{stamp}.json"'
        return result
    html = render_to_string(
        "portal/copy_print.html",
        {
            "data": data,
            "viewer": viewer,
            "language": get_language(),
            "parts": [
                {"title": part.title, "template": part.template, "data": data[part.key]}
                for part in extensions.copy_parts()
                if part.template
            ],
        },
        request=request,
    )
    return pdf_response(request, html, f"familieplan-kopi-{stamp}.pdf")

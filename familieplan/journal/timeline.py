"""One chronological view of a family's follow-up: contacts, notes, meetings, plan changes and
enrolment events, newest first, filterable by kind, paged by time.

Each source is read newest-first from its own index, at most one page each, then merged: the
cost is one query per source whatever the length of the family's history. Notes go through
the same filter as everywhere else (journal/visibility.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.families.models import EnrolmentEvent, Family
from familieplan.journal.models import Contact, Note
from familieplan.journal.visibility import staff_note_filter
from familieplan.plans.models import PlanVersion

KINDS = {
    "contact": _("Kontakter"),
    "note": _("Notater"),
    "meeting": _("Møter"),
    "plan": _("Endringer i planen"),
    "enrolment": _("Deltakelse"),
}
PAGE = 50


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    title: str
    text: str = ""
    by: str = ""
    url: str = ""
    obj: object = None


def timeline(
    user, family: Family, *, kinds: set[str], before: datetime | None = None, page: int = PAGE
) -> tuple[list[Event], datetime | None]:
    """The newest `page` events before `before`, and the cursor for the next page (or None)."""
    events: list[Event] = []
    for kind in KINDS:
        if kind in kinds:
            events += SOURCES[kind](user, family, before, page + 1)
    events.sort(key=lambda e: e.at, reverse=True)
    more = len(events) > page
    events = events[:page]
    return events, (events[-1].at if more and events else None)


def _before(qs, field: str, before):
    return qs.filter(**{f"{field}__lt": before}) if before else qs


def _contacts(user, family, before, n):
    qs = _before(Contact.objects.filter(family=family), "at", before)
    qs = qs.select_related("recorded_by").prefetch_related("members", "partners")
    return [
        Event(
            at=c.at,
            kind="contact",
            title=f"{c.get_kind_display()} · {c.minutes} min",
            text=c.summary,
            by=c.recorded_by.display_name,
            obj=c,
        )
        for c in qs.order_by("-at")[:n]
    ]


def _notes(user, family, before, n):
    qs = _before(
        Note.objects.filter(family=family).filter(staff_note_filter(user)), "created_at", before
    )
    qs = qs.select_related(
        "author", "about", "corrects", "shared_with_partner", "contact"
    ).prefetch_related("corrections")
    return [
        Event(
            at=note.created_at,
            kind="note",
            title=str(note.get_level_display()),
            text=note.text,
            by=note.author.display_name,
            obj=note,
        )
        for note in qs.order_by("-created_at")[:n]
    ]


def _meetings(user, family, before, n):
    qs = _before(family.meetings.all(), "starts_at", before)
    return [
        Event(
            at=m.starts_at,
            kind="meeting",
            title=f"{m.label} · {m.get_status_display()}",
            text=m.agenda,
            url=reverse("meetings:detail", args=[family.pk, m.pk]),
            obj=m,
        )
        for m in qs.order_by("-starts_at")[:n]
    ]


def _plan(user, family, before, n):
    qs = _before(PlanVersion.objects.filter(plan__family=family), "at", before)
    return [
        Event(
            at=v.at,
            kind="plan",
            title=str(_("Planen, versjon %(n)s") % {"n": v.number}),
            text=v.summary,
            by=v.by.display_name,
            url=reverse("plans:history", args=[family.pk]),
        )
        for v in qs.select_related("by").order_by("-at")[:n]
    ]


def _enrolment(user, family, before, n):
    qs = EnrolmentEvent.objects.filter(enrolment__family=family)
    rows = []
    for event in qs.select_related("by").order_by("-on", "-at")[: n * 2]:
        at = timezone.make_aware(datetime.combine(event.on, time(12, 0)))
        if before is None or at < before:
            rows.append(
                Event(
                    at=at,
                    kind="enrolment",
                    title=str(event.get_to_status_display()),
                    text=event.note,
                    by=event.by.display_name,
                )
            )
    return rows[:n]


SOURCES = {
    "contact": _contacts,
    "note": _notes,
    "meeting": _meetings,
    "plan": _plan,
    "enrolment": _enrolment,
}

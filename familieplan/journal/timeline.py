"""One chronological view of a family's follow-up: contacts, notes, meetings, plan changes and
enrolment events, newest first, filterable by kind, paged by time.

Each source is read newest-first from its own index, at most one page each, then merged: the
cost is one query per source whatever the length of the family's history. Notes go through
the same filter as everywhere else (journal/visibility.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from familieplan.families.models import EnrolmentEvent, Family, Member
from familieplan.journal.models import Contact, Note
from familieplan.journal.visibility import staff_note_filter
from familieplan.partners.models import Partner
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
    """One line of the timeline, formatted once here: the template only prints it."""

    at: datetime
    kind: str
    title: str
    text: str = ""
    by: str = ""
    url: str = ""
    color: str = "neutral"
    #: Small lines under the text (who it is about, who took part, what it corrects …).
    details: tuple[str, ...] = ()
    #: A note that a later note corrects: shown muted, with "Rettet".
    corrected: bool = False
    #: Where to correct a note (shown to those who may change the family).
    correct_url: str = ""
    #: The element id a search hit links to ("note-<id>", "contact-<id>").
    anchor: str = ""

    @property
    def when(self) -> str:
        return _moment(self.at)


def _moment(at: datetime) -> str:
    """As the template's `date:"d.m.Y H:i"`, without a template tag per event."""
    return timezone.localtime(at).strftime("%d.%m.%Y %H:%M")


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
    qs = qs.select_related("recorded_by").prefetch_related(
        Prefetch("members", queryset=Member.objects.only("id", "first_name")),
        Prefetch("partners", queryset=Partner.objects.only("id", "name")),
    )
    events = []
    for c in qs.order_by("-at")[:n]:
        people = [m.first_name for m in c.members.all()] + [p.name for p in c.partners.all()]
        events.append(
            Event(
                at=c.at,
                kind="contact",
                anchor=f"contact-{c.pk}",
                title=f"{c.get_kind_display()} · {c.minutes} min",
                text=c.summary,
                by=c.recorded_by.display_name,
                details=(f"{_('Deltok')}: {', '.join(people)}",) if people else (),
            )
        )
    return events


LEVEL_COLOURS = {"restricted": "danger", "internal": "warning"}


def _note_details(note: Note) -> tuple[str, ...]:
    lines = []
    if note.about_id:
        lines.append(_("Gjelder %(who)s") % {"who": note.about.full_name})
    if note.contact_id:
        lines.append(
            _("Til kontakten (%(kind)s) %(d)s")
            % {"kind": note.contact.get_kind_display().lower(), "d": _moment(note.contact.at)}
        )
    if note.corrects_id:
        lines.append(
            _("Retter notat fra %(d)s: %(reason)s")
            % {
                "d": timezone.localtime(note.corrects.created_at).strftime("%d.%m.%Y"),
                "reason": note.correction_reason,
            }
        )
    if note.shared_with_partner_id:
        lines.append(
            _("Delt med %(partner)s (%(topic)s)")
            % {"partner": note.shared_with_partner.name, "topic": note.get_shared_topic_display()}
        )
    return tuple(lines)


def _notes(user, family, before, n):
    qs = _before(
        Note.objects.filter(family=family).filter(staff_note_filter(user)), "created_at", before
    )
    qs = qs.select_related(
        "author", "about", "corrects", "shared_with_partner", "contact"
    ).annotate(corrected=Exists(Note.objects.filter(corrects=OuterRef("pk"))))
    return [
        Event(
            at=note.created_at,
            kind="note",
            anchor=f"note-{note.pk}",
            title=str(note.get_level_display()),
            text=note.text,
            by=note.author.display_name,
            color=LEVEL_COLOURS.get(note.level, "neutral"),
            details=_note_details(note),
            corrected=note.corrected,
            correct_url=reverse("journal:note_correct", args=[family.pk, note.pk]),
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
            text=Truncator(m.agenda).words(40),
            url=reverse("meetings:detail", args=[family.pk, m.pk]),
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
            text=Truncator(v.summary).words(40),
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

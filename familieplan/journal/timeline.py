"""One chronological view of a family's follow-up, newest first, filterable by kind, paged by
time: the record's own contacts and notes, and what every other app adds as a
`TimelineSource` (core/extensions.py) — meetings, plan changes, enrolment events, …

Each source first reads only `(time, id)` of its newest rows before the cursor from its own
index, at most one page each; the keys are merged, and only the rows the page shows are
formatted, one query per source. The cost does not depend on the length of the history.
Notes go through the same filter as everywhere else (journal/visibility.py).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core import extensions
from familieplan.core.extensions import TimelineEvent, TimelineSource, moment
from familieplan.families.models import Family, Member
from familieplan.journal.models import Contact, Note
from familieplan.journal.visibility import staff_note_filter
from familieplan.partners.models import Partner
from familieplan.partners.topics import topic_label

PAGE = 50
#: Kept for callers that name the event type.
Event = TimelineEvent


def kinds() -> dict[str, str]:
    """Kind → its label, in the order the sources are registered."""
    return {kind: source.label for kind, source in extensions.timeline_sources().items()}


def timeline(
    user, family: Family, *, kinds: set[str], before: datetime | None = None, page: int = PAGE
) -> tuple[list[TimelineEvent], datetime | None]:
    """The newest `page` events before `before`, and the cursor for the next page (or None)."""
    sources = extensions.timeline_sources()
    keys: list[tuple[datetime, str, object]] = []
    for kind, source in sources.items():
        if kind in kinds:
            keys += [(at, kind, pk) for at, pk in source.keys(user, family, before, page + 1)]
    keys.sort(key=lambda key: key[0], reverse=True)
    more = len(keys) > page
    shown = keys[:page]
    formatted: dict[str, dict] = {}
    for kind in {kind for _at, kind, _pk in shown}:
        ids = [pk for _at, k, pk in shown if k == kind]
        formatted[kind] = sources[kind].events(user, family, ids)
    events = [formatted[kind][pk] for _at, kind, pk in shown if pk in formatted[kind]]
    return events, (shown[-1][0] if more and shown else None)


def _before(qs, field: str, before):
    return qs.filter(**{f"{field}__lt": before}) if before else qs


# -- Contacts ------------------------------------------------------------------------------


def _contact_keys(user, family, before, n):
    qs = _before(Contact.objects.filter(family=family), "at", before)
    return qs.order_by("-at").values_list("at", "pk")[:n]


def _contact_events(user, family, ids):
    qs = Contact.objects.filter(family=family, pk__in=ids).select_related("recorded_by")
    qs = qs.prefetch_related(
        Prefetch("members", queryset=Member.objects.only("id", "first_name")),
        Prefetch("partners", queryset=Partner.objects.only("id", "name")),
    )
    events = {}
    for c in qs:
        people = [m.first_name for m in c.members.all()] + [p.name for p in c.partners.all()]
        events[c.pk] = TimelineEvent(
            at=c.at,
            kind="contact",
            anchor=f"contact-{c.pk}",
            title=f"{c.get_kind_display()} · {c.minutes} min",
            text=c.summary,
            by=c.recorded_by.display_name,
            details=(f"{_('Deltok')}: {', '.join(people)}",) if people else (),
        )
    return events


# -- Notes ---------------------------------------------------------------------------------

LEVEL_COLOURS = {"restricted": "danger", "internal": "warning"}


def _note_details(note: Note) -> tuple[str, ...]:
    lines = []
    if note.about_id:
        lines.append(_("Gjelder %(who)s") % {"who": note.about.full_name})
    if note.contact_id:
        lines.append(
            _("Til kontakten (%(kind)s) %(d)s")
            % {"kind": note.contact.get_kind_display().lower(), "d": moment(note.contact.at)}
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
            % {
                "partner": note.shared_with_partner.name,
                "topic": topic_label(note.shared_topic) or note.shared_topic,
            }
        )
    return tuple(lines)


def _readable_notes(user, family):
    return Note.objects.filter(family=family).filter(staff_note_filter(user))


def _note_keys(user, family, before, n):
    qs = _before(_readable_notes(user, family), "created_at", before)
    return qs.order_by("-created_at").values_list("created_at", "pk")[:n]


def _note_events(user, family, ids):
    qs = (
        _readable_notes(user, family)
        .filter(pk__in=ids)
        .select_related("author", "about", "corrects", "shared_with_partner", "contact")
        .annotate(corrected=Exists(Note.objects.filter(corrects=OuterRef("pk"))))
    )
    return {
        note.pk: TimelineEvent(
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
        for note in qs
    }


#: The record's own sources (registered with the journal app's extension, apps.py).
SOURCES = (
    TimelineSource("contact", _("Kontakter"), _contact_keys, _contact_events, order=10),
    TimelineSource("note", _("Notater"), _note_keys, _note_events, order=20),
)

"""Search in the notes and contacts the user may read.

PostgreSQL: full-text search with the `norwegian` configuration (stemming: «skolen» finds
«skole»), web-search syntax («"to ord"», «-ikke»), on the GIN indexes of journal migration
0003; the newest matches are ranked and get highlighted fragments. SQLite (the demo): every
word must occur (case-blind substring), newest first, fragments highlighted in Python. Both
go through the same visibility querysets as the pages (journal/visibility.py), so a result is
never something the page would not show. Highlighting escapes the text first: a note can
never inject markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from familieplan.core.roles import Role
from familieplan.journal.models import Note
from familieplan.journal.visibility import contacts_for_staff, notes_for_staff

CONFIG = "norwegian"
START, STOP = "\x02", "\x03"  # markers a user cannot type; replaced by <mark> after escaping
FRAGMENT = 160
LIMIT = 30
#: How many of the newest matches are ranked (a common word matches tens of thousands).
POOL = 300


@dataclass(frozen=True)
class Hit:
    kind: str  # "note" or "contact"
    id: str
    family_id: str
    family_name: str
    at: datetime
    label: str
    fragment: SafeString
    rank: float


def _marked(text: str) -> SafeString:
    return mark_safe(  # noqa: S308 — escaped first, only our own markers become tags
        escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    )


def words_of(query: str) -> list[str]:
    return [w for w in re.findall(r"[\wæøåÆØÅ-]+", query) if len(w) > 1][:8]


def search(user, query: str, *, limit: int = LIMIT) -> list[Hit]:
    query = query.strip()
    if not words_of(query):
        return []
    # Naming the municipalities lets PostgreSQL use the (municipality, text) GIN indexes.
    municipalities = user.municipality_ids(Role.COORDINATOR, Role.TEAM_LEAD)
    corrected = Note.objects.filter(corrects=OuterRef("pk"))
    notes = notes_for_staff(user).filter(~Exists(corrected), municipality_id__in=municipalities)
    contacts = contacts_for_staff(user).filter(municipality_id__in=municipalities)
    if connection.vendor == "postgresql":
        hits = _postgres(notes, "text", "note", query, limit, municipalities) + _postgres(
            contacts, "summary", "contact", query, limit, municipalities
        )
        hits.sort(key=lambda h: (-h.rank, -h.at.timestamp()))
    else:
        hits = _fallback(notes, "text", "note", query, limit) + _fallback(
            contacts, "summary", "contact", query, limit
        )
        hits.sort(key=lambda h: -h.at.timestamp())
    return hits[:limit]


def _label(kind: str, obj) -> str:
    if kind == "note":
        return obj.get_level_display()
    return obj.get_kind_display()


def _time_of(kind: str, obj) -> datetime:
    return obj.created_at if kind == "note" else obj.at


def _postgres(
    qs: QuerySet, field: str, kind: str, query: str, limit: int, municipalities: set[int]
) -> list[Hit]:
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    vector = SearchVector(field, config=CONFIG)
    moment = "created_at" if kind == "note" else "at"
    # Two steps, so that a common word stays fast at national scale. First the newest POOL
    # matches in the user's municipalities, from the text alone (one table: PostgreSQL picks
    # the GIN index or a newest-first index scan); then, among those, what the user may read
    # is ranked, and only the best `limit` get fragments. A rare word is always found; for a
    # common one the ranking covers its newest matches.
    pool = list(
        qs.model.objects.filter(municipality_id__in=municipalities)
        .annotate(document=vector)
        .filter(document=search_query)
        .order_by(f"-{moment}")
        .values_list("pk", flat=True)[:POOL]
    )
    rows = (
        qs.filter(pk__in=pool)
        .annotate(document=vector)
        .annotate(
            rank=SearchRank(F("document"), search_query),
            fragment=SearchHeadline(
                field,
                search_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
            ),
            family_name=F("family__name"),
        )
        .order_by("-rank", f"-{moment}")[:limit]
    )
    return [
        Hit(
            kind=kind,
            id=str(row.pk),
            family_id=str(row.family_id),
            family_name=row.family_name,
            at=_time_of(kind, row),
            label=_label(kind, row),
            fragment=_marked(row.fragment),
            rank=float(row.rank),
        )
        for row in rows
    ]


def _fallback(qs: QuerySet, field: str, kind: str, query: str, limit: int) -> list[Hit]:
    words = words_of(query)
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__icontains": word})
    order = "-created_at" if kind == "note" else "-at"
    rows = qs.filter(condition).annotate(family_name=F("family__name"))
    return [
        Hit(
            kind=kind,
            id=str(row.pk),
            family_id=str(row.family_id),
            family_name=row.family_name,
            at=_time_of(kind, row),
            label=_label(kind, row),
            fragment=_highlight(getattr(row, field), words),
            rank=0.0,
        )
        for row in rows.order_by(order)[:limit]
    ]


def _highlight(text: str, words: list[str]) -> SafeString:
    """A fragment around the first match, the words marked (escaped before marking)."""
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max((first.start() if first else 0) - FRAGMENT // 3, 0)
    piece = text[start : start + FRAGMENT]
    marked = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", piece)
    prefix = "… " if start else ""
    suffix = " …" if start + FRAGMENT < len(text) else ""
    return _marked(prefix + marked + suffix)

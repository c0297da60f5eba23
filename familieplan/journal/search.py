"""Search in the notes and contacts the user may read.

PostgreSQL: full-text search with the `norwegian` configuration (stemming: «skolen» finds
«skole»), web-search syntax («"to ord"», «-ikke»), on the stored vectors and GIN indexes of
journal migration 0006; the newest matches are ranked and get highlighted fragments. SQLite
(the demo): every word must occur (case-blind substring), newest first, fragments highlighted
in Python. Both go through the same visibility querysets as the pages (journal/visibility.py),
so a result is never something the page would not show. Highlighting escapes the text first:
a note can never inject markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
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
#: Where the newest matches are looked for, widened until POOL are found (None: all time).
WINDOWS = (timedelta(days=92), timedelta(days=366), None)


@dataclass(frozen=True)
class Hit:
    kind: str  # "note" or "contact"
    id: str
    family_id: str
    family_name: str
    municipality_id: int  # the family's (notes and contacts carry it): for the access log
    at: datetime
    label: str
    fragment: SafeString
    rank: float

    @property
    def url(self) -> str:
        """The family's timeline from this hit on (the cursor just after it), at the hit."""
        cursor = urlencode({"before": (self.at + timedelta(microseconds=1)).isoformat()})
        return (
            f"{reverse('journal:timeline', args=[self.family_id])}?{cursor}#{self.kind}-{self.id}"
        )


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


def _stored_vector(model, *, indexed: bool = True) -> RawSQL:
    """The generated `search_vector` column of journal migration 0006 (PostgreSQL only).

    `indexed=False` wraps it so that PostgreSQL cannot answer from the GIN index: for a
    handful of known rows, checking them directly is cheaper than building the index's
    bitmap of every match in the country (benchmarks/README.md).
    """
    from django.contrib.postgres.search import SearchVectorField

    column = f'"{model._meta.db_table}"."search_vector"'  # our own table name, no user input
    if not indexed:
        column = f"COALESCE({column}, ''::tsvector)"
    return RawSQL(column, [], output_field=SearchVectorField())  # noqa: S611


def plain_words(query: str) -> str:
    """The query without phrase quotes: «"kommunal bolig" -hytte» → «kommunal bolig -hytte»."""
    return query.replace('"', " ")


def _postgres(
    qs: QuerySet, field: str, kind: str, query: str, limit: int, municipalities: set[int]
) -> list[Hit]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    moment = "created_at" if kind == "note" else "at"
    # Two steps, so that a common word stays fast at national scale. First the newest POOL
    # rows in the user's municipalities that hold the words, from the stored vector alone
    # (one table: PostgreSQL picks the GIN index or a newest-first index scan). A phrase is
    # looked for as its plain words here, since the index cannot check word order. Then,
    # among those, what the user may read and matches the query as written is ranked, and
    # only the best `limit` get fragments. A rare word is always found; for a common one the
    # ranking covers its newest matches.
    words_query = SearchQuery(plain_words(query), config=CONFIG, search_type="websearch")
    matching = (
        qs.model.objects.filter(municipality_id__in=municipalities)
        .alias(document=_stored_vector(qs.model))
        .filter(document=words_query)
        .order_by(f"-{moment}")
    )
    # The newest matches are looked for in a recent window first, widened until the pool is
    # full: a word that occurs in thousands of rows fills it from the last months (a small
    # range of the (municipality, time) index, not every match's row), and a rare word costs
    # a few small GIN lookups.
    now = timezone.now()
    for window in WINDOWS:
        recent = matching.filter(**{f"{moment}__gte": now - window}) if window else matching
        pool = list(recent.values_list("pk", flat=True)[:POOL])
        if len(pool) >= POOL:
            break
    if not pool:
        return []
    rows = (
        qs.filter(pk__in=pool)
        .defer(field)
        .alias(document=_stored_vector(qs.model, indexed=False))
        .filter(document=search_query)
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
            municipality_id=row.municipality_id,
            at=_time_of(kind, row),
            label=_label(kind, row),
            fragment=_marked(row.fragment),
            rank=float(row.rank),
        )
        for row in rows
    ]


def fallback_terms(query: str) -> tuple[list[str], list[str]]:
    """What must occur and what must not, as the web-search syntax means it: «"to ord"» is
    one phrase, «-ikke» excludes a word, every other word must occur."""
    phrases = [p.strip() for p in re.findall(r'"([^"]+)"', query) if p.strip()]
    rest = re.sub(r'"[^"]*"?', " ", query)
    excluded = [w[1:] for w in rest.split() if w.startswith("-") and len(w) > 2]
    plain = words_of(" ".join(w for w in rest.split() if not w.startswith("-")))
    return phrases + plain, excluded


def _fallback(qs: QuerySet, field: str, kind: str, query: str, limit: int) -> list[Hit]:
    words, excluded = fallback_terms(query)
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__icontains": word})
    for word in excluded:
        condition &= ~Q(**{f"{field}__icontains": word})
    order = "-created_at" if kind == "note" else "-at"
    rows = qs.filter(condition).annotate(family_name=F("family__name"))
    return [
        Hit(
            kind=kind,
            id=str(row.pk),
            family_id=str(row.family_id),
            family_name=row.family_name,
            municipality_id=row.municipality_id,
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

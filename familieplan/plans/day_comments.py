"""Comments on measures as lines of the coordinator's day: the part both the families' block
(portal) and the partners' block (partner_portal) read, each with its own rule of whose
comments they are (an author who is a member of the family, or a partner user)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import CharField, Exists, F, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from familieplan.core.day_reads import NEW_DAYS, Part, finder, shorten
from familieplan.core.extensions import DayScope
from familieplan.plans.models import MeasureComment


def comments_part(scope: DayScope, kind: str, by: Exists) -> Part:
    """Comments of the last `NEW_DAYS` days on measures of the scope's families whose author
    matches `by` (an `Exists` over the comment's `author_id` and `family_id`), not marked
    seen. The comment's own `family` (the measure's) spares the joins through goal and plan."""
    comments = scope.unseen(
        MeasureComment.objects.filter(
            by,
            municipality_id__in=scope.municipality_ids,
            family__in=scope.families,
            created_at__gte=scope.now - timedelta(days=NEW_DAYS),
        ),
        kind,
    )
    return Part(
        comments,
        {
            "kind": Value(kind, output_field=CharField()),
            "id": F("pk"),
            "family": F("family_id"),
            "family_name": F("family__name"),
            "at": F("created_at"),
            "who": F("author_label"),
            "text": F("text"),
            "subject": F("measure__what"),
            "measure": F("measure_id"),
        },
    )


def comment_text_and_url(row: dict) -> tuple[str, str]:
    """The line's text and the measure on the plan it links to."""
    text = _("%(who)s kommenterte «%(measure)s»: «%(text)s»") % {
        "who": row["who"],
        "measure": shorten(row["subject"], 60),
        "text": shorten(row["text"]),
    }
    return text, reverse("plans:detail", args=[row["family"]]) + f"#measure-{row['measure']}"


def comment_finder(kind: str):
    """The `DayBlock.find` of comments listed under `kind`: the comment's family."""
    return finder(kind, MeasureComment, "family_id")

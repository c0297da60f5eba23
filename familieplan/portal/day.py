"""The family's block of the coordinator's day ("I dag"): what families sent from their own
pages — proposals not yet answered, and comments on measures by a family member in the last
two weeks — newest first, one query per source (`core.day_reads.newest_of`). Each is a new
row, so a mark holds for good; a new proposal or comment is a new line."""

from __future__ import annotations

from django.db.models import CharField, Exists, F, OuterRef, UUIDField, Value
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.core.day_reads import Part, either, finder, line_of, newest_of, shorten
from familieplan.core.extensions import DayBlock, DayLine, DayScope
from familieplan.families.models import Member
from familieplan.lib.times import person_datetime
from familieplan.plans.day_comments import comment_finder, comment_text_and_url, comments_part
from familieplan.portal.models import Proposal

PROPOSAL = "proposal"
COMMENT = "family_comment"


def lines(scope: DayScope, n: int) -> tuple[list[DayLine], int]:
    proposals = scope.unseen(
        Proposal.objects.filter(
            municipality_id__in=scope.municipality_ids,
            family__in=scope.families,
            answered_at__isnull=True,
        ),
        PROPOSAL,
    )
    by_member = Exists(
        Member.objects.filter(user_id=OuterRef("author_id"), family_id=OuterRef("family_id"))
    )
    rows, total = newest_of(
        [
            Part(
                proposals,
                {
                    "kind": Value(PROPOSAL, output_field=CharField()),
                    "id": F("pk"),
                    "family": F("family_id"),
                    "family_name": F("family__name"),
                    "at": F("created_at"),
                    "who": F("by__first_name"),
                    "text": F("text"),
                    "subject": F("kind"),
                    "measure": Value(None, output_field=UUIDField()),
                },
            ),
            comments_part(scope, COMMENT, by_member),
        ],
        n,
        scope.count_at_most,
    )
    language = translation.get_language()
    kinds = dict(Proposal.Kind.choices)
    result = []
    for row in rows:
        if row["kind"] == PROPOSAL:
            text = _("%(kind)s fra %(who)s: «%(text)s»") % {
                "kind": kinds.get(row["subject"], ""),
                "who": row["who"],
                "text": shorten(row["text"]),
            }
            url = reverse("families:detail", args=[row["family"]]) + "#proposals-heading"
        else:
            text, url = comment_text_and_url(row)
        result.append(line_of(row, text=text, url=url, when=person_datetime(row["at"], language)))
    return result, total


BLOCK = DayBlock(
    key="from_families",
    title=gettext_lazy("Nytt fra familiene"),
    lines=lines,
    find=either(finder(PROPOSAL, Proposal, "family_id"), comment_finder(COMMENT)),
    empty=gettext_lazy("Ingen nye forslag eller kommentarer fra familiene."),
    order=30,
)

"""The partners' block of the coordinator's day ("I dag"): what partner services did on their
own pages in the last two weeks — comments on a measure (`plans.MeasureComment` by a partner
user) and changes of a measure's status (the plan version the change recorded, by a partner
user) — newest first, one query per source (`core.day_reads.newest_of`). Each is a new row,
so a mark holds for good; the next comment or change is a new line."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import CharField, Exists, F, OuterRef, Subquery, UUIDField, Value
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.core.day_reads import NEW_DAYS, Part, either, finder, line_of, newest_of
from familieplan.core.extensions import DayBlock, DayLine, DayScope
from familieplan.lib.times import person_datetime
from familieplan.partners.models import PartnerStaff
from familieplan.plans.day_comments import comment_finder, comment_text_and_url, comments_part
from familieplan.plans.models import PlanVersion

COMMENT = "partner_comment"
UPDATE = "partner_update"


def lines(scope: DayScope, n: int) -> tuple[list[DayLine], int]:
    updates = scope.unseen(
        PlanVersion.objects.filter(
            Exists(PartnerStaff.objects.filter(user_id=OuterRef("by_id"))),
            municipality_id__in=scope.municipality_ids,
            plan__family__in=scope.families,
            at__gte=scope.now - timedelta(days=NEW_DAYS),
        ),
        UPDATE,
    )
    service = Subquery(
        PartnerStaff.objects.filter(user_id=OuterRef("by_id"))
        .order_by("partner__name")
        .values("partner__name")[:1],
        output_field=CharField(),
    )
    by_partner = Exists(PartnerStaff.objects.filter(user_id=OuterRef("author_id")))
    rows, total = newest_of(
        [
            comments_part(scope, COMMENT, by_partner),
            Part(
                updates,
                {
                    "kind": Value(UPDATE, output_field=CharField()),
                    "id": F("pk"),
                    "family": F("plan__family_id"),
                    "family_name": F("plan__family__name"),
                    "at": F("at"),
                    "who": service,
                    "text": F("summary"),
                    "subject": Value("", output_field=CharField()),
                    "measure": Value(None, output_field=UUIDField()),
                },
            ),
        ],
        n,
        scope.count_at_most,
    )
    language = translation.get_language()
    result = []
    for row in rows:
        if row["kind"] == COMMENT:
            text, url = comment_text_and_url(row)
        else:
            text = _("%(who)s: %(what)s") % {"who": row["who"] or "", "what": row["text"]}
            url = reverse("plans:detail", args=[row["family"]])
        result.append(line_of(row, text=text, url=url, when=person_datetime(row["at"], language)))
    return result, total


BLOCK = DayBlock(
    key="from_partners",
    title=gettext_lazy("Nytt fra samarbeidspartnere"),
    lines=lines,
    find=either(comment_finder(COMMENT), finder(UPDATE, PlanVersion, "plan__family_id")),
    empty=gettext_lazy("Ingen nye kommentarer eller endringer fra samarbeidspartnere."),
    order=35,
)

"""The household's block of the coordinator's day ("I dag"): open families with no contact
for too long, by the caseload's own `no_contact` condition; and what the other apps' blocks
share from here: the caseload's address filtered by a
counter (so a block's "og 12 til" shows the same families the caseload counts)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.core.day_reads import finder, first_and_total
from familieplan.core.extensions import DayBlock, DayLine, DayScope
from familieplan.families.caseload import no_contact
from familieplan.families.models import Family
from familieplan.lib.times import person_date


def caseload_url(scope: DayScope, needs: str) -> str:
    """The caseload of the same families (mine or the team's), filtered by one counter."""
    query = {"needs": needs, "scope": "all" if scope.lead else "mine"}
    return f"{reverse('families:list')}?{urlencode(query)}"


NO_CONTACT = "no_contact"
#: The day of the family's last contact: a new contact ends a mark made before it.
LAST_CONTACT_DAY = Coalesce(
    Cast(TruncDate("last_contact_at"), CharField()), Value(""), output_field=CharField()
)


def no_contact_lines(scope: DayScope, n: int) -> tuple[list[DayLine], int]:
    families = scope.unseen(
        scope.families.filter(no_contact(scope.caseload)), NO_CONTACT, LAST_CONTACT_DAY
    ).order_by(F("last_contact_at").asc(nulls_first=True), "name", "pk")
    rows, total = first_and_total(families.only("name", "last_contact_at"), n, scope.count_at_most)
    language = translation.get_language()
    lines = []
    for family in rows:
        if family.last_contact_at is None:
            text, when = _("Ingen kontakt registrert"), ""
        else:
            days = (scope.today - timezone.localdate(family.last_contact_at)).days
            text = _("Siste kontakt for %(days)s dager siden") % {"days": days}
            when = person_date(family.last_contact_at, language)
        lines.append(
            DayLine(
                kind=NO_CONTACT,
                object_id=family.pk,
                family_id=family.pk,
                family_name=family.name,
                state=family.day_state or "",
                text=text,
                url=reverse("families:detail", args=[family.pk]),
                when=when,
            )
        )
    return lines, total


BLOCK = DayBlock(
    key="no_contact",
    title=gettext_lazy("Ingen kontakt på lenge"),
    lines=no_contact_lines,
    find=finder(NO_CONTACT, Family, "pk", LAST_CONTACT_DAY),
    empty=gettext_lazy("Alle familiene har hatt kontakt nylig."),
    more=lambda scope: caseload_url(scope, "no_contact"),
    order=60,
)

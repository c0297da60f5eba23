"""Finding a family by name, and what tells two families with the same name apart.

Every name search (the caseload, the privacy officer's access log) matches the maintained
`Family.search_names` column: the family's name and every member's first and last name,
upper-cased, refreshed by `Family.refresh_search_names()` whenever members change
(`services.family_members_changed`). Each word typed must appear in it, in any order, so
"Sara Ali" finds the family where Sara is one of the Alis. PostgreSQL answers the search
from a trigram index (migration 0003).

Two families called «Familien Ali» are told apart by their members' first names, their unit
and the day they started; `first_names` and `members_prefetch` load the names of the rows a
page shows in one query, however many rows there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from familieplan.core.extensions import FamilyFinder, FoundFamily
from familieplan.families.models import Family, Member

#: How many first names a row shows before "+ n".
FIRST_NAMES_SHOWN = 4
#: Words of a search that count (a pasted paragraph is not a name).
MAX_WORDS = 5
MAX_LENGTH = 100


def search_words(text: str) -> list[str]:
    """The words of a name search, upper-cased as `search_names` stores them."""
    return [word.upper() for word in text[:MAX_LENGTH].split()][:MAX_WORDS]


def search_name(families: QuerySet[Family], text: str) -> QuerySet[Family]:
    """The families whose name or members' names contain every word of `text`."""
    for word in search_words(text):
        families = families.filter(search_names__contains=word)
    return families


def members_prefetch(to_attr: str = "named_members") -> Prefetch:
    """The members' first names of the families a page shows, in one query (oldest first,
    as the family page lists them: the adults, then the children)."""
    return Prefetch(
        "members",
        queryset=Member.objects.only("family_id", "first_name", "birth_date", "left_on").order_by(
            "birth_date", "first_name"
        ),
        to_attr=to_attr,
    )


@dataclass(frozen=True)
class FirstNames:
    shown: str  # "Amina, Yusuf, Sara"
    more: int  # members not named

    def __str__(self) -> str:
        return f"{self.shown} +{self.more}" if self.more else self.shown


def first_names(members: Iterable[Member], today: date | None = None) -> FirstNames:
    """The first names of those living in the household today (from a prefetch)."""
    today = today or timezone.localdate()
    names = [m.first_name for m in members if m.left_on is None or m.left_on > today]
    return FirstNames(", ".join(names[:FIRST_NAMES_SHOWN]), max(0, len(names) - FIRST_NAMES_SHOWN))


def _found(families: QuerySet[Family]) -> list[FoundFamily]:
    today = timezone.localdate()
    rows = families.select_related("unit").only("municipality_id", "name", "unit__name")
    return [
        FoundFamily(
            family_id=family.pk,
            municipality_id=family.municipality_id,
            name=family.name,
            members=str(first_names(family.named_members, today)),
            unit=family.unit.name,
        )
        for family in rows.prefetch_related(members_prefetch())
    ]


def find(municipality_ids: Iterable[int], text: str, limit: int) -> list[FoundFamily]:
    """Families of these municipalities whose name or members' names match `text`, by name;
    at most `limit`. Nothing for an empty search."""
    if not search_words(text):
        return []
    families = search_name(Family.objects.filter(municipality_id__in=list(municipality_ids)), text)
    return _found(families.order_by("name", "id")[:limit])


def describe(municipality_ids: Iterable[int], family_ids: Iterable) -> dict:
    """family id → `FoundFamily`, for ids of these municipalities (others are left out)."""
    families = Family.objects.filter(
        municipality_id__in=list(municipality_ids), pk__in=list(family_ids)
    )
    return {found.family_id: found for found in _found(families)}


#: Registered with the families app's extension: pages below families find families by name.
FINDER = FamilyFinder(find=find, describe=describe)

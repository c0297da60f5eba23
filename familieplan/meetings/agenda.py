"""Which meetings a staff user's calendar and calendar feed hold, read at the moment of asking:
a user who lost a role or a unit gets only what they may see now.

- *Own* meetings (a coordinator's calendar, everyone's feed): meetings of the families the user
  coordinates (the family's current coordinator or co-coordinator, `Family.coordinated_by`)
  and meetings the user takes part in as staff — always among the families the user may see
  (`Family.objects.visible_to`).
- *The team's* meetings (a team lead's calendar): every meeting of the families the lead may
  see, or of one coordinator's families.

Each is one query whose plan does not grow with the number of families: own meetings are the
union of the user's families' meetings (the families through the coordinator indexes, their
meetings through `meeting_family`: municipality, family, start) and the user's participations
(`participant_staff`); the team's are a range of `meeting_calendar` (municipality, start).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from familieplan.accounts.models import User
from familieplan.core.roles import Role
from familieplan.families.caseload import search_name
from familieplan.families.models import Family
from familieplan.families.queries import lead_scope
from familieplan.meetings.models import Meeting, Participant

#: At most this many meetings on one calendar page (a whole municipality's week is hundreds,
#: its month thousands: more than anyone reads in a grid, and each costs the page time); the
#: page says so and offers the filter by coordinator. A coordinator's month is far fewer.
PAGE_LIMIT = 100
#: At most this many meetings in a feed (a year of one person's meetings is far fewer).
FEED_LIMIT = 2000
#: At most this many families in the new meeting's choice (a search narrows it).
FAMILY_CHOICES = 200
#: What the calendar shows of a meeting (not its agenda, minutes or the child's words).
SHOWN_FIELDS = (
    "id",
    "municipality_id",
    "family_id",
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "status",
    "sequence",
    "calendar_uid",
)


def _municipalities(user) -> set[int]:
    return user.municipality_ids(Role.COORDINATOR, Role.TEAM_LEAD)


def leads_a_team(user) -> bool:
    return bool(lead_scope(user))


def own_meetings(user, *, start: datetime, end: datetime) -> QuerySet[Meeting]:
    """Meetings starting in [start, end) of the families the user coordinates (primary or
    co) and those the user takes part in as staff, among the families the user may see."""
    municipalities = _municipalities(user)
    visible = Family.objects.visible_to(user)
    of_families = (
        Meeting.objects.filter(
            municipality_id__in=municipalities,
            family__in=visible.coordinated_by(user),
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .order_by()
        .values("pk")
    )
    taking_part = (
        Participant.objects.filter(
            municipality_id__in=municipalities,
            user=user,
            kind=Participant.Kind.STAFF,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
        )
        .order_by()
        .values("meeting_id")
    )
    return Meeting.objects.filter(
        municipality_id__in=municipalities,
        family__in=visible,
        pk__in=of_families.union(taking_part),
    )


def team_meetings(
    user, *, start: datetime, end: datetime, coordinator: User | None = None
) -> QuerySet[Meeting]:
    """Meetings starting in [start, end) of every family the lead may see, or only of the
    families `coordinator` coordinates (primary or co)."""
    visible = Family.objects.visible_to(user)
    families = visible.coordinated_by(coordinator) if coordinator is not None else visible
    return Meeting.objects.filter(
        municipality_id__in=_municipalities(user),
        family__in=families,
        starts_at__gte=start,
        starts_at__lt=end,
    )


def for_page(meetings: QuerySet[Meeting], *, team: bool) -> list[Meeting]:
    """The rows a calendar page shows, in time order: at most PAGE_LIMIT + 1 (one more tells
    the page that there were more), with the family's name (and, for a lead, who coordinates
    it) from the same query."""
    fields = [*SHOWN_FIELDS, "family__name"]
    related = ["family"]
    if team:
        related.append("family__coordinator")
        fields += ["family__coordinator__id", "family__coordinator__first_name"]
        fields += ["family__coordinator__last_name", "family__coordinator__username"]
    rows = meetings.select_related(*related).only(*fields).order_by("starts_at", "pk")
    return list(rows[: PAGE_LIMIT + 1])


def for_feed(meetings: QuerySet[Meeting]) -> list[Meeting]:
    return list(meetings.only(*SHOWN_FIELDS).order_by("starts_at", "pk")[:FEED_LIMIT])


def writable_families(user, *, query: str = "") -> QuerySet[Family]:
    """The families the user may change (`families.access.can_write_family` as a filter):
    those they coordinate, those of their units without a coordinator, and every family of a
    team they lead — among the families they may see, by name, matching `query`."""
    lead = lead_scope(user)
    rule = (
        Q(coordinator=user)
        | Q(co_coordinator=user)
        | Q(coordinator__isnull=True, unit_id__in=user.unit_ids(Role.COORDINATOR))
    )
    if lead:
        rule |= lead.q()
    families = Family.objects.visible_to(user).filter(rule)
    return search_name(families, query).order_by("name", "pk")

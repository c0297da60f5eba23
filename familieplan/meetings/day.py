"""The meetings' block of the coordinator's day ("I dag"): planned meetings from this morning to
the end of Sunday, soonest first — the ones the calendar shows (`agenda.own_meetings`: the
reader's families' meetings and those they take part in; a team lead: `team_meetings`)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import CharField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.core.day_reads import finder, first_and_total
from familieplan.core.extensions import DayBlock, DayLine, DayScope
from familieplan.lib.times import person_datetime, person_time
from familieplan.meetings import agenda
from familieplan.meetings import calendar_layout as cal
from familieplan.meetings.models import Meeting

KIND = "meeting"
#: A meeting moved or changed (its calendar SEQUENCE goes up) shows again.
STATE = Cast("sequence", CharField())


def lines(scope: DayScope, n: int) -> tuple[list[DayLine], int]:
    # The calendar's own rule (meetings/agenda.py), so the block and the calendar agree: a
    # coordinator's families' meetings and those they take part in; a lead's, the team's.
    read = agenda.team_meetings if scope.lead else agenda.own_meetings
    week = read(
        scope.user,
        start=cal.local_midnight(scope.today),
        end=cal.local_midnight(scope.week_end + timedelta(days=1)),
    )
    meetings = (
        scope.unseen(week.filter(status=Meeting.Status.PLANNED), KIND, STATE)
        .select_related("family")
        .only("family_id", "kind", "title", "starts_at", "family__name")
        .order_by("starts_at", "pk")
    )
    rows, total = first_and_total(meetings, n, scope.count_at_most)
    language = translation.get_language()
    result = []
    for meeting in rows:
        today = timezone.localdate(meeting.starts_at) == scope.today
        result.append(
            DayLine(
                kind=KIND,
                object_id=meeting.pk,
                family_id=meeting.family_id,
                family_name=meeting.family.name,
                state=meeting.day_state or "",
                text=meeting.label,
                url=reverse("meetings:detail", args=[meeting.family_id, meeting.pk]),
                when=_("I dag %(time)s") % {"time": person_time(meeting.starts_at, language)}
                if today
                else person_datetime(meeting.starts_at, language),
            )
        )
    return result, total


BLOCK = DayBlock(
    key="meetings",
    title=gettext_lazy("Møter i dag og denne uken"),
    lines=lines,
    find=finder(KIND, Meeting, "family_id", STATE),
    empty=gettext_lazy("Ingen møter resten av uken."),
    # The week in the calendar (a team lead's shows the team's).
    more=lambda scope: reverse("meetings:my_calendar") + "?view=list",
    order=10,
)

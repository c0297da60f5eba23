"""The start page's "I dag" for coordinators and team leads: every app's day block over the
families the reader works with, in one query per block (per source of a mixed block).

Whose day: a coordinator's own families (primary or co-coordinator, within what they may see);
a team lead's team (`Family.objects.visible_to`: the unit, or the whole municipality for a
lead without a unit). Someone who is both switches with `?day=mine` / `?day=team`. Each block
shows at most `LINES` lines, what the reader has marked seen left out (`marks.unseen`). The
families the page names are written to the access log in one insert."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from familieplan.core import extensions
from familieplan.core.access import Action, Subject, log_shown
from familieplan.core.extensions import DayScope
from familieplan.core.roles import Role
from familieplan.families.caseload import context_for
from familieplan.families.models import Family
from familieplan.workday.marks import unseen

LINES = 8
#: A team lead's blocks count this many rows and say "more" beyond (core/day_reads.py).
COUNT_AT_MOST = 99
MINE, TEAM = "mine", "team"
CHOICES = ("", MINE, TEAM)


def whose_day(user, choice: str) -> str | None:
    """MINE or TEAM for this reader and the switch's `choice`; None without either role."""
    roles = user.role_codes()
    coordinator, lead = Role.COORDINATOR in roles, Role.TEAM_LEAD in roles
    if not (coordinator or lead):
        return None
    if lead and (choice == TEAM or not coordinator):
        return TEAM
    return MINE


def scope_for(user, day: str) -> DayScope:
    visible = Family.objects.visible_to(user)
    ctx = context_for(user)
    if day == TEAM:
        families = visible
    else:
        # A coordinator's few families, read once: every block then filters by their ids
        # instead of building and planning the visibility rule again.
        families = Family.objects.filter(
            pk__in=list(visible.coordinated_by(user).values_list("pk", flat=True))
        )
    return DayScope(
        user=user,
        families=families,
        today=ctx.today,
        now=ctx.now,
        week_end=ctx.today + timedelta(days=6 - ctx.today.weekday()),
        lead=day == TEAM,
        unseen=partial(unseen, user=user),
        caseload=ctx,
        # The municipalities the reader works in (those of every family above).
        municipality_ids=frozenset(user.municipality_ids(Role.COORDINATOR, Role.TEAM_LEAD)),
        count_at_most=COUNT_AT_MOST if day == TEAM else None,
    )


def section(request) -> dict | None:
    """The "I dag" section's context (a `StartSection`), or None for anyone else."""
    choice = request.GET.get("day", "")
    day = whose_day(request.user, choice if choice in CHOICES else "")
    if day is None:
        return None
    return day_context(request, day)


def day_context(request, day: str) -> dict:
    user = request.user
    scope = scope_for(user, day)
    blocks = []
    for block in extensions.day_blocks():
        lines, total = block.lines(scope, LINES)
        over = scope.count_at_most is not None and total > scope.count_at_most
        blocks.append(
            {
                "key": block.key,
                "title": block.title,
                "lines": lines,
                "total": total,
                # Counted only so far: "99+" and "og flere".
                "over": scope.count_at_most if over else None,
                "rest": max(total - len(lines), 0),
                "more": block.more(scope) if block.more and total > len(lines) else "",
                "empty": block.empty,
            }
        )
    # Every family the page names, one access-log row each, in one insert.
    municipality = dict(
        Family.objects.filter(
            pk__in={line.family_id for b in blocks for line in b["lines"]}
        ).values_list("pk", "municipality_id")
    )
    log_shown(
        request,
        action=Action.READ,
        object_type="workday.today",
        families=(
            Subject(municipality_id=municipality.get(family_id), family_id=family_id)
            for family_id in municipality
        ),
    )
    roles = user.role_codes()
    return {
        "day": day,
        "switch": Role.COORDINATOR in roles and Role.TEAM_LEAD in roles,
        "blocks": blocks,
        "today": scope.today,
    }

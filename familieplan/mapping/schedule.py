"""When a family is mapped: at intake, every `interval` months, and at exit (MODEL.md §3 item 8).

Pure: the enrolment's dates, the programme's settings and the mappings already completed in,
the occasions with their due dates and state out. The mapping services store the next due
date on the family (`Family.mapping_due_on`, `mapping_late_on`) for the caseload.

- Intake is due on the start date; yearly mapping k on start + k × interval, while that lies
  before the end (the actual end, else the planned one); exit on the end date, when the
  programme maps at exit (before the end is known: on the planned end).
- A mapping is on time when it is held at most `grace` days before or after its due date, late
  from the day after `due + grace`.
- An occasion is done when a completed mapping of that occasion exists, whatever its date.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

INTAKE, YEARLY, EXIT = "intake", "yearly", "exit"


class State(enum.StrEnum):
    DONE = "done"
    DUE = "due"  # due within `grace` days, or past its date but not yet late
    LATE = "late"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Occasion:
    kind: str  # INTAKE, YEARLY, EXIT
    number: int  # 0 intake, 1… yearly, 0 exit
    due_on: date
    state: State
    held_on: date | None = None

    def on_time(self, grace: int) -> bool | None:
        if self.held_on is None:
            return None
        return abs((self.held_on - self.due_on).days) <= grace


def late_from(due_on: date, grace: int) -> date:
    return due_on + timedelta(days=grace + 1)


def occasions(
    *,
    started_on: date | None,
    planned_end: date | None,
    ended_on: date | None,
    interval_months: int,
    at_exit: bool,
    grace: int,
    done: Mapping[tuple[str, int], date],
    today: date,
) -> list[Occasion]:
    """Every occasion of the enrolment, in date order. `done` maps (kind, number) to the date a
    completed mapping of that occasion was held."""
    if started_on is None:
        return []
    end = ended_on or planned_end
    planned: list[tuple[str, int, date]] = [(INTAKE, 0, started_on)]
    k = 1
    while True:
        due = started_on + relativedelta(months=interval_months * k)
        if end is not None and due >= end:
            break
        if end is None and k > 10:  # no end known: show the next ten years at most
            break
        planned.append((YEARLY, k, due))
        k += 1
    if at_exit and end is not None:
        planned.append((EXIT, 0, end))
    result = []
    for kind, number, due in planned:
        held = done.get((kind, number))
        if held is not None:
            state = State.DONE
        elif today >= late_from(due, grace):
            state = State.LATE
        elif today >= due - timedelta(days=grace):
            state = State.DUE
        else:
            state = State.UPCOMING
        result.append(Occasion(kind, number, due, state, held))
    return result


def next_open(items: list[Occasion], *, ended: bool) -> Occasion | None:
    """The first occasion not done. After the end only the exit mapping is still asked for (a
    yearly mapping never held is history, not a task)."""
    for occasion in items:
        if occasion.state == State.DONE:
            continue
        if ended and occasion.kind != EXIT:
            continue
        return occasion
    return None

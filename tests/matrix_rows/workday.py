"""The start page's "Sett" button and its "Angre" (workday/today_views.py): coordinators and
team leads only; an empty POST names no line, so it finds nothing (404)."""

from tests.matrix import CASE_STAFF, action, statuses

LINE = statuses(403, **dict.fromkeys(CASE_STAFF, 404))

ROWS = [
    action("workday:seen", LINE, "marks one line seen; the line's family through access_family"),
    action("workday:unsee", LINE, "takes the mark back; the same checks"),
]

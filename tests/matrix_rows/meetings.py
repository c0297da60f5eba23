"""Family A's meetings: planning, minutes, decisions, calendar file, invitations."""

from tests.matrix import action, family_read, family_write, form, shows

ROWS = [
    shows("meetings:list", family_read()),
    form("meetings:create", family_write()),
    shows("meetings:detail", family_read()),
    form("meetings:edit", family_write(), "the planned meeting"),
    form("meetings:cancel", family_write(), "the planned meeting"),
    form("meetings:minutes", family_write()),
    action(
        "meetings:minutes_release",
        family_write(302),
        "the held meeting's minutes are sent out",
    ),
    action(
        "meetings:decision_create",
        family_write(302),
        "an empty decision: a message on the meeting page",
    ),
    form("meetings:decision_measure", family_write()),
    shows("meetings:calendar", family_read()),
    action(
        "meetings:email_retry",
        family_write(302),
        "an invitation not failed: a message on the meeting page",
    ),
]

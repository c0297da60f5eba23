"""Family A's meetings: planning, minutes, decisions, calendar file, invitations; the staff
calendar, a new meeting from its empty slots and the personal calendar feed's page (the feed
itself is public by its secret token: tests/matrix.py PUBLIC)."""

from tests.matrix import action, case_staff, family_read, family_write, form, shows

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
    shows("meetings:my_calendar", case_staff(), "their own meetings, a lead the team's"),
    shows("meetings:slot_new", case_staff(), "no slot given: a message, no form"),
    shows("meetings:feed_settings", case_staff(), "the person's own subscription"),
    action("meetings:feed_create", case_staff(302), "a new address for the person's feed"),
    action("meetings:feed_revoke", case_staff(302), "no subscription: a message"),
]

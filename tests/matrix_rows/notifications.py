"""Notifications: coordinators' and team leads' own (the world's one is family A's
coordinator's); nobody else has them."""

from tests.matrix import Row, action, case_staff, shows, statuses

#: The coordinator's own notification: another person's id is not found.
OWN = statuses(403, coordinator=302, colleague=404, coordinator_b=404, team_lead=404)

ROWS = [
    shows("notifications:list", case_staff()),
    Row(
        "notifications:preferences",
        case_staff(),
        case_staff(302),
        "one's own email choices; an empty form turns every email off",
    ),
    action("notifications:read_all", case_staff(302), "nothing unread: back to the list"),
    action("notifications:open", OWN, "marked read, then to the family's page"),
    action("notifications:read", OWN),
    action(
        "notifications:read_family",
        statuses(403, coordinator=302, colleague=302, team_lead=302, coordinator_b=404),
        "one's own notifications of a family one sees; family A is unknown in municipality B",
    ),
]

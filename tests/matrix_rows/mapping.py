"""Family A's mapping and the programme figures (aggregates only)."""

from tests.matrix import Row, family_read, family_write, form, shows, statuses

ROWS = [
    shows(
        "mapping:figures",
        statuses(403, team_lead=200, administrator=200),
        "team leads and the municipality's administrator",
    ),
    Row(
        "mapping:family",
        family_read(),
        family_write(),
        "shows the schedule to readers; its form starts a mapping",
    ),
    shows("mapping:print", family_read()),
    Row(
        "mapping:assessment",
        family_read(),
        family_write(),
        "POST completes the mapping: refused with a message while answers are missing",
    ),
    form("mapping:fill", family_write()),
]

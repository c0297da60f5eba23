"""The matrix's rows, one module per area of the URLconf."""

from tests.extension_app import matrix as extension_app
from tests.matrix_rows import (
    core,
    economy,
    families,
    journal,
    mapping,
    meetings,
    notifications,
    partner_portal,
    partners,
    plans,
    portal,
    workday,
    workday_team,
)
from tests.matrix_rows.defects import KNOWN_DEFECTS

ROWS = [
    *core.ROWS,
    *families.ROWS,
    *plans.ROWS,
    *partners.ROWS,
    *meetings.ROWS,
    *notifications.ROWS,
    *journal.ROWS,
    *mapping.ROWS,
    *economy.ROWS,
    *partner_portal.ROWS,
    *portal.ROWS,
    *workday.ROWS,
    *workday_team.ROWS,
    *extension_app.ROWS,
]

__all__ = ["KNOWN_DEFECTS", "ROWS"]

"""Family A's economy: the overview, the month, the history, incomes, expenses and debts, the
balance, a scheme as a plan measure, and the "what if" scenarios.

The world's `kind` is `income`, `row_id` its income, `scenario_id` its scenario and
`change_id` that scenario's change."""

from tests.matrix import Row, action, family_read, family_write, form, shows

ROWS = [
    shows("economy:overview", family_read()),
    shows("economy:month", family_read()),
    shows("economy:history", family_read()),
    form("economy:balance", family_write()),
    form("economy:row_new", family_write()),
    form("economy:row_edit", family_write()),
    Row(
        "economy:row_remove",
        family_write(),
        family_write(302),
        "GET asks to confirm and removes nothing; POST removes, the history keeps it",
    ),
    action(
        "economy:suggestion_measure",
        family_write(302),
        "a refused form goes back to the overview with its message",
    ),
    form("economy:scenario_new", family_write()),
    shows("economy:scenario", family_read()),
    action(
        "economy:scenario_change_add",
        family_write(200),
        "a refused change shows the scenario page again with its errors",
    ),
    action("economy:scenario_change_remove", family_write(302)),
]

"""Family A's plan: goals, measures, agreement, reviews, history and print."""

from tests.matrix import action, family_read, family_write, form, shows

ROWS = [
    shows("plans:detail", family_read()),
    form("plans:create", family_write()),
    form("plans:goal_create", family_write()),
    form("plans:measure_create", family_write()),
    action(
        "plans:measure_move",
        family_write(200),
        "a refused move shows the plan page again with the error at the measure",
    ),
    form("plans:agree", family_write()),
    form("plans:edit", family_write()),
    form("plans:measure_edit", family_write()),
    shows("plans:history", family_read()),
    shows("plans:this_week", family_read()),
    shows("plans:print", family_read()),
    form("plans:review_create", family_write()),
    form("plans:goal_edit", family_write()),
    form("plans:measure_reopen", family_write()),
]

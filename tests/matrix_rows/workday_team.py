"""The team lead's view: the team's numbers and one coordinator's families to hand over (the
world's coordinator, in unit A, which the team lead leads)."""

from tests.matrix import form, shows, statuses

ROWS = [
    shows("workday:team", statuses(403, team_lead=200), "team leads only; counts, no names"),
    form(
        "workday:team_handover",
        statuses(403, team_lead=200),
        "team leads only: the coordinator of their unit (another team's people: 404); an "
        "empty POST gives the form back",
    ),
]

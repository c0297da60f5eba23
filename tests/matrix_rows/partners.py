"""The partner directory (no family data: every case worker and the administrator of the
partner's municipality) and family A's consents."""

from tests.matrix import family_read, family_write, form, shows, statuses

DIRECTORY = dict.fromkeys(("coordinator", "colleague", "coordinator_b", "team_lead"), 200)
#: A partner of municipality A: not found from municipality B.
PARTNER_A = {**DIRECTORY, "coordinator_b": 404}

ROWS = [
    shows("partners:directory", statuses(403, **DIRECTORY, administrator=200)),
    form(
        "partners:create",
        statuses(403, **DIRECTORY, administrator=200),
        "into the person's own municipality",
    ),
    shows("partners:detail", statuses(403, **PARTNER_A, administrator=200)),
    form("partners:edit", statuses(403, **PARTNER_A, administrator=200)),
    form("partners:contact_create", statuses(403, **PARTNER_A, administrator=200)),
    shows("partners:consents", family_read()),
    form("partners:consent_create", family_write()),
    form("partners:consent_withdraw", family_write()),
    shows(
        "partners:consent_document",
        family_read(),
        "the scanned form (the matrix world stores one)",
    ),
]

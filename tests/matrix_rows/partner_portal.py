"""The partner service's pages: family A is shared by consent with Lunde skole only."""

from tests.matrix import action, partner_page, shows, statuses

ROWS = [
    shows("partner_portal:home", statuses(403, partner=200, clinic_partner=200)),
    shows("partner_portal:family", partner_page()),
    action(
        "partner_portal:measure_status",
        partner_page(200),
        "a refused change shows the family page again with the error at the measure",
    ),
    action(
        "partner_portal:measure_comment",
        partner_page(302),
        "an empty comment: a message on the family page",
    ),
    shows("partner_portal:meeting", partner_page(), "the planned meeting"),
    shows(
        "partner_portal:economy",
        statuses(403, partner=404, clinic_partner=404),
        "Lunde skole's consent has no economy topic: the economy does not exist for it",
    ),
]

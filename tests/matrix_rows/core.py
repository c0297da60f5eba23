"""The start page, the privacy officer's access log, the person's own settings and the logs."""

from tests.matrix import action, form, shows, statuses

ROWS = [
    shows(
        "core:home",
        statuses(200, family_member=302, other_family_member=302),
        "a family member's start page is /family/",
    ),
    shows("core:access_log", statuses(403, privacy_officer=200)),
    action("accounts:logout", statuses(302), "everyone may log out"),
    form("accounts:settings", statuses(200), "one's own settings"),
    shows("accounts:admin_log", statuses(403, privacy_officer=200, administrator=200)),
]

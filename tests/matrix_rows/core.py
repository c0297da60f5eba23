"""The start page, the privacy officer's access log, the person's own settings and the logs;
the idle warning's button and the drafts saved as a form is typed (family A's quick note)."""

from tests.matrix import action, family_write, form, shows, statuses

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
    action("core:keep_alive", statuses(204), "anyone logged in may stay logged in"),
    action(
        "core:draft_save",
        family_write(204),
        "a draft of family A's quick note: only who may change the family; an empty body "
        "names none of the form's fields and changes nothing",
    ),
    action("core:draft_discard", family_write(302), "back to the form, the draft thrown away"),
]

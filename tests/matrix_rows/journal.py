"""Family A's follow-up record, the search across notes and the time overview."""

from tests.matrix import case_staff, family_read, family_write, form, shows

ROWS = [
    shows("journal:search", case_staff(), "in what each may read"),
    shows("journal:time_overview", case_staff(), "each their own families"),
    shows("journal:timeline", family_read()),
    form("journal:contact_create", family_write()),
    form("journal:note_create", family_write()),
    form("journal:quick_note", family_write(), "the contact, its note and the minutes at once"),
    form("journal:note_correct", family_write()),
    form("journal:time_create", family_write()),
]

"""The caseload, referrals and family A's household, intake and coordinators."""

from tests.matrix import action, case_staff, family_read, family_write, form, shows

ROWS = [
    shows("families:list", case_staff(), "each their own units' families"),
    form("families:referral_create", case_staff(), "into one of their own units"),
    shows("families:detail", family_read()),
    form("families:member_create", family_write()),
    form("families:member_edit", family_write()),
    form("families:address_create", family_write()),
    form("families:screening_create", family_write()),
    shows("families:screening", family_read()),
    form("families:decision_create", family_write()),
    form("families:enrolment_change", family_write()),
    form("families:coordinator_assign", family_write()),
    action(
        "families:co_coordinator_remove",
        family_write(302),
        "no co-coordinator to remove: back to the family page",
    ),
]

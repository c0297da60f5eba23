"""The family's own pages under /family/ (family members only, each their own family's), and
the coordinator's answer to the family's proposal."""

from tests.matrix import Row, action, family_write, form, portal_page, shows

#: Family A's goal, measure, consent or questionnaire: not found for family B's member.
FAMILY_A = portal_page(other_family=404)

ROWS = [
    shows("portal:home", portal_page()),
    shows("portal:plan", portal_page(), "family B has no plan: the page says so"),
    shows("portal:meetings", portal_page()),
    shows("portal:record", portal_page()),
    shows("portal:progress", portal_page()),
    shows("portal:consents", portal_page()),
    shows("portal:access_log", portal_page()),
    shows("portal:copy", portal_page()),
    form("portal:propose", portal_page()),
    action(
        "portal:agree",
        portal_page(200, other_family=302),
        "no version: refused at the agreement; family B has no plan: a message",
    ),
    form("portal:goal_comment", FAMILY_A),
    form("portal:measure_comment", FAMILY_A),
    action(
        "portal:measure_done",
        portal_page(200, other_family=404),
        "no version: refused at the measure on the plan page",
    ),
    form("portal:consent_give", portal_page()),
    action(
        "portal:consent_withdraw",
        portal_page(302, other_family=404),
        "the mother withdraws her own consent",
    ),
    action(
        "portal:answer",
        family_write(302),
        "the coordinator's answer to a proposal: an empty one gets a message",
    ),
    form(
        "portal:questionnaire",
        FAMILY_A,
        "the mother's own WHO-5 in the mapping under way",
    ),
    shows("portal:app_page", portal_page(), "the outings page of the test-only app"),
    shows("portal:economy", portal_page(), "family B has no economy: the month from 0 kr"),
    shows("portal:economy_overview", portal_page()),
    form("portal:economy_balance", portal_page()),
    form("portal:economy_row_new", portal_page(), "the world's kind: a new income"),
    form("portal:economy_row_edit", FAMILY_A, "family A's income"),
    Row(
        "portal:economy_calendar",
        portal_page(),
        portal_page(302),
        "the payment-day calendar: a POST makes a new address and comes back to the page",
    ),
]

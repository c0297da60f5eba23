"""The role × view matrix: what each persona gets from each page.

Later issues add rows to CASES. A row names the page, how to build its URL from the test
world, and the status each persona must get on GET; personas not listed get `default`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = [
    "coordinator",
    "colleague",
    "coordinator_b",
    "team_lead",
    "partner",
    "family_member",
    "researcher",
    "administrator",
    "privacy_officer",
]
CASE_STAFF_WRITE = {"coordinator": 200, "team_lead": 200, "colleague": 403}
CASE_STAFF_READ = {"coordinator": 200, "team_lead": 200, "colleague": 200}


@dataclass(frozen=True)
class Case:
    name: str
    path: Callable[[object], str]
    expect: dict[str, int]
    default: int = 404
    statuses: dict[str, int] = field(init=False)

    def __post_init__(self):
        object.__setattr__(
            self, "statuses", {p: self.expect.get(p, self.default) for p in PERSONAS}
        )


def family_page(suffix: str = "") -> Callable[[object], str]:
    return lambda w: f"/families/{w.family_a.pk}/{suffix}"


CASES: list[Case] = [
    Case("home", lambda w: "/", {"family_member": 302}, default=200),  # to /family/
    Case(
        "caseload",
        lambda w: "/families/",
        {"coordinator": 200, "colleague": 200, "coordinator_b": 200, "team_lead": 200},
        default=403,
    ),
    Case(
        "referral_create",
        lambda w: "/families/referral/new/",
        {"coordinator": 200, "colleague": 200, "coordinator_b": 200, "team_lead": 200},
        default=403,
    ),
    Case("family_detail", family_page(), CASE_STAFF_READ),
    Case("member_create", family_page("members/new/"), CASE_STAFF_WRITE),
    Case("address_create", family_page("addresses/new/"), CASE_STAFF_WRITE),
    Case("screening_create", family_page("screenings/new/"), CASE_STAFF_WRITE),
    Case("decision_create", family_page("decision/"), CASE_STAFF_WRITE),
    Case("coordinator_assign", family_page("coordinator/"), CASE_STAFF_WRITE),
    Case("plan_detail", lambda w: f"/plans/{w.family_a.pk}/", CASE_STAFF_READ),
    Case("plan_create", lambda w: f"/plans/{w.family_a.pk}/new/", CASE_STAFF_WRITE),
    # No plan yet in the matrix world: the plan's sub-pages answer 404 to everyone.
    Case("plan_this_week", lambda w: f"/plans/{w.family_a.pk}/this-week/", {}),
    Case(
        "partner_directory",
        lambda w: "/partners/",
        {
            "coordinator": 200,
            "colleague": 200,
            "coordinator_b": 200,
            "team_lead": 200,
            "administrator": 200,
        },
        default=403,
    ),
    Case("consents", lambda w: f"/partners/families/{w.family_a.pk}/consents/", CASE_STAFF_READ),
    Case(
        "consent_create",
        lambda w: f"/partners/families/{w.family_a.pk}/consents/new/",
        CASE_STAFF_WRITE,
    ),
    Case("meetings", lambda w: f"/meetings/{w.family_a.pk}/", CASE_STAFF_READ),
    Case("meeting_create", lambda w: f"/meetings/{w.family_a.pk}/new/", CASE_STAFF_WRITE),
    Case("partner_home", lambda w: "/partner/", {"partner": 200}, default=403),
    # No consent in the matrix world: the family does not exist for the partner.
    Case("partner_family", lambda w: f"/partner/{w.family_a.pk}/", {"partner": 404}, default=403),
    Case("journal_timeline", lambda w: f"/journal/{w.family_a.pk}/", CASE_STAFF_READ),
    Case("contact_create", lambda w: f"/journal/{w.family_a.pk}/contacts/new/", CASE_STAFF_WRITE),
    Case("note_create", lambda w: f"/journal/{w.family_a.pk}/notes/new/", CASE_STAFF_WRITE),
    Case("time_create", lambda w: f"/journal/{w.family_a.pk}/time/new/", CASE_STAFF_WRITE),
    Case(
        "journal_search",
        lambda w: "/journal/search/?q=skole",
        {"coordinator": 200, "colleague": 200, "coordinator_b": 200, "team_lead": 200},
        default=403,
    ),
    Case(
        "time_overview",
        lambda w: "/journal/time/",
        {"coordinator": 200, "colleague": 200, "coordinator_b": 200, "team_lead": 200},
        default=403,
    ),
    Case("family_mapping", lambda w: f"/mapping/{w.family_a.pk}/", CASE_STAFF_READ),
    Case("mapping_print", lambda w: f"/mapping/{w.family_a.pk}/print/", CASE_STAFF_READ),
    Case(
        "programme_figures",
        lambda w: "/mapping/figures/",
        {"team_lead": 200, "administrator": 200},
        default=403,
    ),
    # The family's pages: family members only (this one has no person in a family: 404).
    Case("family_home", lambda w: "/family/", {"family_member": 404}, default=403),
    Case("family_access_log", lambda w: "/family/access-log/", {"family_member": 404}, default=403),
    Case("own_settings", lambda w: "/accounts/settings/", {}, default=200),
    Case("access_log", lambda w: "/access-log/", {"privacy_officer": 200}, default=403),
    Case(
        "admin_log",
        lambda w: "/accounts/admin-log/",
        {"privacy_officer": 200, "administrator": 200},
        default=403,
    ),
    Case("admin_index", lambda w: "/admin/", {"administrator": 200}, default=302),
]

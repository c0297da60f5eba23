"""The role × view matrix: what each persona gets from every URL pattern, on GET and on POST.

Every URL pattern of the URLconf has a row (tests/matrix_rows/), is a public page on `PUBLIC`
(with the reason it needs no login), or belongs to the Django admin, whose patterns are all
covered by one rule (`ADMIN_NAMESPACE`, tests/test_role_matrix.py's admin tests). `uncovered()`
names every pattern that is none of these, so a new URL without a row fails the suite.

A row names the URL pattern and the status each persona gets on GET and on a POST with an
empty body (forms give their form back, 200; actions redirect, 302). What matters: a persona
who may not see gets 404 (may not know the family exists) or 403 (the wrong role, or may read
but not change); a page that only shows answers 405 to POST and an action 405 to GET, for
everyone. The world (tests/matrix_world.py) has one of everything, with family A's ids.

A status that is wrong today is not written into the row: the row says what is right, and
`KNOWN_DEFECTS` (tests/matrix_rows/defects.py) says what the page answers instead and why.
The row's test then fails on any other answer and is marked xfail while the defect stays, so
a fix shows up as a failure asking for the entry to be removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver

from tests.urlwalk import routes

PERSONAS = [
    "coordinator",  # family A's coordinator (unit A)
    "colleague",  # another coordinator of unit A: reads family A, changes nothing
    "coordinator_b",  # a coordinator in municipality B: family A does not exist for them
    "team_lead",  # team lead of unit A: reads and changes
    "partner",  # staff of Lunde skole, which has a consent about family A's mother
    "clinic_partner",  # staff of Helsestasjonen: no consent, so no family
    "family_member",  # family A's mother, logged in to the family's own pages
    "other_family_member",  # a member of family B: their own pages, nothing of family A
    "researcher",
    "administrator",
    "privacy_officer",
]
METHODS = ("get", "post")
CASE_STAFF = ("coordinator", "colleague", "coordinator_b", "team_lead")


def statuses(default: int, **by_persona: int) -> dict[str, int]:
    """Every persona's status: `default` unless named."""
    unknown = set(by_persona) - set(PERSONAS)
    assert not unknown, f"not personas: {sorted(unknown)}"
    return {p: by_persona.get(p, default) for p in PERSONAS}


#: An action on GET, or a page that only shows on POST: refused for everyone.
METHOD_REFUSED = statuses(405)


def case_staff(ok: int = 200) -> dict[str, int]:
    """A list or search for case workers: every coordinator and team lead (their own scope)."""
    return statuses(403, **dict.fromkeys(CASE_STAFF, ok))


def family_read(ok: int = 200) -> dict[str, int]:
    """A staff page of family A that shows: its unit's coordinators and team lead read it."""
    return statuses(404, coordinator=ok, colleague=ok, team_lead=ok)


def family_write(ok: int = 200) -> dict[str, int]:
    """A staff page of family A that changes it: its coordinator and team lead; a colleague
    of the unit reads the family but is refused (403)."""
    return statuses(404, coordinator=ok, team_lead=ok, colleague=403)


def partner_page(ok: int = 200) -> dict[str, int]:
    """The partner's page of family A: shared by consent with Lunde skole only."""
    return statuses(403, partner=ok, clinic_partner=404)


def portal_page(ok: int = 200, *, other_family: int | None = None) -> dict[str, int]:
    """The family's own pages: family members only, each their own family's."""
    return statuses(
        403, family_member=ok, other_family_member=ok if other_family is None else other_family
    )


@dataclass(frozen=True)
class Row:
    url: str  # the URL pattern's name, with its namespace
    get: Mapping[str, int]
    post: Mapping[str, int]
    why: str = ""

    def expected(self, method: str) -> Mapping[str, int]:
        return self.get if method == "get" else self.post


def shows(url: str, get: Mapping[str, int], why: str = "") -> Row:
    """A page that only shows: POST answers 405."""
    return Row(url, get, METHOD_REFUSED, why)


def form(url: str, both: Mapping[str, int], why: str = "") -> Row:
    """A form: GET shows it, an empty POST gives it back with errors (200)."""
    return Row(url, both, both, why)


def action(url: str, post: Mapping[str, int], why: str = "") -> Row:
    """An action (a button): GET answers 405."""
    return Row(url, METHOD_REFUSED, post, why)


@dataclass(frozen=True)
class Defect:
    """What a page answers today instead of its row, for the personas named."""

    answers: Mapping[str, int]
    reason: str


#: Public pages: no row, because they answer before login (tests/test_url_walk.py keeps the
#: same list, and a test checks that the two agree).
PUBLIC = {
    "accounts:login": "the login page itself",
    "accounts:family_login": "the family's entrance",
    "accounts:password_reset": "asking for a reset link",
    "accounts:password_reset_done": "says the link is sent",
    "accounts:password_reset_confirm": "the emailed link; Django checks the token",
    "accounts:password_reset_complete": "says the password is set",
    "accounts:oidc_start": "ID-porten login (404 while it is not configured)",
    "accounts:oidc_callback": "ID-porten's answer; state, nonce and signature are checked",
    "core:set_language": "the language switch on the login page (POST only)",
    "core:health": "the load balancer's check; reveals nothing",
    "meetings:feed": "a calendar program's subscription; the secret token in the address is the "
    "key (404 for any other), and it holds only times and links",
    "portal:economy_feed": "a family member's payment-day subscription; the secret token in the "
    "address is the key (404 for any other), and it holds only dates and words",
    "admin:login": "the admin's own login page",
    "admin:logout": "the admin's logout",
    "admin:jsi18n": "the admin's translation catalogue (static text)",
}
#: Every other admin pattern is covered by the admin rows (tests/test_role_matrix.py).
ADMIN_NAMESPACE = "admin:"


def url_names(resolver: URLResolver | None = None) -> list[str]:
    return [route.name for route in routes(resolver or get_resolver())]


def uncovered(rows: list[Row]) -> list[str]:
    """URL patterns with no row, not public and not in the admin: each needs a row."""
    named = {row.url for row in rows}
    return sorted(
        name
        for name in set(url_names())
        if name not in named and name not in PUBLIC and not name.startswith(ADMIN_NAMESPACE)
    )


def unknown(rows: list[Row]) -> list[str]:
    """Rows (and public entries) that name no URL pattern: a renamed or removed page."""
    names = set(url_names())
    return sorted(({row.url for row in rows} | set(PUBLIC)) - names)

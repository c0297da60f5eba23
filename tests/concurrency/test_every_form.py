"""Every form that changes something states what it was made from: a form that makes a record
carries a `submit_token` (sent twice, it makes one record), a form that edits a row carries its
`version` (or a meeting's `sequence`). The walk opens every page of the URLconf as the people
who write (tests/fuzz_world.py has one of everything) and reads each form on it; a new form
without either fails here until it has one, or its reason is written below."""

from __future__ import annotations

import re

from django.test import Client

from tests import fuzzing
from tests.fuzz_world import build
from tests.partners.conftest import shared  # noqa: F401

WRITERS = ("coordinator", "team_lead", "partner", "family_member")
STATES = ("submit_token", "version", "sequence")
#: Forms that need neither, and why (by a pattern their action contains).
NEEDS_NEITHER = {
    "/language/": "a preference of the browser and the person, set again as often as pressed",
    "/accounts/settings/": "the person's own settings: only they change them",
    "/accounts/password/reset/": "sends a link; a second press sends another, nothing is stored",
    "/minutes/release/": "a button: the meeting's state refuses a second release",
    "/retry/": "a button: an email already queued again is refused",
    "/withdraw/": "the consent's state refuses a second withdrawal",
    r"^/mapping/[\w-]+/[\w-]+/$": "a button: completing a mapping checks its state",
    "/answer/": "a proposal takes one answer (a conditional update); the same again is saved once",
    "/measure/": "the decision's state refuses a second measure (it is linked once)",
    "/calendar/feed/new/": "the person's own feed address: a second press makes another that "
    "replaces the first, and the page shows the one that works",
    "/calendar/feed/revoke/": "a button: a revoked subscription is not revoked again",
    r"^/notifications/([\w-]+/|families/[\w-]+/)?(read|open)/(\?page=\d+)?$": "a button: "
    "marking a notification read twice leaves it read (opening one also goes to its page)",
    "/notifications/email/": "the person's own choice of emails: only they change it",
    r"^/drafts/[\w.]+/[\w-]+/discard/$": "a button: the person's own draft thrown away; "
    "pressed twice, there is none",
    r"^/economy/[\w-]+/(income|expense|debt)/[\w-]+/remove/$": "a button: a row entered in "
    "error removed (the history keeps it); pressed twice, there is no row to remove",
    r"^/economy/[\w-]+/scenarios/[\w-]+/changes/[\w-]+/remove/$": "a button: a change taken "
    "out of a scenario; pressed twice, there is none",
    "/family/economy/calendar/": "the person's own payment-day calendar: a second press makes "
    "another address that replaces the first, and the page shows the one that works",
    r"^/day/seen/(undo/)?$": "a start-page line marked seen, or the mark taken back: one mark "
    "per person and thing, pressed twice it stays one (or none)",
}


def _exempt(action: str) -> bool:
    return any(re.search(pattern, action) for pattern in NEEDS_NEITHER)


def test_every_form_that_changes_something_states_its_version_or_token(shared):  # noqa: F811
    world = build(shared)
    routes, _unfilled = fuzzing.routes(world.ids, world.overrides)
    missing, seen = set(), set()
    with fuzzing.quiet_request_log():
        for persona in WRITERS:
            client = Client()
            client.force_login(world.users[persona])
            for route in routes:
                if route.path.startswith("/admin/"):
                    continue
                outcome = fuzzing.send(client, "get", route.path)
                if outcome.status != 200:
                    continue
                for form in fuzzing.forms_on(route.path, outcome.body):
                    if form.method != "post" or form.action in fuzzing.SKIP_ACTIONS:
                        continue
                    seen.add(form.action)
                    states = {name.rsplit("-", 1)[-1] for name in form.kinds} & set(STATES)
                    if not states and not _exempt(form.action):
                        missing.add(f"{form.action} (on {route.name})")
    assert len(seen) > 30
    assert sorted(missing) == []

"""No server error on any input: every page of the URLconf, as every persona that reaches it,
with hostile query parameters, and every form those pages show, posted with empty, NUL,
overlong, wrong-type and out-of-range values. A bad value in a field gets a message (on the
form, as a message on the page it returns to, or a 400 page), never a 500.

The world has one of everything a URL names (tests/fuzz_world.py); the walk is in
tests/fuzzing.py. One walk finds the pages (each as every persona), then both kinds of
request are sent; every problem is collected before the test fails, so one run lists all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.test import Client

from tests import fuzzing
from tests.fuzz_world import build
from tests.partners.conftest import shared  # noqa: F401

ANONYMOUS = "anonymous"
#: Admin pages of one object (Django's own views); their lists and add forms are walked.
UNFILLED_ALLOWED = ("admin:",)
#: The other personas that reach a page get these values (the first gets them all).
AGAIN = [fuzzing.NUL, "2026-11-01"]
#: Addresses no page has a form for, only a script (drafts.js, idle.js): sent hostile bodies.
SCRIPT_ROUTES = ("core:draft_save", "core:keep_alive")
SCRIPT_BODIES = [
    "{not json",
    "[1, 2]",
    '"text"',
    json.dumps({"fields": []}),
    json.dumps({"fields": {"text": {"nested": 1}}}),
    json.dumps({"fields": {"text": [["x"]]}}),
    json.dumps({"fields": {"text": fuzzing.NUL, "day": "2026-13-45"}, "token": 5}),
    json.dumps({"fields": {"text": "x", "members": ["a"] * 500}, "token": "99999999999999999999"}),
    json.dumps({"fields": {"text": fuzzing.LONG * 30}}),  # more than a draft holds
    json.dumps({"fields": {"text": "ok", "password": "x"}, "token": None}),
]


@dataclass
class Page:
    route: fuzzing.Route
    persona: str
    html: str
    #: query parameters the page reads, links to or has a search form for
    parameters: set[str]


def _pages(clients, routes, problems) -> list[Page]:
    """Every page a persona gets with a 200, and the query parameters it reads."""
    pages = []
    for route in routes:
        for persona, client in clients.items():
            with fuzzing.reading_parameters() as read:
                outcome = fuzzing.send(client, "get", route.path)
            if outcome.status >= 500:
                problems.append(f"GET {route.name} as {persona}: {outcome.error}")
            if outcome.status != 200:
                continue
            own = read | fuzzing.links_parameters(route.path, outcome.body)
            for form in fuzzing.forms_on(route.path, outcome.body):
                if form.method == "get" and form.action == route.path:
                    own |= set(form.kinds)
            pages.append(Page(route, persona, outcome.body, own - {"csrfmiddlewaretoken"}))
    return pages


def _query_problems(clients, pages) -> tuple[list[str], int]:
    problems, done = [], set()
    for page in pages:
        client, where = clients[page.persona], f"GET {page.route.name} as {page.persona}"
        names = sorted(set(fuzzing.GENERIC) | page.parameters)
        first = page.route.name not in done
        done.add(page.route.name)
        for value in fuzzing.HOSTILE if first else AGAIN:
            outcome = fuzzing.send(client, "get", page.route.path, dict.fromkeys(names, value))
            if outcome.status >= 500:
                problems.append(f"{where} all={value[:20]!r}: {outcome.error}")
            elif fuzzing.NUL in value and outcome.status != 400:
                problems.append(f"{where} all={value[:20]!r}: answered {outcome.status}")
        if not first:
            continue
        arrays = {n: ["a", "2026-11-01"] for n in names}
        outcome = fuzzing.send(client, "get", page.route.path, arrays)
        if outcome.status >= 500:
            problems.append(f"{where} arrays: {outcome.error}")
        if page.route.path.startswith("/admin/"):
            continue  # Django's lists: their own parameters, checked all at once above
        for name in sorted(page.parameters):  # each one it reads, on its own
            for value in fuzzing.ONE_PARAMETER:
                outcome = fuzzing.send(client, "get", page.route.path, {name: value})
                if outcome.status >= 500:
                    problems.append(f"{where} {name}={value[:20]!r}: {outcome.error}")
    return problems, len(done)


def _post_forms(pages):
    """Every form with method post, once per (action, fields): the first persona that sees
    it posts it."""
    seen = set()
    for page in pages:
        for form in fuzzing.forms_on(page.route.path, page.html):
            key = (form.action, tuple(sorted(form.kinds)))
            if form.method != "post" or form.action in fuzzing.SKIP_ACTIONS or key in seen:
                continue
            seen.add(key)
            yield page, form


def _form_problems(clients, pages) -> tuple[list[str], int]:
    problems, forms = [], 0
    for page, form in _post_forms(pages):
        forms += 1
        client = clients[page.persona]
        baseline = form.baseline()
        fields = [n for n in form.kinds if n != "csrfmiddlewaretoken"]
        where = f"POST {form.action} ({page.route.name}) as {page.persona}"
        for value in fuzzing.ALL_AT_ONCE:
            data = {**baseline, **dict.fromkeys(fields, value)}
            outcome = fuzzing.send(client, "post", form.action, data)
            if outcome.status >= 500:
                problems.append(f"{where} all={value[:20]!r}: {outcome.error}")
        outcome = fuzzing.send(client, "post", form.action, {n: ["a", "b"] for n in fields})
        if outcome.status >= 500:
            problems.append(f"{where} arrays: {outcome.error}")
        ask_message = not form.action.startswith(fuzzing.NO_MESSAGE_ASKED)
        for name in fields:
            for value in fuzzing.bad_values(form, name):
                outcome = fuzzing.send(
                    client, "post", form.action, {**baseline, name: value}, follow_once=True
                )
                if outcome.status >= 500:
                    problems.append(f"{where} {name}={value[:20]!r}: {outcome.error}")
                elif ask_message and outcome.status < 400 and not outcome.shows_error:
                    problems.append(f"{where} {name}={value[:20]!r}: no message")
    return problems, forms


def _script_problems(clients, routes) -> list[str]:
    """Every persona posts each hostile body, as JSON, to the addresses only a script uses."""
    problems = []
    for route in routes:
        if route.name not in SCRIPT_ROUTES:
            continue
        for persona, client in clients.items():
            for body in SCRIPT_BODIES:
                try:
                    with transaction.atomic():
                        status = client.post(
                            route.path, body, content_type="application/json"
                        ).status_code
                        transaction.set_rollback(True)
                except Exception as error:  # the test client re-raises what the view raised
                    status, body = 500, f"{body[:40]}: {type(error).__name__}: {error}"[:300]
                if status >= 500:
                    problems.append(f"POST {route.name} as {persona}: {status} {body[:60]}")
    return problems


def test_no_page_and_no_form_gives_a_server_error_whatever_is_sent(shared):  # noqa: F811
    world = build(shared)
    clients = {ANONYMOUS: Client()}
    for persona, user in world.users.items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    routes, unfilled = fuzzing.routes(world.ids, world.overrides)
    assert [n for n in unfilled if not n.startswith(UNFILLED_ALLOWED)] == []
    plain = []
    with fuzzing.quiet_request_log():
        pages = _pages(clients, routes, plain)
        queries, reached = _query_problems(clients, pages)
        posts, forms = _form_problems(clients, pages)
        scripts = _script_problems(clients, routes)
    assert reached > 80 and forms > 40  # the walk found the pages and their forms
    problems = plain + queries + posts + scripts
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)

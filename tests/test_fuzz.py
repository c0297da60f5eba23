"""No server error on any input: every page of the URLconf, as every persona that reaches it,
with hostile query parameters, and every form those pages show, posted with empty, NUL,
overlong, wrong-type and out-of-range values. A bad value in a field gets a message (on the
form, as a message on the page it returns to, or a 400 page), never a 500.

The world has one of everything a URL names (tests/fuzz_world.py); the walk is in
tests/fuzzing.py. Each test collects every problem it finds before it fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from tests import fuzzing
from tests.fuzz_world import build
from tests.partners.conftest import shared  # noqa: F401

ANONYMOUS = "anonymous"
#: Admin pages of one object (Django's own views); their lists and add forms are walked.
UNFILLED_ALLOWED = ("admin:",)
#: The other personas that reach a page get these values (the first gets them all).
AGAIN = [fuzzing.NUL, "2026-11-01"]


@dataclass
class Page:
    route: fuzzing.Route
    persona: str
    html: str
    #: query parameters the page reads, links to or has a search form for
    parameters: set[str]


def _pages(clients, routes) -> tuple[list[Page], list[str]]:
    """Every page a persona gets with a 200 and the query parameters it reads; the pages
    that fail without any parameter."""
    pages, problems = [], []
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
    return pages, problems


@pytest.fixture(autouse=True)
def quiet():
    with fuzzing.quiet_request_log():
        yield


@pytest.fixture
def walk(shared):  # noqa: F811
    world = build(shared)
    clients = {ANONYMOUS: Client()}
    for persona, user in world.users.items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    routes, unfilled = fuzzing.routes(world.ids, world.overrides)
    assert [n for n in unfilled if not n.startswith(UNFILLED_ALLOWED)] == []
    return clients, *_pages(clients, routes)


def test_hostile_query_parameters_never_give_a_server_error(walk):
    clients, pages, problems = walk
    done: set[str] = set()
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
        arrays = {n: ["a", "2026-11-01"] for n in names}
        outcome = fuzzing.send(client, "get", page.route.path, arrays) if first else None
        if outcome and outcome.status >= 500:
            problems.append(f"{where} arrays: {outcome.error}")
        for name in sorted(page.parameters) if first else ():  # each one it reads, alone
            for value in fuzzing.ONE_PARAMETER:
                outcome = fuzzing.send(client, "get", page.route.path, {name: value})
                if outcome.status >= 500:
                    problems.append(f"{where} {name}={value[:20]!r}: {outcome.error}")
    print("SENT", fuzzing.SENT, len(pages), len(done))
    assert len(done) > 80  # the walk reached the pages
    assert problems == [], "\n".join(problems)


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


def test_hostile_form_posts_never_give_a_server_error_and_bad_fields_get_a_message(walk):
    clients, pages, _plain_problems = walk  # reported by the test above
    problems = []
    forms = 0
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
        for name in fields:
            for value in fuzzing.bad_values(form.kinds[name]):
                outcome = fuzzing.send(
                    client, "post", form.action, {**baseline, name: value}, follow_once=True
                )
                if outcome.status >= 500:
                    problems.append(f"{where} {name}={value[:20]!r}: {outcome.error}")
                elif outcome.status < 400 and not outcome.shows_error:
                    problems.append(f"{where} {name}={value[:20]!r}: no message")
    assert forms > 40  # the walk found the forms
    assert problems == [], "\n".join(problems)

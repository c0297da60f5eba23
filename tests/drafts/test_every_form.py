"""Every form page, staff's and the family's, gives back what was typed when the session had
ended: the walk opens each page with a form (tests/fuzz_world.py has one of everything), types
into its first text field, lets the session expire, sends the form, logs in again and finds
the text in the form it lands on. The same for the small forms inside a page that post to an
action of their own (a measure's status control, a comment under a measure, a decision on the
meeting page): the login leads back to the page, with the text in that form."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from tests import fuzzing
from tests.drafts.test_kept_forms import _log_in
from tests.fuzz_world import build
from tests.partners.conftest import shared  # noqa: F401

WRITERS = ("coordinator", "family_member", "partner")
TEXT_KINDS = ("textarea", "text")
#: Pages whose form is not the page's own (a search, the header's language switch).
NOT_FORMS = ("/accounts/", "/language/")


def _text_field(form) -> str | None:
    for name, kind in form.kinds.items():
        if kind in TEXT_KINDS and not name.endswith(("national_id", "org_number", "phone")):
            return name
    return None


#: Inline forms whose page does not give the text back yet, and why.
NOT_KEPT = {
    "/answer/": "the coordinator's answer to a proposal (portal/staff_views.py on the family "
    "page): a short answer, typed again",
}


def _inline(action: str) -> str:
    """What an inline form does, without the ids in its address (one of each per page)."""
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<id>", action)


def _forms(world, *, inline=False):
    routes, _unfilled = fuzzing.routes(world.ids, world.overrides)
    seen = set()
    for persona in WRITERS:
        client = Client()
        client.force_login(world.users[persona])
        for route in routes:
            if route.path.startswith(("/admin/", *NOT_FORMS)):
                continue
            outcome = fuzzing.send(client, "get", route.path)
            if outcome.status != 200:
                continue
            for form in fuzzing.forms_on(route.path, outcome.body):
                name = _text_field(form)
                if form.method != "post" or not name:
                    continue
                if inline and form.action != route.path:
                    key = (route.name, _inline(form.action))
                    if form.action.startswith(NOT_FORMS) or any(p in form.action for p in NOT_KEPT):
                        continue
                elif not inline and form.action == route.path:
                    key = route.name
                else:
                    continue
                if key not in seen:
                    seen.add(key)
                    yield persona, route, form, name


def test_every_form_page_gives_back_what_was_typed_after_the_login(shared):  # noqa: F811
    world = build(shared)
    lost = []
    with fuzzing.quiet_request_log():
        pages = list(_forms(world))
        for n, (persona, route, form, name) in enumerate(pages):
            user = world.users[persona]
            browser = Client()
            browser.force_login(user)
            browser.get(route.path)  # the page marks the browser as this person's
            marker = f"Skrevet før utlogging {n}"
            data = {**form.baseline(), name: marker}
            with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
                login_page = browser.post(route.path, data, follow=True)
                back = _log_in(browser, user.username, page=login_page)
                if marker not in back.content.decode():
                    lost.append(f"{route.name} ({persona}, field {name})")
    assert len(pages) > 25
    assert lost == []


def test_every_inline_form_gives_back_what_was_typed_on_its_page(shared):  # noqa: F811
    world = build(shared)
    lost = []
    with fuzzing.quiet_request_log():
        forms = list(_forms(world, inline=True))
        for n, (persona, route, form, name) in enumerate(forms):
            user = world.users[persona]
            browser = Client()
            browser.force_login(user)
            browser.get(route.path)
            marker = f"Skrevet i siden før utlogging {n}"
            data = {**form.baseline(), name: marker}
            with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
                login_page = browser.post(
                    form.action, data, follow=True, HTTP_REFERER=f"http://testserver{route.path}"
                )
                back = _log_in(browser, user.username, page=login_page)
                landed = back.redirect_chain[-1][0] if back.redirect_chain else ""
                if landed != route.path or marker not in back.content.decode():
                    lost.append(f"{_inline(form.action)} on {route.name} ({persona}, {name})")
    assert len(forms) >= 4  # the plan's status control, the partner's two, a decision
    assert lost == []

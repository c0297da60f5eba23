"""Every form page, staff's and the family's, gives back what was typed when the session had
ended: the walk opens each page with a form (tests/fuzz_world.py has one of everything), types
into its first text field, lets the session expire, sends the form, logs in again and finds
the text in the form it lands on."""

from __future__ import annotations

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


def _forms(world):
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
                own = form.method == "post" and form.action == route.path
                if own and name and route.name not in seen:
                    seen.add(route.name)
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

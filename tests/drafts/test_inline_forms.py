"""A small form inside a page, one of many (a measure's status control on the plan page, a
comment under a measure on the partner's page), sent after the session ended: after the login
the text is back in that measure's form only, with the version it was made from; nothing is
saved by itself. Through the real login, with CSRF checks on."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from familieplan.plans.models import Measure, MeasureComment
from tests.drafts.test_kept_forms import _csrf, _log_in
from tests.factories import make_consent
from tests.partners.conftest import shared  # noqa: F401

IDLE = timedelta(minutes=31)
KEPT = "Teksten du skrev er tatt vare på"


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def _block(body: str, measure) -> str:
    start = body.index(f'id="measure-{measure.pk}"')
    ends = [body.find(mark, start + 1) for mark in ('id="measure-', "</article>", "</section>")]
    return body[start : min(end for end in ends if end != -1)]


def test_a_status_reason_comes_back_at_its_own_measure(browser, shared):  # noqa: F811
    user = shared.world.coordinator
    _log_in(browser, user.username)
    page = f"/plans/{shared.family.pk}/"
    measure = shared.child_measure
    html = browser.get(page).content.decode()
    reason = "Avsluttet etter samtale med skolen og foreldrene."
    data = {
        "csrfmiddlewaretoken": _csrf(html),
        "measure_id": str(measure.pk),
        "version": str(measure.version),
        "to": "cancelled",
        "reason": reason,
    }
    with time_machine.travel(timezone.now() + IDLE, tick=False):
        login_page = browser.post(
            f"{page}measures/{measure.pk}/move/",
            data,
            follow=True,
            HTTP_REFERER=f"http://testserver{page}",
        )
        back = _log_in(browser, user.username, page=login_page)
    assert back.redirect_chain[-1][0] == page
    body = back.content.decode()
    assert KEPT in body and body.count(reason) == 1
    block = _block(body, measure)
    assert f'value="{reason}"' in block
    assert re.search(r'<option value="cancelled" selected>', block)
    assert f'name="version" value="{measure.version}"' in block
    for other in (shared.family_measure, shared.youth_measure):
        assert reason not in _block(body, other)
    assert Measure.objects.get(pk=measure.pk).status == "planned"  # nothing saved by itself


def test_a_partners_comment_comes_back_under_its_measure(browser, shared):  # noqa: F811
    for member in (shared.mother, shared.child):
        make_consent(
            family=shared.family,
            partner=shared.school,
            subject=member,
            recorded_by=shared.world.coordinator,
        )
    user = shared.world.partner
    _log_in(browser, user.username)
    page = f"/partner/{shared.family.pk}/"
    measure = shared.child_measure
    html = browser.get(page).content.decode()
    text = "Ella har lest tre bøker siden sist, og vil gjerne fortsette."
    data = {"csrfmiddlewaretoken": _csrf(html), "measure_id": str(measure.pk), "text": text}
    with time_machine.travel(timezone.now() + IDLE, tick=False):
        login_page = browser.post(
            f"{page}measures/{measure.pk}/comment/",
            data,
            follow=True,
            HTTP_REFERER=f"http://testserver{page}",
        )
        back = _log_in(browser, user.username, page=login_page)
    assert back.redirect_chain[-1][0] == page
    body = back.content.decode()
    assert KEPT in body and body.count(text) == 1
    assert text in _block(body, measure) and text not in _block(body, shared.family_measure)
    assert not MeasureComment.objects.exists()

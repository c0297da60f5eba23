"""Answers to a questionnaire from a form made before someone else saved (a second tab, or the
coordinator and the family filling in the same response) never overwrite the newer answers
unseen: the form keeps what was typed, says what happened and shows what is stored now, and a
second press saves. Drafts saved again and again from the current form keep working, the same
form pressed twice saves once, and a new mapping started twice is one mapping."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from familieplan.mapping import services
from familieplan.mapping.models import Assessment, Response
from tests.concurrency.helpers import form_from, page_form
from tests.partners.conftest import shared  # noqa: F401
from tests.portal.conftest import portal  # noqa: F401

TWICE = "Skjemaet ble sendt mer enn én gang"
STALE = "Noen andre har lagret en endring mens du skrev"


def _answers(value: int) -> dict:
    return {f"item_q{i}": str(value) for i in range(1, 6)}


@pytest.fixture
def intake(portal):  # noqa: F811
    services.refresh_schedule(portal.shared.family)
    return services.assessment_start(
        family=portal.shared.family,
        by=portal.shared.world.coordinator,
        occasion="intake",
        held_on=timezone.localdate() - timedelta(days=90),
    )


@pytest.fixture
def two_tabs(portal):  # noqa: F811
    first, second = Client(), Client()
    for client in (first, second):
        client.force_login(portal.shared.world.coordinator)
    return first, second


def _fill(portal, intake) -> str:  # noqa: F811
    return f"/mapping/{portal.shared.family.pk}/{intake.pk}/who5/{portal.shared.mother.pk}/"


def test_answers_from_a_second_tab_do_not_overwrite_the_first(two_tabs, portal, intake):  # noqa: F811
    url = _fill(portal, intake)
    first, second = two_tabs
    mine = page_form(first, url, final="0", **_answers(4))
    theirs = page_form(second, url, final="0", **_answers(1))
    assert mine["version"] == ["0"]  # nothing answered yet
    assert first.post(url, mine).status_code == 302

    response = second.post(url, theirs)
    body = response.content.decode()
    assert response.status_code == 200 and STALE in body
    assert "Slik er det lagret nå" in body
    assert "Most of the time" in body  # the first tab's answer (4), as the scale words it
    assert re.search(r'name="item_q1" value="1"[^>]*checked', body)  # the second tab's typing
    assert Response.objects.get().answers == {f"q{i}": 4 for i in range(1, 6)}

    again = second.post(url, form_from(body, url, theirs))
    assert again.status_code == 302
    saved = Response.objects.get()
    assert saved.answers == {f"q{i}": 1 for i in range(1, 6)} and saved.version == 2


def test_the_family_and_the_coordinator_on_the_same_response(client, portal, intake):  # noqa: F811
    coordinator = Client()
    coordinator.force_login(portal.shared.world.coordinator)
    client.force_login(portal.mother_user)
    family_url = f"/family/mapping/{intake.pk}/who5/"
    staff_url = _fill(portal, intake)
    hers = page_form(client, family_url, final="1", **_answers(5))
    theirs = page_form(coordinator, staff_url, answered_by="with_coordinator", **_answers(2))
    theirs["final"] = "1"
    assert client.post(family_url, hers).status_code == 302

    body = coordinator.post(staff_url, theirs).content.decode()
    assert STALE in body and "Personen selv" in body  # who filled it in, as stored now
    saved = Response.objects.get()
    assert (saved.answered_by, saved.answers["q1"]) == ("self", 5)


def test_a_draft_saved_again_and_again_from_the_current_form(client, portal, intake):  # noqa: F811
    client.force_login(portal.shared.world.coordinator)
    url = _fill(portal, intake)
    for value in (1, 2, 3):
        response = client.post(url, page_form(client, url, final="0", **_answers(value)))
        assert response.status_code == 302, response.content.decode()[:2000]
    done = client.post(url, page_form(client, url, final="1", **_answers(4)))
    assert done.status_code == 302
    saved = Response.objects.get()
    assert (saved.status, saved.answers["q1"], saved.version) == ("final", 4, 4)


def test_the_same_answers_pressed_twice_are_saved_once_without_alarm(client, portal, intake):  # noqa: F811
    client.force_login(portal.shared.world.coordinator)
    url = _fill(portal, intake)
    data = page_form(client, url, final="0", **_answers(3))
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert STALE not in again.content.decode()
    assert Response.objects.get().version == 1


def test_a_mapping_started_twice_is_one_mapping(client, portal):  # noqa: F811
    services.refresh_schedule(portal.shared.family)
    client.force_login(portal.shared.world.coordinator)
    url = f"/mapping/{portal.shared.family.pk}/"
    data = page_form(
        client,
        url,
        occasion="extra:0",  # extra mappings may be many: only the token keeps this one
        held_on=timezone.localdate().isoformat(),
    )
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assessment = Assessment.objects.get()
    assert first["Location"].endswith(f"/{assessment.pk}/")
    assert TWICE in second.content.decode()
    assert second.redirect_chain[-1][0].endswith(f"/{assessment.pk}/")

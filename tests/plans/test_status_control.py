"""The measure status control offers only the moves `plans/rules.py` allows from the current
status (the default is "no change"), and a refused move comes back beside the control — with an
error summary there that links to the field, the page anchored at the measure, and the choice
and the reason kept. The same for the partner's control and the family's "mark done"."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from familieplan.plans import rules
from familieplan.plans import services as plan_services
from familieplan.plans.models import Measure


def _options(body: str, select_id: str) -> list[tuple[str, bool]]:
    """(value, selected) of the options of the select `select_id`."""
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', body, re.S)
    assert select, select_id
    options = []
    for attrs in re.findall(r"<option([^>]*)>", select.group(0)):
        value = re.search(r'value="([^"]*)"', attrs)
        options.append((value.group(1) if value else "", "selected" in attrs))
    return options


def _block(body: str, measure) -> str:
    """The HTML of one measure on a page, up to the next measure or the end of its card."""
    start = body.index(f'id="measure-{measure.pk}"')
    ends = [body.find(mark, start + 1) for mark in ('id="measure-', "</article>", "</section>")]
    return body[start : min(end for end in ends if end != -1)]


@pytest.fixture
def staff(client, shared):
    client.force_login(shared.world.coordinator)
    return client


def _move(client, shared, measure, **data):
    return client.post(
        f"/plans/{shared.family.pk}/measures/{measure.pk}/move/",
        {"version": measure.version, **data},
    )


@pytest.mark.parametrize("status", sorted(set(rules.MEASURE_TRANSITIONS) - rules.FINAL))
def test_only_allowed_moves_are_offered_and_no_change_is_the_default(staff, shared, status):
    Measure.objects.filter(pk=shared.family_measure.pk).update(status=status)
    body = staff.get(f"/plans/{shared.family.pk}/").content.decode()
    options = _options(body, f"to-{shared.family_measure.pk}")
    assert options[0][0] == ""  # "no change" first …
    assert not any(selected for value, selected in options[1:])  # … and nothing else chosen
    assert {value for value, _sel in options[1:]} == rules.MEASURE_TRANSITIONS[status]


def test_a_forbidden_move_is_shown_beside_the_control_with_the_choice_kept(staff, shared):
    measure = shared.family_measure  # planned: "suggested" is not a move from here
    response = _move(staff, shared, measure, to="suggested", reason="Tilbake til forslag")
    assert response.status_code == 200
    body = response.content.decode()
    block = _block(body, measure)
    assert 'class="ds-error-summary"' in block  # the summary is at the measure, not the top
    assert f'href="#to-{measure.pk}"' in block
    assert f'id="to-{measure.pk}_error"' in block and 'aria-invalid="true"' in block
    assert 'value="Tilbake til forslag"' in block  # what was typed is kept
    assert Measure.objects.get(pk=measure.pk).status == "planned"
    assert (
        f'action="/plans/{shared.family.pk}/measures/{measure.pk}/move/#measure-{measure.pk}"'
        in block
    )


def test_closing_without_a_reason_keeps_the_choice_and_says_so_at_the_reason(staff, shared):
    measure = shared.family_measure
    body = _move(staff, shared, measure, to="done", reason="").content.decode()
    block = _block(body, measure)
    assert ("done", True) in _options(block, f"to-{measure.pk}")
    assert f'id="reason-{measure.pk}_error"' in block
    assert "Skriv en kort begrunnelse for å avslutte." in block
    assert Measure.objects.get(pk=measure.pk).status == "planned"


def test_no_change_chosen_asks_for_a_status(staff, shared):
    measure = shared.family_measure
    body = _move(staff, shared, measure, to="").content.decode()
    assert "Velg hvilken status tiltaket skal få." in _block(body, measure)


def test_a_stale_form_shows_the_new_status_and_its_moves_at_the_measure(staff, shared):
    measure = shared.family_measure
    assert _move(staff, shared, measure, to="in_progress").status_code == 302
    body = _move(staff, shared, measure, to="planned").content.decode()  # version 1 again
    block = _block(body, measure)
    assert "Noen andre har lagret en endring" in block and "Status nå: Pågår." in block
    assert body.count("Status nå: Pågår.") == 1
    values = {v for v, _s in _options(block, f"to-{measure.pk}")} - {""}
    assert values == rules.MEASURE_TRANSITIONS["in_progress"]


def test_a_good_move_goes_back_to_the_measure(staff, shared):
    measure = shared.family_measure
    response = _move(staff, shared, measure, to="in_progress")
    assert response.status_code == 302 and response["Location"] == f"/plans/{shared.family.pk}/"
    assert Measure.objects.get(pk=measure.pk).status == "in_progress"


# The partner's control ---------------------------------------------------------------------


@pytest.fixture
def school(client, shared):
    from tests.factories import make_consent

    make_consent(
        family=shared.family,
        partner=shared.school,
        subject=shared.mother,
        recorded_by=shared.world.coordinator,
    )
    client.force_login(shared.world.partner)
    return client


@pytest.mark.parametrize(
    ("status", "offered"),
    [("planned", {"in_progress", "done"}), ("in_progress", {"done"}), ("suggested", set())],
)
def test_the_partner_is_offered_only_its_allowed_moves(school, shared, status, offered):
    Measure.objects.filter(pk=shared.family_measure.pk).update(status=status)
    body = school.get(f"/partner/{shared.family.pk}/").content.decode()
    if offered:
        options = _options(body, f"to-{shared.family_measure.pk}")
        assert options[0][0] == "" and {v for v, _s in options[1:]} == offered
    else:
        assert f'id="to-{shared.family_measure.pk}"' not in body


def test_the_partners_refused_move_is_beside_its_control_with_the_choice_kept(school, shared):
    measure = shared.family_measure
    response = school.post(
        f"/partner/{shared.family.pk}/measures/{measure.pk}/status/",
        {"to": "done", "reason": "", "version": measure.version},
    )
    assert response.status_code == 200
    body = response.content.decode()
    card = _block(body, measure)
    assert 'class="ds-error-summary"' in card and f'href="#reason-{measure.pk}"' in card
    assert ("done", True) in _options(card, f"to-{measure.pk}")
    assert "Skriv en kort begrunnelse for å avslutte." in card
    assert Measure.objects.get(pk=measure.pk).status == "planned"


# The family's "mark done" ------------------------------------------------------------------


def _own_measure(portal, status="planned"):
    shared = portal.shared
    measure = plan_services.measure_add(
        goal=shared.family_goal,
        by=shared.world.coordinator,
        what="Ringe tannlegen",
        responsible_kind="member",
        responsible_member=shared.mother,
        due_on=timezone.localdate() + timedelta(days=5),
        status=status,
    )
    return measure


def test_mark_done_is_offered_only_where_done_is_an_allowed_move(client, portal):
    suggested = _own_measure(portal, status="suggested")
    client.force_login(portal.mother_user)
    body = client.get("/family/plan/").content.decode()
    assert f"/family/plan/measures/{suggested.pk}/done/" not in body
    response = client.post(
        f"/family/plan/measures/{suggested.pk}/done/", {"version": suggested.version}
    )
    assert Measure.objects.get(pk=suggested.pk).status == "suggested"
    assert "bare merke dine egne tiltak" not in response.content.decode()


def test_a_refused_mark_done_is_shown_at_the_measure(client, portal):
    own = _own_measure(portal)
    client.force_login(portal.mother_user)
    response = client.post(f"/family/plan/measures/{own.pk}/done/", {"version": own.version - 1})
    assert response.status_code == 200
    body = response.content.decode()
    block = _block(body, own)
    assert "endret mens du så på det" in block and 'class="ds-error-summary"' in block
    assert f'action="/family/plan/measures/{own.pk}/done/#measure-{own.pk}"' in block

"""Handing families over in bulk: all in one step (assignments with the reason, the access log,
a notification to the new coordinator) or none with a clear message — a coordinator outside a
family's unit, a family that changed meanwhile, an empty reason, no family ticked — and a
second press of the same form hands nothing over twice."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from familieplan.core.models import AccessLog
from familieplan.core.roles import Role
from familieplan.families import services
from familieplan.families.models import Enrolment, Family
from familieplan.notifications.models import Notification
from familieplan.plans import services as plan_services
from familieplan.plans.models import FamilyPlan
from tests.factories import make_family, make_member, make_user

REASON = "Omfordeling: Kari har fått for mange familier."


def enrolled(unit, name, coordinator, *, stage="active"):
    """A family as the services leave it: enrolled, its coordinator assigned (history)."""
    family = make_family(unit=unit, name=name)
    make_member(family=family, first_name="Amina")
    Enrolment.objects.create(
        municipality=family.municipality,
        family=family,
        status=stage,
        started_on=date(2025, 3, 1),
    )
    Family.objects.filter(pk=family.pk).update(stage=stage)
    family.refresh_from_db()
    lead = make_user(role=Role.TEAM_LEAD, unit=unit)
    services.family_assign_coordinator(
        family=family,
        coordinator=coordinator,
        kind="primary",
        by=lead,
        on=date(2025, 3, 1),
        note="Første.",
    )
    family.refresh_from_db()
    return family


@pytest.fixture
def caseload(world):
    a = world.unit_a
    return [enrolled(a, f"Familien K{i}", world.coordinator) for i in range(3)]


def page(client, coordinator) -> tuple[str, dict[str, str]]:
    """The hand-over page's token and each family's checkbox value (by family name)."""
    body = client.get(f"/day/team/{coordinator.pk}/").content.decode()
    token = re.search(r'name="submit_token" value="([^"]+)"', body).group(1)
    found = re.findall(r'name="families" value="([^"]+)" id="(id_families_\d+)"', body)
    values = {key: value for value, key in found}
    labels = dict(re.findall(r'<label for="(id_families_\d+)">([^<]+)</label>', body))
    return token, {labels[key]: value for key, value in values.items()}


def post(client, coordinator, **data):
    return client.post(f"/day/team/{coordinator.pk}/", data)


def send(client, coordinator, token, families, to):
    """The hand-over form of `coordinator`'s families sent: `families` ticked, to `to`."""
    return post(
        client, coordinator, submit_token=token, families=families, to=str(to.pk), reason=REASON
    )


def assignments_of(family):
    return list(family.assignments.order_by("created_at"))


def test_the_page_lists_the_coordinators_families_and_logs_them(client, world, caseload):
    ended = enrolled(world.unit_a, "Familien Slutt", world.coordinator)
    Family.objects.filter(pk=ended.pk).update(stage="ended")
    client.force_login(world.team_lead)
    _token, values = page(client, world.coordinator)
    assert sorted(values) == ["Familien Hansen", "Familien K0", "Familien K1", "Familien K2"]
    assert "Familien Slutt" not in values  # an ended family is not handed over
    shown = AccessLog.objects.filter(object_type="workday.team", username="leder")
    assert {e.family_id for e in shown} >= {f.pk for f in caseload}
    body = client.get(f"/day/team/{world.coordinator.pk}/").content.decode()
    assert f'<option value="{world.colleague.pk}">' in body
    assert f'<option value="{world.coordinator.pk}">' not in body  # not to themselves


def test_a_hand_over_moves_every_ticked_family_with_the_reason(client, world, caseload):
    first, second, kept = caseload
    plan_services.plan_create(
        family=first,
        by=world.coordinator,
        period_start=timezone.localdate(),
        period_end=timezone.localdate() + timedelta(days=365),
    )
    client.force_login(world.team_lead)
    token, values = page(client, world.coordinator)
    response = send(
        client,
        world.coordinator,
        token,
        [values["Familien K0"], values["Familien K1"]],
        world.colleague,
    )
    assert response.status_code == 302 and response["Location"] == "/day/team/"
    message = [str(m) for m in response.wsgi_request._messages]
    assert message == ["2 familier er overført til Test Bruker, som har fått et varsel."]
    for family in (first, second):
        family.refresh_from_db()
        assert family.coordinator_id == world.colleague.pk
        old, new = assignments_of(family)
        assert old.coordinator_id == world.coordinator.pk and old.ended_on == timezone.localdate()
        assert new.coordinator_id == world.colleague.pk and new.ended_on is None
        assert new.note == REASON and new.assigned_by_id == world.team_lead.pk
        assert new.submit_token is not None
    kept.refresh_from_db()
    assert kept.coordinator_id == world.coordinator.pk and len(assignments_of(kept)) == 1
    # Each hand-over is a change of the family in the access log …
    changes = AccessLog.objects.filter(
        username="leder", action="change", object_type="families.family"
    )
    assert sorted(str(e.family_id) for e in changes) == sorted(str(f.pk) for f in (first, second))
    # … and the new coordinator is told, once per family, with the family page's address.
    told = Notification.objects.filter(kind=Notification.Kind.HANDOVER)
    assert {(n.recipient_id, n.family_id, n.url) for n in told} == {
        (world.colleague.pk, f.pk, f"/families/{f.pk}/") for f in (first, second)
    }
    # The family keeps its plan; the old coordinator reads as a colleague of the unit.
    assert FamilyPlan.objects.filter(family=first, is_current=True).count() == 1
    client.force_login(world.coordinator)
    assert client.get(f"/families/{first.pk}/").status_code == 200
    assert client.get(f"/families/{first.pk}/members/new/").status_code == 403
    client.force_login(world.colleague)
    assert client.get(f"/families/{first.pk}/members/new/").status_code == 200


def test_a_second_press_hands_nothing_over_twice(client, world, caseload):
    client.force_login(world.team_lead)
    token, values = page(client, world.coordinator)
    data = {
        "submit_token": token,
        "families": [values["Familien K0"]],
        "to": str(world.colleague.pk),
        "reason": REASON,
    }
    assert post(client, world.coordinator, **data).status_code == 302
    again = post(client, world.coordinator, **data)
    assert again.status_code == 302
    assert [str(m) for m in again.wsgi_request._messages][-1].startswith(
        "Skjemaet ble sendt mer enn én gang"
    )
    assert len(assignments_of(caseload[0])) == 2
    assert Notification.objects.filter(kind=Notification.Kind.HANDOVER).count() == 1


def _nothing_changed(families, before_notes=None):
    for family in families:
        stored = Family.objects.get(pk=family.pk)
        assert stored.coordinator_id == family.coordinator_id
        assert stored.version == family.version
        assert len(assignments_of(family)) == 1
    assert not Notification.objects.filter(kind=Notification.Kind.HANDOVER).exists()
    assert not AccessLog.objects.filter(action="change", username__startswith="leder").exists()


def test_no_reason_refuses_everything(client, world, caseload):
    client.force_login(world.team_lead)
    token, values = page(client, world.coordinator)
    response = post(
        client,
        world.coordinator,
        submit_token=token,
        families=list(values.values()),
        to=str(world.colleague.pk),
        reason="   ",
    )
    assert response.status_code == 200
    assert "Skriv hvorfor familiene overføres." in response.content.decode()
    _nothing_changed(caseload)
    # The ticked families stay ticked.
    assert response.content.decode().count(" checked") == len(values)


def test_no_family_ticked_refuses(client, world, caseload):
    client.force_login(world.team_lead)
    token, _values = page(client, world.coordinator)
    response = post(
        client, world.coordinator, submit_token=token, to=str(world.colleague.pk), reason=REASON
    )
    assert response.status_code == 200
    assert "Velg minst én familie som skal overføres." in response.content.decode()
    _nothing_changed(caseload)


def test_a_family_changed_meanwhile_refuses_all_and_names_it(client, world, caseload):
    third = make_user(username="tredje", role=Role.COORDINATOR, unit=world.unit_a)
    client.force_login(world.team_lead)
    token, values = page(client, world.coordinator)
    # Someone hands K1 over on its own page while the lead looks at the list.
    services.family_assign_coordinator(
        family=caseload[1], coordinator=third, kind="primary", by=world.team_lead, on=date.today()
    )
    response = send(
        client,
        world.coordinator,
        token,
        [values["Familien K0"], values["Familien K1"]],
        world.colleague,
    )
    assert response.status_code == 200
    assert "Familien K1 er endret mens du så på siden" in response.content.decode()
    caseload[0].refresh_from_db()
    assert caseload[0].coordinator_id == world.coordinator.pk
    assert len(assignments_of(caseload[0])) == 1
    assert not Notification.objects.filter(kind=Notification.Kind.HANDOVER).exists()


def test_a_new_version_of_a_family_refuses_too(client, world, caseload):
    client.force_login(world.team_lead)
    token, values = page(client, world.coordinator)
    Family.objects.filter(pk=caseload[0].pk).update(version=caseload[0].version + 1)
    response = send(client, world.coordinator, token, [values["Familien K0"]], world.colleague)
    assert response.status_code == 200
    assert "Familien K0 er endret" in response.content.decode()


def test_a_coordinator_outside_a_familys_unit_refuses_all(client, world, caseload):
    """A whole-municipality lead may pick a coordinator of another unit: the families of
    the wrong unit are named and nothing is handed over."""
    lead = make_user(username="leder-kommune", role=Role.TEAM_LEAD, municipality=world.muni_a)
    # The coordinator also works in NAV Demo, with one family there.
    from familieplan.accounts.models import Membership

    Membership.objects.create(
        user=world.coordinator,
        municipality=world.muni_a,
        unit=world.unit_a2,
        role=Role.COORDINATOR,
    )
    nav_family = enrolled(world.unit_a2, "Familien Nav", world.coordinator)
    nav = make_user(username="nav-koord", role=Role.COORDINATOR, unit=world.unit_a2)
    client.force_login(lead)
    token, values = page(client, world.coordinator)
    response = send(
        client, world.coordinator, token, [values["Familien K0"], values["Familien Nav"]], nav
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "er ikke familiekoordinator i enheten til Familien K0" in body
    _nothing_changed([caseload[0], nav_family])
    # The unit's own lead is not offered the other unit's coordinator at all.
    client.force_login(world.team_lead)
    response = send(client, world.coordinator, token, [values["Familien K0"]], nav)
    assert "Velg en koordinator i teamet ditt." in response.content.decode()


def test_the_co_coordinator_cannot_also_become_coordinator(client, world, caseload):
    services.family_assign_coordinator(
        family=caseload[0],
        coordinator=world.colleague,
        kind="co",
        by=world.team_lead,
        on=date.today(),
    )
    caseload[0].refresh_from_db()
    client.force_login(world.team_lead)
    token, values = page(client, world.coordinator)
    response = send(
        client,
        world.coordinator,
        token,
        [values["Familien K0"], values["Familien K1"]],
        world.colleague,
    )
    assert response.status_code == 200
    assert "er allerede medkoordinator for Familien K0" in response.content.decode()
    caseload[1].refresh_from_db()
    assert caseload[1].coordinator_id == world.coordinator.pk


def test_another_municipalitys_family_in_the_form_is_a_404(client, world, caseload):
    client.force_login(world.team_lead)
    token, values = page(client, world.coordinator)
    hidden = f"{world.family_b.pk}:{world.family_b.version}"
    response = send(
        client, world.coordinator, token, [values["Familien K0"], hidden], world.colleague
    )
    assert response.status_code == 404
    caseload[0].refresh_from_db()
    assert caseload[0].coordinator_id == world.coordinator.pk


@pytest.mark.parametrize(
    "families",
    [["garbage"], ["00000000-0000-0000-0000-000000000000:x"], ["a" * 5000], [""]],
)
def test_broken_values_give_the_form_back(client, world, caseload, families):
    client.force_login(world.team_lead)
    token, _values = page(client, world.coordinator)
    response = post(
        client, world.coordinator, submit_token=token, families=families, to="x", reason=REASON
    )
    assert response.status_code == 200
    _nothing_changed(caseload)


def test_only_the_teams_people_have_a_hand_over_page(client, world, caseload):
    nav = make_user(username="nav-koord", role=Role.COORDINATOR, unit=world.unit_a2)
    client.force_login(world.team_lead)
    assert client.get(f"/day/team/{nav.pk}/").status_code == 404
    assert client.get(f"/day/team/{world.coordinator_b.pk}/").status_code == 404
    assert client.get("/day/team/999999/").status_code == 404
    client.force_login(world.coordinator)
    assert client.get(f"/day/team/{world.colleague.pk}/").status_code == 403


def test_only_coordinators_of_the_families_units_are_offered(client, world, caseload):
    """A whole-municipality lead hands Kari's families (all in the unit) over: the choice
    holds the unit's coordinators, not the other unit's, who could not take them."""
    lead = make_user(username="leder-kommune", role=Role.TEAM_LEAD, municipality=world.muni_a)
    nav = make_user(username="nav-koord", role=Role.COORDINATOR, unit=world.unit_a2)
    client.force_login(lead)
    body = client.get(f"/day/team/{world.coordinator.pk}/").content.decode()
    assert f'<option value="{world.colleague.pk}">' in body
    assert f'value="{nav.pk}"' not in body
    assert f'<option value="{world.coordinator.pk}">' not in body  # not to themselves


def test_a_family_outside_the_leads_team_is_a_404_even_if_the_lead_may_change_it(
    client, world, caseload
):
    """The lead of the unit also coordinates a family in another unit: they may change it,
    but it is not their team's, so a forged pick of it hands nothing over."""
    from familieplan.accounts.models import Membership

    Membership.objects.create(
        user=world.team_lead, municipality=world.muni_a, unit=world.unit_a2, role=Role.COORDINATOR
    )
    own = enrolled(world.unit_a2, "Familien Egen", world.team_lead)
    client.force_login(world.team_lead)
    token, values = page(client, world.coordinator)
    forged = f"{own.pk}:{own.version}"
    response = send(
        client, world.coordinator, token, [values["Familien K0"], forged], world.colleague
    )
    assert response.status_code == 404
    _nothing_changed([caseload[0]])
    own.refresh_from_db()
    assert own.coordinator_id == world.team_lead.pk

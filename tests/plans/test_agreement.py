"""The family's agreement to the plan is to one real version: the one the person saw, which must
still be the current one (else «Planen er endret siden du åpnet den…»), dated no earlier than
that version existed and not in the future; and only those who may agree are offered and
accepted — the adults in the household and youths from the programme's self-consent age
(default 15) as of today, never a younger child, never someone who has moved out. Both in the
staff's form and in the family's own "I agree"; the demo's agreements are real too."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from familieplan.core.roles import Role
from familieplan.families.models import ProgrammeSettings
from familieplan.plans import queries, services
from familieplan.plans.models import PlanAgreement, PlanVersion
from tests.factories import make_member, make_user

CHANGED = "Planen er endret siden du åpnet den"


def _years_ago(years: int, days: int = 3) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


@pytest.fixture
def plan(shared):
    plan = shared.family_goal.plan
    plan.refresh_from_db()
    return plan


def _agree(plan, member, *, by, version=None, on=None):
    return services.plan_agree(
        plan=plan,
        by=by,
        member=member,
        how="meeting",
        agreed_on=on or timezone.localdate(),
        expected_version=plan.version if version is None else version,
    )


def test_an_agreement_is_to_the_current_version_the_person_saw(plan, shared):
    coordinator = shared.world.coordinator
    with pytest.raises(ValidationError, match=CHANGED):
        _agree(plan, shared.mother, by=coordinator, version=plan.version - 1)
    agreement = _agree(plan, shared.mother, by=coordinator)
    assert agreement.version_number == plan.version
    assert PlanVersion.objects.filter(plan=plan, number=agreement.version_number).exists()


def test_the_date_cannot_be_before_the_version_existed_nor_in_the_future(plan, shared):
    coordinator = shared.world.coordinator
    saved = timezone.localtime(plan.versions.get(number=plan.version).at).date()
    with pytest.raises(ValidationError) as before:
        _agree(plan, shared.mother, by=coordinator, on=saved - timedelta(days=1))
    assert "agreed_on" in before.value.message_dict
    with pytest.raises(ValidationError) as future:
        _agree(plan, shared.mother, by=coordinator, on=timezone.localdate() + timedelta(days=1))
    assert "agreed_on" in future.value.message_dict
    assert not PlanAgreement.objects.exists()


@pytest.mark.parametrize(
    ("role", "born_years_ago", "left", "youth_age", "may"),
    [
        ("parent", 40, False, 15, True),
        ("other_adult", 30, False, 15, True),
        ("youth", 16, False, 15, True),
        ("youth", 15, False, 15, True),  # from the day they turn 15
        ("youth", 14, False, 15, False),
        ("child", 9, False, 15, False),
        ("youth", 15, False, 16, False),  # the programme says 16
        ("child", 18, False, 15, True),  # an adult child at home
        ("parent", 40, True, 15, False),  # moved out
        ("youth", 16, True, 15, False),
    ],
)
def test_who_may_agree(plan, shared, role, born_years_ago, left, youth_age, may):
    settings = ProgrammeSettings.for_municipality(shared.world.muni_a)
    settings.youth_consent_age = youth_age
    settings.save()
    today = timezone.localdate()
    member = make_member(
        family=shared.family,
        role=role,
        first_name="Person",
        birth_date=_years_ago(born_years_ago),
        joined_on=today - timedelta(days=400),
        left_on=today - timedelta(days=10) if left else None,
    )
    assert (member in queries.agreeing_members(shared.family)) is may
    if may:
        _agree(plan, member, by=shared.world.coordinator)
    else:
        with pytest.raises(ValidationError) as refused:
            _agree(plan, member, by=shared.world.coordinator)
        assert "member" in refused.value.message_dict
        assert not PlanAgreement.objects.filter(member=member).exists()


# The staff's form --------------------------------------------------------------------------


def _options(body: str) -> set[str]:
    select = re.search(r'<select[^>]*name="member".*?</select>', body, re.S).group(0)
    return {v for v in re.findall(r'value="([^"]*)"', select) if v}


def test_the_staff_form_offers_only_those_who_may_agree(client, plan, shared):
    client.force_login(shared.world.coordinator)
    body = client.get(f"/plans/{shared.family.pk}/agree/").content.decode()
    assert _options(body) == {str(shared.mother.pk), str(shared.youth.pk)}  # not Ella (9)
    assert f'name="version" value="{plan.version}"' in body
    response = client.post(
        f"/plans/{shared.family.pk}/agree/",
        {
            "member": shared.child.pk,
            "how": "meeting",
            "agreed_on": timezone.localdate().isoformat(),
            "version": plan.version,
        },
    )
    assert response.status_code == 200 and not PlanAgreement.objects.exists()


def test_the_staff_form_refuses_a_changed_plan_and_keeps_what_was_chosen(client, plan, shared):
    client.force_login(shared.world.coordinator)
    seen = plan.version
    services.goal_update(
        goal=shared.family_goal, by=shared.world.coordinator, expected_version=1, own_words="Ny"
    )
    response = client.post(
        f"/plans/{shared.family.pk}/agree/",
        {
            "member": shared.mother.pk,
            "how": "paper",
            "agreed_on": timezone.localdate().isoformat(),
            "version": seen,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and CHANGED in body
    assert not PlanAgreement.objects.exists()
    assert f'name="version" value="{seen + 1}"' in body  # the newer version, to try again
    assert re.search(rf'<option value="{shared.mother.pk}" selected>', body)
    assert re.search(r'value="paper"[^>]*checked|checked[^>]*value="paper"', body) or (
        '<option value="paper" selected>' in body
    )


def test_the_staff_form_says_at_the_date_when_it_is_before_the_version(client, plan, shared):
    client.force_login(shared.world.coordinator)
    PlanVersion.objects.filter(plan=plan).update(at=timezone.now())
    response = client.post(
        f"/plans/{shared.family.pk}/agree/",
        {
            "member": shared.mother.pk,
            "how": "meeting",
            "agreed_on": (timezone.localdate() - timedelta(days=30)).isoformat(),
            "version": plan.version,
        },
    )
    body = response.content.decode()
    assert 'id="id_agreed_on_error"' in body and not PlanAgreement.objects.exists()


# The family's own "I agree" ---------------------------------------------------------------


def test_a_young_child_is_not_offered_nor_accepted_on_the_family_page(client, plan, shared):
    child_user = make_user(
        username="ella", role=Role.FAMILY_MEMBER, municipality=shared.world.muni_a
    )
    shared.child.user = child_user
    shared.child.save(update_fields=["user"])
    client.force_login(child_user)
    body = client.get("/family/plan/").content.decode()
    assert "/family/plan/agree/" not in body
    client.post("/family/plan/agree/", {"version": plan.version})
    assert not PlanAgreement.objects.exists()


def test_the_youth_agrees_to_the_version_he_saw(client, plan, portal):
    client.force_login(portal.youth_user)
    body = client.get("/family/plan/").content.decode()
    assert "/family/plan/agree/" in body
    response = client.post("/family/plan/agree/", {"version": plan.version - 1}, follow=True)
    assert CHANGED in response.content.decode() and not PlanAgreement.objects.exists()
    client.post("/family/plan/agree/", {"version": plan.version})
    agreement = PlanAgreement.objects.get()
    assert (agreement.member, agreement.version_number) == (portal.shared.youth, plan.version)


# The database ------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the check is a PostgreSQL trigger")
@pytest.mark.parametrize("case", ["no such version", "before the version"])
def test_postgresql_refuses_an_agreement_to_a_version_that_did_not_exist_then(plan, shared, case):
    version = plan.versions.get(number=plan.version)
    number = plan.version + 5 if case == "no such version" else plan.version
    day = timezone.localtime(version.at).date() - timedelta(days=0 if number != plan.version else 3)
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanAgreement.objects.create(
            municipality=plan.municipality,
            plan=plan,
            version_number=number,
            member=shared.mother,
            agreed_on=day,
            how="meeting",
            recorded_by=shared.world.coordinator,
        )


# The demo ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demos_agreements_are_to_real_versions_after_they_existed():
    call_command("load_demo", families=12)
    agreements = list(PlanAgreement.objects.select_related("plan", "member"))
    assert agreements
    today = timezone.localdate()
    for agreement in agreements:
        version = PlanVersion.objects.get(plan=agreement.plan, number=agreement.version_number)
        assert timezone.localtime(version.at).date() <= agreement.agreed_on <= today
        member = agreement.member
        assert member.is_adult_role or member.age_on(agreement.agreed_on) >= 15
        assert isinstance(version.at, datetime)

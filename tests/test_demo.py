"""`load_demo` builds the demo, is idempotent, and refuses a database that is not a demo."""

import pytest
from django.core.management import CommandError, call_command

from familieplan.accounts.models import User
from familieplan.core.models import Municipality
from familieplan.families.models import Family

PERSONAS = {
    "koordinator",
    "koordinator2",
    "koordinator-b",
    "leder",
    "partner",
    "partner2",
    "forelder",
    "ungdom",
    "forsker",
    "admin",
    "personvern",
}


@pytest.mark.django_db
def test_demo_loads_personas_and_families_then_is_idempotent(capsys):
    call_command("load_demo", families=8)
    assert set(User.objects.values_list("username", flat=True)) >= PERSONAS
    assert Municipality.objects.count() == 2
    first = Family.objects.count()
    assert first >= 8
    assert Family.objects.filter(municipality__number="9902").exists()
    call_command("load_demo", families=8)
    assert Family.objects.count() == first
    assert "koordinator" in capsys.readouterr().out


def test_demo_households_are_deterministic_for_a_seed():
    import random
    from datetime import date

    from familieplan.demo.builder import _household

    def draw(seed):
        rng = random.Random(seed)
        return [_household(rng, date(2026, 11, 23)) for _ in range(20)]

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)
    surnames = {surname for surname, _members, _interpreter in draw(7)}
    assert len(surnames) > 5 and all(len(s) > 2 and not s.startswith("Lorem") for s in surnames)


@pytest.mark.django_db
def test_demo_refuses_a_real_database():
    Municipality.objects.create(number="0301", name="Oslo", county="Oslo")
    with pytest.raises(CommandError, match="not a demo database"):
        call_command("load_demo")


@pytest.mark.django_db
def test_demo_logins_work_with_password_demo(client):
    call_command("load_demo", families=4)
    response = client.post("/accounts/login/", {"username": "koordinator", "password": "demo"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_demo_history_is_coherent():
    """Names are real surnames; included families were screened as eligible, in order."""
    call_command("load_demo", families=12)
    for family in Family.objects.exclude(stage="referred"):
        assert len(family.name.removeprefix("Familien ")) > 2, family.name
        screening, decision = family.screenings.get(), family.decisions.get()
        referral = family.referrals.get()
        assert referral.received_on < screening.performed_at.date() <= decision.decided_at.date()
        if decision.outcome in ("included", "waiting_list"):
            assert screening.eligible is True


@pytest.mark.django_db
def test_demo_plans_have_history_of_different_ages():
    from familieplan.plans.models import FamilyPlan, PlanVersion

    call_command("load_demo", families=12)
    plans = FamilyPlan.objects.filter(is_current=True)
    assert plans.count() >= 5
    assert all(p.versions.count() >= 5 for p in plans)
    first_versions = PlanVersion.objects.filter(number=1).values_list("at", flat=True)
    assert len({at.year for at in first_versions}) >= 2  # plans started in different years
    warsame = plans.get(family__name="Familien Warsame")
    assert warsame.goals.count() == 4  # three drawn, plus Sagal's own school goal
    assert warsame.goals.filter(measures__responsible_partner__name="Lunde skole").exists()
    assert warsame.goals.filter(measures__isnull=False).exists()

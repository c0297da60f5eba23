"""The family's economy on the partner's pages (partner_portal/economy_views.py): only under a
consent valid today with the economy topic, read only; a row about one person only under that
person's consent; a withdrawal takes effect on the next request."""

from __future__ import annotations

from decimal import Decimal

import pytest

from familieplan.economy import services as economy
from familieplan.economy.models import Expense, IncomeSource, Scheme
from familieplan.partners import services
from tests.factories import make_consent


def _url(shared) -> str:
    return f"/partner/{shared.family.pk}/economy/"


def _consent(shared, *, topics, subject=None, given_by=None):
    subject = subject or shared.mother
    return make_consent(
        family=shared.family,
        partner=shared.school,
        subject=subject,
        given_by=given_by or subject,
        topics=topics,
        recorded_by=shared.world.coordinator,
    )


@pytest.fixture
def rows(shared):
    """Rent for the household, the mother's pay, the youth's summer job."""
    coordinator = shared.world.coordinator
    work = Scheme.objects.get(code="work", municipality=None)

    def income(amount, member):
        row = IncomeSource(
            scheme=work, amount=Decimal(amount), rhythm="monthly", day_of_month=20, member=member
        )
        return economy.row_save(family=shared.family, by=coordinator, row=row)

    rent = economy.row_save(
        family=shared.family,
        by=coordinator,
        row=Expense(kind="rent", amount=Decimal(9100), rhythm="monthly", day_of_month=1),
    )
    return {
        "rent": rent,
        "pay": income("23400", shared.mother),
        "summer_job": income("3100", shared.youth),
    }


@pytest.fixture
def as_school(client, shared):
    client.force_login(shared.world.partner)
    return client


def test_without_the_economy_topic_the_economy_does_not_exist(as_school, shared, rows):
    _consent(shared, topics=("plan", "meetings"))
    assert as_school.get(f"/partner/{shared.family.pk}/").status_code == 200
    assert _url(shared) not in as_school.get(f"/partner/{shared.family.pk}/").content.decode()
    assert as_school.get(_url(shared)).status_code == 404


def test_an_adults_consent_shows_the_household_read_only(as_school, shared, rows):
    _consent(shared, topics=("economy",))
    assert _url(shared) in as_school.get(f"/partner/{shared.family.pk}/").content.decode()
    response = as_school.get(_url(shared))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Husleie" in page and "23\u202f400\u202fkr" in page
    # A youth's own part needs the youth's own consent.
    assert "3\u202f100\u202fkr" not in page
    # Read only: no link to change anything.
    assert "/economy/" not in page.replace(_url(shared), "")
    assert "Endre" not in page and "Legg til" not in page
    assert as_school.post(_url(shared)).status_code == 405


def test_a_youths_own_consent_shows_only_the_youths_part(as_school, shared, rows):
    _consent(shared, topics=("plan",))  # the mother's: no economy
    _consent(shared, subject=shared.youth, topics=("economy",))
    page = as_school.get(_url(shared)).content.decode()
    assert "3\u202f100\u202fkr" in page
    assert "Husleie" not in page and "23\u202f400\u202fkr" not in page


def test_a_withdrawal_takes_effect_on_the_next_request(as_school, shared, rows):
    consent = _consent(shared, topics=("plan", "economy"))
    assert as_school.get(_url(shared)).status_code == 200
    services.consent_withdraw(consent=consent, by=shared.world.coordinator, method="oral")
    assert as_school.get(_url(shared)).status_code == 404


def test_a_service_without_consent_and_other_roles_are_refused(client, shared, rows):
    _consent(shared, topics=("economy",))
    client.force_login(shared.clinic_user)
    assert client.get(_url(shared)).status_code == 404
    for persona in ("coordinator", "family_member"):
        client.force_login(shared.world.users()[persona])
        assert client.get(_url(shared)).status_code == 403

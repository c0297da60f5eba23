"""The staff pages of a family's economy through HTTP: add an income, an expense and a debt,
see them on the overview and in the month, change and remove them with the history saying
who did what; bad input names its field and saves nothing."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine

from familieplan.economy.models import EconomyChange, Expense, IncomeSource, Scheme
from tests.factories import make_member

TODAY = date(2026, 3, 10)


def _token(html: str) -> str:
    return re.search(r'name="submit_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def family(world):
    make_member(
        family=world.family_a, first_name="Kari", role="parent", birth_date=date(1988, 4, 2)
    )
    make_member(family=world.family_a, first_name="Ola", role="child", birth_date=date(2018, 5, 1))
    return world.family_a


def _post_new(client, family, row, **data):
    url = f"/economy/{family.pk}/{row}/new/"
    token = _token(client.get(url).content.decode())
    return client.post(url, {"submit_token": token, **data})


@time_machine.travel(TODAY, tick=False)
def test_income_expense_and_debt_show_on_the_overview_and_in_the_month(staff, family):
    barnetrygd = Scheme.objects.get(code="barnetrygd", municipality=None)
    response = _post_new(
        staff,
        family,
        "income",
        scheme=barnetrygd.pk,
        amount="1766",
        rhythm="monthly",
        day_of_month="20",
        basis="net",
        evidence="decision",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    # As for its scheme: barnetrygd is no income for social assistance, but counts for the line.
    income = IncomeSource.objects.get()
    assert income.counts_for_social_assistance is False and income.counts_for_low_income is True
    response = _post_new(
        staff, family, "expense", kind="rent", amount="9000", rhythm="monthly", day_of_month="1"
    )
    assert response.status_code == 302
    response = _post_new(
        staff,
        family,
        "debt",
        creditor="Lindorff",
        kind="collection",
        outstanding="12000",
        instalment="500",
        instalment_day="15",
        status="in_collection",
    )
    assert response.status_code == 302
    page = staff.get(f"/economy/{family.pk}/").content.decode()
    assert "Barnetrygd" in page and "Husleie" in page and "Lindorff" in page
    assert "Gjeld hos inkasso" in page
    month = staff.get(f"/economy/{family.pk}/month/?month=2026-03").content.decode()
    # From 0 kr on 1 March: the rent leaves it below zero until barnetrygd on the 20th.
    assert "Tomt for penger" in month
    assert "Pengene er brukt opp 1. mars" in month
    assert EconomyChange.objects.filter(family=family).count() == 3


@time_machine.travel(TODAY, tick=False)
def test_bad_input_names_the_field_and_saves_nothing(staff, family):
    work = Scheme.objects.get(code="work", municipality=None)
    response = _post_new(staff, family, "income", scheme=work.pk, amount="-5", rhythm="monthly")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beløpet må være større enn 0 kr." in page
    assert "Skriv hvilken dag i måneden" in page
    response = _post_new(
        staff, family, "income", scheme=work.pk, amount="100", rhythm="every_14_days"
    )
    assert "Skriv datoen første gang" in response.content.decode()
    response = _post_new(
        staff,
        family,
        "expense",
        kind="rent",
        amount="100",
        rhythm="monthly",
        day_of_month="1",
        valid_from="2026-05-01",
        valid_to="2026-04-01",
    )
    assert "kan ikke være før" in response.content.decode()
    response = _post_new(
        staff,
        family,
        "expense",
        kind="rent",
        amount="20000000",
        rhythm="monthly",
        day_of_month="1",
    )
    assert "over 10 millioner" in response.content.decode()
    assert not IncomeSource.objects.exists() and not Expense.objects.exists()
    response = _post_new(
        staff,
        family,
        "expense",
        kind="rent",
        amount="20000000",
        rhythm="monthly",
        day_of_month="1",
        confirm_large="on",
    )
    assert response.status_code == 302
    assert Expense.objects.get().amount == 20000000


@time_machine.travel(TODAY, tick=False)
def test_an_edit_and_a_removal_are_in_the_history(staff, family, world):
    _post_new(
        staff,
        family,
        "expense",
        kind="electricity",
        amount="800",
        rhythm="monthly",
        day_of_month="5",
    )
    expense = Expense.objects.get()
    url = f"/economy/{family.pk}/expense/{expense.pk}/"
    page = staff.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = staff.post(
        url,
        {
            "version": version,
            "kind": "electricity",
            "amount": "950",
            "rhythm": "monthly",
            "day_of_month": "5",
        },
    )
    assert response.status_code == 302
    assert staff.post(f"/economy/{family.pk}/expense/{expense.pk}/remove/").status_code == 302
    assert not Expense.objects.exists()
    history = staff.get(f"/economy/{family.pk}/history/").content.decode()
    assert "800,00 → 950,00" in history
    assert "Fjernet: Strøm" in history


@time_machine.travel(TODAY, tick=False)
def test_whether_an_income_counts_can_be_said_otherwise_than_its_scheme(staff, family):
    work = Scheme.objects.get(code="work", municipality=None)
    _post_new(
        staff,
        family,
        "income",
        scheme=work.pk,
        amount="5000",
        rhythm="monthly",
        day_of_month="12",
        basis="net",
        evidence="document",
        counts_for_social_assistance="no",
        counts_for_low_income="scheme",
    )
    income = IncomeSource.objects.get()
    assert income.counts_for_social_assistance is False and income.counts_for_low_income is True
    page = staff.get(f"/economy/{family.pk}/income/{income.pk}/").content.decode()
    assert re.search(r'<option value="no" selected>', page)


def test_another_municipality_and_a_reader_are_refused(client, world, family):
    client.force_login(world.coordinator_b)
    assert client.get(f"/economy/{family.pk}/").status_code == 404
    client.force_login(world.colleague)
    assert client.get(f"/economy/{family.pk}/").status_code == 200
    assert client.get(f"/economy/{family.pk}/income/new/").status_code == 403

"""The family's own economy through HTTP (portal/economy_views.py): the month day by day and
the overview; an adult adds a bill and sees the day money runs out move, corrects an income
and states the balance, each change in the coordinator's history as the family's own; a youth
reads only; a youth's own rows stay the youth's; another family's row, a youth's row for a
parent, staff and partners: refused, and every page logged."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import dateformat, timezone, translation

from familieplan.core.models import AccessLog
from familieplan.economy import services
from familieplan.economy.models import Balance, Debt, EconomyChange, Expense, IncomeSource, Scheme

PAGES = ["economy/", "economy/overview/", "economy/balance/", "economy/expense/new/"]


def _first_of_next_month() -> date:
    today = timezone.localdate()
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


FIRST = _first_of_next_month()
MONTH = f"?month={FIRST:%Y-%m}"


def _day(day: int) -> str:
    with translation.override("nb"):
        return dateformat.format(FIRST.replace(day=day), "j. F")


def _token(html: str) -> str:
    return re.search(r'name="submit_token" value="([^"]+)"', html).group(1)


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def _scheme(code: str) -> Scheme:
    return Scheme.objects.get(code=code, municipality=None)


def _income(portal, *, amount, day, code="work", member=None, evidence="family_said"):
    row = IncomeSource(
        scheme=_scheme(code),
        amount=Decimal(amount),
        rhythm="monthly",
        day_of_month=day,
        member=member,
        evidence=evidence,
    )
    return services.row_save(
        family=portal.shared.family, by=portal.shared.world.coordinator, row=row
    )


def _expense(portal, *, kind, amount, day, member=None):
    row = Expense(
        kind=kind, amount=Decimal(amount), rhythm="monthly", day_of_month=day, member=member
    )
    return services.row_save(
        family=portal.shared.family, by=portal.shared.world.coordinator, row=row
    )


@pytest.fixture
def household(portal):
    """Pay on the 20th, rent on the 1st, 5 000 kr on the account on the first of next month:
    1 000 kr left until the pay comes."""
    shared = portal.shared
    _income(portal, amount="20000", day=20, member=shared.mother, evidence="decision")
    _expense(portal, kind="rent", amount="4000", day=1)
    services.balance_state(
        family=shared.family, by=shared.world.coordinator, amount=Decimal(5000), on=FIRST
    )
    return portal


@pytest.fixture
def mother(client, household):
    client.force_login(household.mother_user)
    return client


@pytest.fixture
def youth(client, household):
    client.force_login(household.youth_user)
    return client


def _post_new(client, row, **data):
    url = f"/family/economy/{row}/new/"
    token = _token(client.get(url).content.decode())
    return client.post(url, {"submit_token": token, **data})


def test_an_adult_adds_a_bill_and_sees_the_day_money_runs_out_move(mother, household):
    month = mother.get(f"/family/economy/{MONTH}").content.decode()
    assert "Tomt for penger" not in month
    assert "Regnet fra saldoen" in month
    assert "Legg til utgift" in month

    response = _post_new(
        mother, "expense", kind="phone", amount="1500", rhythm="monthly", day_of_month="15"
    )
    assert response.status_code == 302 and response["Location"] == "/family/economy/"
    month = mother.get(f"/family/economy/{MONTH}").content.decode()
    assert f"Pengene er brukt opp {_day(15)}, før neste utbetaling {_day(20)}" in month

    _post_new(
        mother, "expense", kind="transport", amount="1200", rhythm="monthly", day_of_month="5"
    )
    month = mother.get(f"/family/economy/{MONTH}").content.decode()
    assert f"Pengene er brukt opp {_day(5)}, før neste utbetaling {_day(20)}" in month
    assert f"Pengene er brukt opp {_day(15)}" not in month

    added = EconomyChange.objects.filter(by=household.mother_user, subject="expense")
    assert added.count() == 2 and all(change.by_family for change in added)
    # The coordinator's history page says who: the family itself.
    mother.force_login(household.shared.world.coordinator)
    history = mother.get(f"/economy/{household.shared.family.pk}/history/").content.decode()
    assert "familien selv" in history and "Transport" in history


def test_a_correction_is_the_familys_figure_and_keeps_the_schemes_rules(mother, household):
    income = IncomeSource.objects.get()
    # The coordinator's judgement, which the family's correction keeps.
    IncomeSource.objects.filter(pk=income.pk).update(counts_for_low_income=False)
    url = f"/family/economy/income/{income.pk}/?back=overview"
    page = mother.get(url).content.decode()
    # What only the coordinator judges is not on the family's form.
    for staff_only in ("evidence", "counts_for_social_assistance", "counts_for_low_income", "note"):
        assert f'name="{staff_only}"' not in page
    response = mother.post(
        url,
        {
            "version": _version(page),
            "scheme": income.scheme_id,
            "member": household.shared.mother.pk,
            "amount": "18500",
            "rhythm": "monthly",
            "day_of_month": "20",
            "basis": "net",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/family/economy/overview/"
    income.refresh_from_db()
    assert income.amount == Decimal(18500) and income.evidence == "family_said"
    assert income.counts_for_social_assistance and not income.counts_for_low_income
    change = EconomyChange.objects.filter(object_id=income.pk, action="changed").get()
    assert change.by_family and change.by == household.mother_user
    assert {"field": "beløp (kr)", "old": "20 000,00", "new": "18 500,00"} in [
        {**f, "old": f["old"].replace("\xa0", " "), "new": f["new"].replace("\xa0", " ")}
        for f in change.fields
    ]

    # A new barnetrygd takes its scheme's rule: not income for social assistance.
    _post_new(
        mother,
        "income",
        scheme=_scheme("barnetrygd").pk,
        amount="1766",
        rhythm="monthly",
        day_of_month="20",
        basis="net",
    )
    barnetrygd = IncomeSource.objects.get(scheme__code="barnetrygd")
    assert not barnetrygd.counts_for_social_assistance and barnetrygd.counts_for_low_income
    assert barnetrygd.evidence == "family_said" and barnetrygd.created_by == household.mother_user


def test_the_family_states_its_balance(mother, household):
    page = mother.get("/family/economy/balance/").content.decode()
    response = mother.post(
        "/family/economy/balance/",
        {"submit_token": _token(page), "amount": "-250,50", "on": FIRST.isoformat()},
    )
    assert response.status_code == 302
    balance = Balance.objects.filter(stated_by=household.mother_user).get()
    assert balance.amount == Decimal("-250.50")
    assert EconomyChange.objects.get(object_id=balance.pk).by_family
    # The same form sent again saves nothing more.
    mother.post(
        "/family/economy/balance/",
        {"submit_token": _token(page), "amount": "-250,50", "on": FIRST.isoformat()},
    )
    assert Balance.objects.filter(stated_by=household.mother_user).count() == 1
    month = mother.get(f"/family/economy/{MONTH}").content.decode()
    assert "Tomt for penger" in month


def test_bad_input_names_the_field_and_saves_nothing(mother, household):
    response = _post_new(mother, "expense", kind="rent", amount="-5", rhythm="monthly")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beløpet må være større enn 0 kr." in page and "Skriv hvilken dag i måneden" in page
    assert Expense.objects.count() == 1


def test_the_overview_shows_income_per_scheme_expenses_and_debts(mother, household):
    Debt.objects.create(
        municipality=household.shared.family.municipality,
        family=household.shared.family,
        creditor="Inkassobyrået",
        kind="collection",
        outstanding=Decimal(12000),
        status="in_collection",
        created_by=household.shared.world.coordinator,
    )
    page = mother.get("/family/economy/overview/").content.decode()
    assert "Arbeidsinntekt" in page and "Husleie eller boliglån" in page
    assert "Inkassobyrået" in page and "Gjeld hos inkasso" in page
    assert "20\u202f000\u202fkr per måned" in page  # the scheme's month, and the total
    assert "Endre" in page


def test_a_youth_reads_and_changes_nothing(youth, household):
    month = youth.get(f"/family/economy/{MONTH}").content.decode()
    assert "Husleie" in month and "Arbeidsinntekt" in month  # the household's economy
    assert "Legg til utgift" not in month and "Oppgi saldo" not in month
    assert "Det er de voksne i familien som legger inn og endrer tallene." in month
    overview = youth.get("/family/economy/overview/").content.decode()
    assert "Endre" not in overview and "/family/economy/income/" not in overview
    income = IncomeSource.objects.get()
    for url in (
        "/family/economy/expense/new/",
        "/family/economy/balance/",
        f"/family/economy/income/{income.pk}/",
    ):
        assert youth.get(url).status_code == 403
        assert youth.post(url, {"amount": "1"}).status_code == 403
    assert EconomyChange.objects.filter(by=household.youth_user).count() == 0


def test_a_youths_own_rows_are_the_youths(client, household):
    shared = household.shared
    summer_job = _income(household, amount="3000", day=25, code="work", member=shared.youth)
    phone = _expense(household, kind="phone", amount="299", day=12, member=shared.youth)
    client.force_login(household.youth_user)
    page = client.get("/family/economy/overview/").content.decode()
    assert "Ola" in page and "299" in page
    client.force_login(household.mother_user)
    page = client.get("/family/economy/overview/").content.decode()
    assert "Ola" not in page and "299" not in page
    month = client.get(f"/family/economy/{MONTH}").content.decode()
    assert "3\u202f000\u202fkr" not in month
    # The parent cannot reach them by id, nor choose the youth for a new row.
    for url in (f"/family/economy/income/{summer_job.pk}/", f"/family/economy/expense/{phone.pk}/"):
        assert client.get(url).status_code == 404
    assert AccessLog.objects.filter(
        user=household.mother_user, object_id=str(phone.pk), outcome="not_found"
    ).exists()
    form = client.get("/family/economy/expense/new/").content.decode()
    assert str(shared.youth.pk) not in form and str(shared.child.pk) in form
    response = _post_new(
        client,
        "expense",
        kind="phone",
        amount="100",
        rhythm="monthly",
        day_of_month="3",
        member=shared.youth.pk,
    )
    assert response.status_code == 200
    assert not Expense.objects.filter(amount=100).exists()


def test_another_familys_member_gets_a_logged_404(client, household):
    income = IncomeSource.objects.get()
    client.force_login(household.other_user)
    assert client.get("/family/economy/").status_code == 200  # their own, empty
    page = client.get("/family/economy/overview/").content.decode()
    assert "Arbeidsinntekt" not in page and "Husleie" not in page
    assert client.get(f"/family/economy/income/{income.pk}/").status_code == 404
    assert client.post(f"/family/economy/income/{income.pk}/", {"amount": "1"}).status_code == 404
    assert AccessLog.objects.filter(
        user=household.other_user, object_id=str(income.pk), outcome="not_found"
    ).exists()
    income.refresh_from_db()
    assert income.amount == Decimal(20000)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_logged_for_the_family(mother, household, page):
    assert mother.get(f"/family/{page}").status_code == 200
    entry = AccessLog.objects.filter(user=household.mother_user).latest("at")
    assert (entry.family_id, entry.person_id) == (
        household.shared.family.pk,
        household.shared.mother.pk,
    )


@pytest.mark.parametrize("persona", ["coordinator", "team_lead", "partner", "administrator"])
def test_staff_and_partners_have_no_family_economy(client, household, persona):
    client.force_login(household.shared.world.users()[persona])
    for page in PAGES:
        assert client.get(f"/family/{page}").status_code == 403


def test_the_menu_links_the_economy_and_a_member_who_moved_out_has_none(mother, household):
    assert 'href="/family/economy/"' in mother.get("/family/").content.decode()
    mother_member = household.shared.mother
    mother_member.left_on = timezone.localdate() - timedelta(days=1)
    mother_member.save(update_fields=["left_on"])
    assert 'href="/family/economy/"' not in mother.get("/family/").content.decode()
    assert mother.get("/family/economy/").status_code == 404
    assert mother.get("/family/economy/expense/new/").status_code == 404

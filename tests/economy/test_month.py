"""The month at a glance with real rows: the running balance from a stated balance (on a day in
the month or before it, or none: from 0 kr), the day money runs out and how it moves when a
bill is added or moved, incomes every 14 days across month and year ends, a bill on the 31st
in short months, and a debt's instalment on its day."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine

from familieplan.economy import month as month_view
from familieplan.economy.models import Balance, Debt, Expense
from familieplan.economy.reading import load
from familieplan.lib.money import format_nok
from tests.economy.builders import expense, income
from tests.factories import make_member

TODAY = date(2026, 3, 10)
MARCH = date(2026, 3, 1)


@pytest.fixture
def family(world):
    make_member(family=world.family_a, first_name="Kari", birth_date=date(1988, 4, 2))
    make_member(family=world.family_a, first_name="Ola", role="child", birth_date=date(2018, 5, 1))
    return world.family_a


def balance(family, by, *, amount, on) -> Balance:
    return Balance.objects.create(
        municipality=family.municipality, family=family, amount=Decimal(amount), on=on, stated_by=by
    )


def shown(family, first):
    return month_view.month(load(family), first)


def day(month, on):
    return next(d for d in month.period.days if d.on == on)


def flow_days(month, label) -> list[date]:
    return [d.on for d in month.period.days for f in d.flows if f.label == label]


def page(client, family, value: str) -> str:
    response = client.get(f"/economy/{family.pk}/month/?month={value}")
    assert response.status_code == 200
    return response.content.decode()


def day_balances(html: str) -> dict[str, str]:
    """The day list's balance after each listed day, by its ISO date."""
    found = {}
    for item in re.findall(
        r'<li class="day-list__day.*?</li>\s*(?=<li class="day-list|</ol>)', html, re.S
    ):
        on = re.search(r'datetime="([0-9-]+)"', item).group(1)
        after = re.search(r"Saldo etter dagen: ([^<]+)</p>", item)
        found[on] = after.group(1) if after else None
    return found


def kr(amount) -> str:
    return format_nok(Decimal(amount))


# -- The stated balance ---------------------------------------------------------------------


def test_a_balance_stated_inside_the_month_runs_from_that_day(family, world):
    by = world.coordinator
    income(family, by, amount="1000", rhythm="monthly", day_of_month=5)
    expense(family, by, amount="300", rhythm="monthly", day_of_month=10)
    expense(family, by, amount="200", kind="phone", rhythm="monthly", day_of_month=20)
    balance(family, by, amount="2500", on=date(2026, 3, 10))
    month = shown(family, MARCH)
    assert month.stated is True
    # Before the stated day there is no balance, and money is never short there.
    assert all(d.balance is None and not d.short for d in month.period.days[:9])
    assert month.period.start_balance is None
    # The income on the 5th is listed but already in the balance.
    assert flow_days(month, "Arbeidsinntekt") == [date(2026, 3, 5)]
    # The balance is at the start of its day: the day's bill still goes out.
    assert day(month, date(2026, 3, 10)).balance == Decimal("2200")
    assert day(month, date(2026, 3, 19)).balance == Decimal("2200")
    assert day(month, date(2026, 3, 20)).balance == Decimal("2000")
    assert month.period.closing_balance == Decimal("2000")


def test_a_balance_stated_before_the_month_carries_forward(family, world):
    by = world.coordinator
    income(family, by, amount="1000", rhythm="monthly", day_of_month=25)
    expense(family, by, amount="400", rhythm="monthly", day_of_month=1)
    balance(family, by, amount="150", on=date(2026, 2, 20))
    month = shown(family, MARCH)
    # 150 on 20 February, + 1000 on 25 February, carried to 1 March.
    assert month.period.start_balance == Decimal("1150")
    assert day(month, date(2026, 3, 1)).balance == Decimal("750")
    assert day(month, date(2026, 3, 25)).balance == Decimal("1750")
    period = month.period
    assert period.closing_balance == period.start_balance + period.money_in - period.money_out
    # The latest balance stated counts, not an older one.
    balance(family, by, amount="-50", on=date(2026, 2, 27))
    assert shown(family, MARCH).period.start_balance == Decimal("-50")


def test_the_running_balance_on_the_page(staff, family, world):
    by = world.coordinator
    income(family, by, amount="12000", rhythm="monthly", day_of_month=20)
    expense(family, by, amount="9000", kind="rent", rhythm="monthly", day_of_month=1)
    expense(family, by, amount="800", kind="electricity", rhythm="monthly", day_of_month=15)
    balance(family, by, amount="10000", on=date(2026, 3, 1))
    html = page(staff, family, "2026-03")
    assert day_balances(html) == {
        "2026-03-01": kr(1000),
        "2026-03-15": kr(200),
        "2026-03-20": kr(12200),
    }
    assert f"Saldo ved månedens slutt</dt><dd>{kr(12200)}" in html
    assert "Ingen saldo er oppgitt" not in html
    assert "Tomt for penger" not in html
    # April runs on from March's end.
    assert day_balances(page(staff, family, "2026-04"))["2026-04-01"] == kr(3200)


def test_a_balance_stated_mid_month_on_the_page(staff, family, world):
    by = world.coordinator
    income(family, by, amount="1000", rhythm="monthly", day_of_month=5)
    expense(family, by, amount="300", rhythm="monthly", day_of_month=12)
    balance(family, by, amount="2500", on=date(2026, 3, 10))
    balances = day_balances(page(staff, family, "2026-03"))
    # The 5th is listed without a balance: it lies before the stated day.
    assert balances == {"2026-03-05": None, "2026-03-12": kr(2200)}


def test_a_balance_stated_after_the_month_gives_its_days_no_balance(family, world):
    by = world.coordinator
    expense(family, by, amount="300", rhythm="monthly", day_of_month=12)
    balance(family, by, amount="2500", on=date(2026, 4, 2))
    month = shown(family, MARCH)
    assert month.stated is True
    assert month.period.start_balance is None and month.period.closing_balance is None
    assert not month.period.spells
    assert flow_days(month, "Annet") == [date(2026, 3, 12)]


def test_no_balance_stated_counts_from_zero_and_the_page_says_so(staff, family, world):
    by = world.coordinator
    income(family, by, amount="5000", rhythm="monthly", day_of_month=10)
    expense(family, by, amount="2000", rhythm="monthly", day_of_month=12)
    month = shown(family, MARCH)
    assert month.stated is False
    assert month.period.start_balance == 0
    assert day(month, date(2026, 3, 12)).balance == Decimal("3000")
    html = page(staff, family, "2026-03")
    assert "Ingen saldo er oppgitt. Saldoen regnes fra 0 kr ved månedens start." in html
    # Each month starts from 0 again: nothing is carried from months not shown.
    assert shown(family, date(2026, 4, 1)).period.start_balance == 0


# -- The day money runs out -----------------------------------------------------------------


def _tight_month(family, by):
    """5 000 kr on 1 March; rent 4 000 on the 1st, power 800 on the 5th, phone 500 on the
    10th, pay on the 20th: money runs out on the 10th."""
    balance(family, by, amount="5000", on=MARCH)
    expense(family, by, amount="4000", kind="rent", rhythm="monthly", day_of_month=1)
    expense(family, by, amount="800", kind="electricity", rhythm="monthly", day_of_month=5)
    expense(family, by, amount="500", kind="phone", rhythm="monthly", day_of_month=10)
    income(family, by, amount="15000", rhythm="monthly", day_of_month=20)


def test_the_day_money_runs_out_moves_with_a_bill_added_and_moved_in_month(family, world):
    by = world.coordinator
    _tight_month(family, by)
    month = shown(family, MARCH)
    assert month.period.first_short == date(2026, 3, 10)
    (spell,) = month.period.spells
    assert (spell.end, spell.next_income, spell.lowest) == (
        date(2026, 3, 19),
        date(2026, 3, 20),
        Decimal("-300"),
    )
    bill = expense(family, by, amount="300", kind="insurance", rhythm="monthly", day_of_month=3)
    assert shown(family, MARCH).period.first_short == date(2026, 3, 5)
    bill.day_of_month = 25
    bill.save()
    assert shown(family, MARCH).period.first_short == date(2026, 3, 10)
    bill.day_of_month = 21
    bill.amount = Decimal("20000")
    bill.save()
    spells = shown(family, MARCH).period.spells
    assert [(s.start, s.next_income) for s in spells] == [
        (date(2026, 3, 10), date(2026, 3, 20)),
        (date(2026, 3, 21), None),
    ]


def _new_bill_token(client, family) -> str:
    html = client.get(f"/economy/{family.pk}/expense/new/").content.decode()
    return re.search(r'name="submit_token" value="([^"]+)"', html).group(1)


@time_machine.travel(TODAY, tick=False)
def test_the_day_money_runs_out_moves_on_the_page(staff, family, world):
    _tight_month(family, world.coordinator)
    html = page(staff, family, "2026-03")
    assert "Pengene er brukt opp 10. mars, før neste utbetaling 20. mars" in html
    response = staff.post(
        f"/economy/{family.pk}/expense/new/",
        {
            "submit_token": _new_bill_token(staff, family),
            "kind": "insurance",
            "label_text": "Innboforsikring",
            "amount": "300",
            "rhythm": "monthly",
            "day_of_month": "3",
        },
    )
    assert response.status_code == 302
    html = page(staff, family, "2026-03")
    assert "Pengene er brukt opp 5. mars, før neste utbetaling 20. mars" in html
    assert "brukt opp 10. mars" not in html
    # Moving the bill past pay day brings the day back to the 10th.
    bill = Expense.objects.get(label_text="Innboforsikring")
    url = f"/economy/{family.pk}/expense/{bill.pk}/"
    version = re.search(r'name="version" value="(\d+)"', staff.get(url).content.decode()).group(1)
    response = staff.post(
        url,
        {
            "version": version,
            "kind": "insurance",
            "label_text": "Innboforsikring",
            "amount": "300",
            "rhythm": "monthly",
            "day_of_month": "25",
        },
    )
    assert response.status_code == 302
    html = page(staff, family, "2026-03")
    assert "Pengene er brukt opp 10. mars, før neste utbetaling 20. mars" in html
    # Every short day is listed, the 10th to the 19th.
    assert html.count("day-list__day--short") == 10
    assert "brukt opp 5. mars" not in html


# -- Rhythms on the calendar ----------------------------------------------------------------


@pytest.mark.parametrize(
    "anchor,first,days",
    [
        # Across a month end: 27 March, then 10 and 24 April.
        (date(2026, 3, 27), date(2026, 3, 1), [date(2026, 3, 27)]),
        (date(2026, 3, 27), date(2026, 4, 1), [date(2026, 4, 10), date(2026, 4, 24)]),
        # Three payments in one month.
        (date(2026, 3, 27), date(2026, 5, 1), [date(2026, 5, 8), date(2026, 5, 22)]),
        (
            date(2026, 1, 2),
            date(2026, 1, 1),
            [date(2026, 1, 2), date(2026, 1, 16), date(2026, 1, 30)],
        ),
        # Across a year end.
        (date(2026, 12, 25), date(2027, 1, 1), [date(2027, 1, 8), date(2027, 1, 22)]),
        # Never before the first date.
        (date(2026, 3, 27), date(2026, 2, 1), []),
    ],
)
def test_every_14_days_across_month_and_year_ends(family, world, anchor, first, days):
    income(
        family,
        world.coordinator,
        amount="4200",
        code="dagpenger",
        rhythm="every_14_days",
        anchor=anchor,
    )
    month = shown(family, first)
    assert flow_days(month, "Dagpenger") == days
    assert month.period.money_in == Decimal("4200") * len(days)


def test_every_14_days_on_the_page(staff, family, world):
    income(
        family,
        world.coordinator,
        amount="4200",
        code="dagpenger",
        rhythm="every_14_days",
        anchor=date(2026, 3, 27),
    )
    html = page(staff, family, "2026-04")
    assert '<time datetime="2026-04-10">' in html and '<time datetime="2026-04-24">' in html
    assert html.count("Inn: Dagpenger") == 2
    assert f"Penger inn</dt><dd>{kr(8400)}" in html


@pytest.mark.parametrize(
    "first,on",
    [
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2028, 2, 1), date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 4, 30)),
    ],
)
def test_a_bill_on_the_31st_falls_on_the_last_day_of_a_short_month(family, world, first, on):
    expense(
        family, world.coordinator, amount="9000", kind="rent", rhythm="monthly", day_of_month=31
    )
    month = shown(family, first)
    assert flow_days(month, "Husleie eller boliglån") == [on]


def test_the_31st_in_february_on_the_page(staff, family, world):
    expense(
        family, world.coordinator, amount="9000", kind="rent", rhythm="monthly", day_of_month=31
    )
    html = page(staff, family, "2026-02")
    assert re.findall(r'<time datetime="([0-9-]+)">', html) == ["2026-02-28"]
    assert "Ut: Husleie eller boliglån" in html


def test_a_yearly_and_a_one_off_payment_fall_on_their_dates(family, world):
    by = world.coordinator
    expense(family, by, amount="3000", kind="insurance", rhythm="yearly", anchor=date(2024, 2, 29))
    income(
        family, by, amount="90000", code="engangsstonad", rhythm="once", anchor=date(2026, 2, 14)
    )
    feb = shown(family, date(2026, 2, 1))
    assert flow_days(feb, "Forsikring") == [date(2026, 2, 28)]
    assert flow_days(feb, "Engangsstønad") == [date(2026, 2, 14)]
    assert flow_days(shown(family, date(2027, 2, 1)), "Engangsstønad") == []
    assert flow_days(shown(family, date(2028, 2, 1)), "Forsikring") == [date(2028, 2, 29)]


def test_validity_limits_the_days(family, world):
    income(
        family,
        world.coordinator,
        amount="2000",
        code="aap",
        rhythm="monthly",
        day_of_month=15,
        valid_from=date(2026, 3, 16),
        valid_to=date(2026, 5, 15),
    )
    days = [
        flow_days(shown(family, date(2026, m, 1)), "Arbeidsavklaringspenger (AAP)")
        for m in (3, 4, 5, 6)
    ]
    assert days == [[], [date(2026, 4, 15)], [date(2026, 5, 15)], []]


def test_an_irregular_income_has_no_day_in_the_month(family, world):
    income(family, world.coordinator, amount="1500", rhythm="irregular")
    month = shown(family, MARCH)
    assert month.period.money_in == 0 and not month.busy_days


# -- Debts ----------------------------------------------------------------------------------


def test_a_debts_instalment_appears_on_its_day(staff, family, world):
    by = world.coordinator
    Debt.objects.create(
        municipality=family.municipality,
        family=family,
        creditor="Lindorff",
        kind="collection",
        outstanding=Decimal("12000"),
        instalment=Decimal("500"),
        instalment_day=31,
        status="agreement",
        created_by=by,
    )
    Debt.objects.create(
        municipality=family.municipality,
        family=family,
        creditor="Gammel kreditt",
        kind="credit_card",
        outstanding=Decimal("0"),
        instalment=Decimal("700"),
        instalment_day=3,
        status="settled",
        created_by=by,
    )
    balance(family, by, amount="1000", on=date(2026, 4, 1))
    april = shown(family, date(2026, 4, 1))
    assert flow_days(april, "Lindorff") == [date(2026, 4, 30)]
    assert day(april, date(2026, 4, 30)).money_out == Decimal("500")
    assert april.period.closing_balance == Decimal("500")
    # A settled debt's instalment is no longer drawn.
    assert flow_days(april, "Gammel kreditt") == []
    html = page(staff, family, "2026-04")
    assert "Ut: Lindorff" in html and "Gammel kreditt" not in html
    assert day_balances(html) == {"2026-04-30": kr(500)}


def test_a_debt_without_an_instalment_day_is_not_on_the_calendar(family, world):
    Debt.objects.create(
        municipality=family.municipality,
        family=family,
        creditor="Skatteetaten",
        kind="public",
        outstanding=Decimal("8000"),
        instalment=None,
        status="unpaid",
        created_by=world.coordinator,
    )
    assert not shown(family, MARCH).busy_days


# -- Paging ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,first",
    [
        ("2026-12", date(2026, 12, 1)),
        ("2026-1", MARCH),
        ("2026-13", MARCH),
        ("2026-00", MARCH),
        ("abcd-ef", MARCH),
        ("", MARCH),
        (None, MARCH),
    ],
)
def test_parse_month(value, first):
    assert month_view.parse_month(value, TODAY) == first


@time_machine.travel(TODAY, tick=False)
def test_paging_links_and_the_default_month(staff, family):
    html = staff.get(f"/economy/{family.pk}/month/").content.decode()
    assert "Mars 2026" in html
    assert '?month=2026-02"' in html and '?month=2026-04"' in html
    html = page(staff, family, "2026-12")
    assert '?month=2026-11"' in html and '?month=2027-01"' in html


def test_another_familys_month_is_not_found(client, world, family):
    client.force_login(world.coordinator_b)
    assert client.get(f"/economy/{family.pk}/month/?month=2026-03").status_code == 404

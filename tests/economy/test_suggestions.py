"""Schemes worth checking with real rows, per household type (a single parent with a
2-year-old and no kindergarten expense, a couple already receiving barnetrygd, rent and an
income under the line), the reason on the overview page, and the one-click measure in the
plan: made once per form, never under another family's goal, and a family without goals
gets a message instead of the form."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from familieplan.economy.models import Expense, IncomeSource, Scheme
from familieplan.economy.overview import overview
from familieplan.economy.reading import load
from familieplan.economy.suggestions import REASONS, suggested
from familieplan.families.models import Domain, Enrolment, ProgrammeSettings
from familieplan.lib.schemes import Reason
from familieplan.plans import services as plan_services
from familieplan.plans.models import Measure
from tests.factories import make_member

TODAY = date(2026, 3, 10)


def income(family, by, *, amount, code, **fields) -> IncomeSource:
    fields.setdefault("rhythm", "monthly")
    if fields["rhythm"] == "monthly":
        fields.setdefault("day_of_month", 20)
    return IncomeSource.objects.create(
        municipality=family.municipality,
        family=family,
        scheme=Scheme.objects.get(code=code, municipality=None),
        amount=Decimal(amount),
        created_by=by,
        **fields,
    )


def expense(family, by, *, amount, kind, **fields) -> Expense:
    return Expense.objects.create(
        municipality=family.municipality,
        family=family,
        kind=kind,
        amount=Decimal(amount),
        rhythm="monthly",
        day_of_month=1,
        created_by=by,
        **fields,
    )


def codes(family, today=TODAY) -> list[str]:
    economy = load(family)
    return [s.code for s in suggested(economy, overview(economy, today.year, today=today), today)]


@pytest.fixture
def single(world):
    """Kari (30) alone with Mia, 2 years old."""
    family = world.family_a
    family.kari = make_member(family=family, first_name="Kari", birth_date=date(1995, 8, 1))
    family.mia = make_member(
        family=family, role="child", first_name="Mia", birth_date=date(2023, 6, 1)
    )
    return family


@pytest.fixture
def couple(world):
    """Kari and Ola with Eva (10) and Ask (7)."""
    family = world.family_a
    make_member(family=family, first_name="Kari", birth_date=date(1985, 1, 1))
    make_member(family=family, first_name="Ola", birth_date=date(1984, 1, 1))
    make_member(family=family, role="child", first_name="Eva", birth_date=date(2015, 3, 1))
    make_member(family=family, role="child", first_name="Ask", birth_date=date(2018, 6, 1))
    return family


# -- Per household type ---------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_a_single_parent_with_a_two_year_old_at_home(single):
    assert codes(single) == [
        "barnetrygd",
        "utvidet_barnetrygd",
        "kontantstotte",
        "overgangsstonad",
        "bidragsforskudd",
    ]


@time_machine.travel(TODAY, tick=False)
def test_what_the_single_parent_receives_is_not_suggested_again(single, world):
    by = world.coordinator
    for code in ("barnetrygd", "utvidet_barnetrygd", "overgangsstonad", "barnebidrag"):
        income(single, by, amount="1000", code=code)
    # Overgangsstønad with a child under 3 makes småbarnstillegg worth checking.
    assert codes(single) == ["smabarnstillegg", "kontantstotte"]
    income(single, by, amount="1000", code="smabarnstillegg")
    income(single, by, amount="1000", code="kontantstotte")
    assert codes(single) == []


@time_machine.travel(TODAY, tick=False)
def test_a_kindergarten_expense_for_the_child_means_no_kontantstotte(single, world):
    expense(single, world.coordinator, amount="1500", kind="kindergarten", member=single.mia)
    found = codes(single)
    assert "kontantstotte" not in found
    # Paying for childcare as a single parent: stønad til barnetilsyn.
    assert "stonad_barnetilsyn" in found


@time_machine.travel(TODAY, tick=False)
def test_a_kindergarten_expense_that_has_ended_or_not_begun_is_no_kindergarten(single, world):
    by = world.coordinator
    expense(
        single,
        by,
        amount="1500",
        kind="kindergarten",
        member=single.mia,
        valid_to=date(2025, 12, 31),
    )
    expense(
        single,
        by,
        amount="1500",
        kind="kindergarten",
        member=single.mia,
        valid_from=date(2026, 8, 1),
    )
    found = codes(single)
    assert "kontantstotte" in found
    # An expense starting in August is not paid for now either; one that ended is not.
    assert "stonad_barnetilsyn" not in found


@time_machine.travel(TODAY, tick=False)
def test_a_kindergarten_expense_for_another_child_keeps_kontantstotte(single, world):
    older = make_member(family=single, role="child", first_name="Noah", birth_date=date(2020, 1, 1))
    expense(single, world.coordinator, amount="1500", kind="kindergarten", member=older)
    assert "kontantstotte" in codes(single)


@time_machine.travel(TODAY, tick=False)
def test_a_couple_receiving_barnetrygd(couple, world):
    income(couple, world.coordinator, amount="3532", code="barnetrygd")
    income(couple, world.coordinator, amount="60000", code="work")
    # Not single: no utvidet barnetrygd or overgangsstønad; the children are over 2.
    assert codes(couple) == []


@time_machine.travel(TODAY, tick=False)
def test_a_couple_whose_barnetrygd_has_ended_is_suggested_it_again(couple, world):
    income(couple, world.coordinator, amount="3532", code="barnetrygd", valid_to=date(2025, 12, 31))
    assert codes(couple) == ["barnetrygd"]


@pytest.mark.parametrize(
    "monthly,rent,expected",
    [
        # 2.1 units; the line (2022's median, the latest stored) is 267 360 per unit:
        # 46 788 a month is exactly at it.
        pytest.param("20000", True, ["bostotte"], id="rent-and-below-the-line"),
        pytest.param("46787", True, ["bostotte"], id="just-below"),
        pytest.param("46788", True, [], id="at-the-line"),
        pytest.param("20000", False, [], id="below-but-no-rent"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_rent_and_an_income_below_the_line_suggest_bostotte(couple, world, monthly, rent, expected):
    by = world.coordinator
    income(couple, by, amount="3532", code="barnetrygd")
    # The barnetrygd counts against the line as well: the work income makes up the rest.
    income(couple, by, amount=str(Decimal(monthly) - 3532), code="work")
    if rent:
        expense(couple, by, amount="12000", kind="rent")
    assert codes(couple) == expected


@time_machine.travel(TODAY, tick=False)
def test_bostotte_not_suggested_when_received_or_the_rent_has_ended(couple, world):
    by = world.coordinator
    income(couple, by, amount="3532", code="barnetrygd")
    income(couple, by, amount="10000", code="work")
    rent = expense(couple, by, amount="12000", kind="rent")
    assert codes(couple) == ["bostotte"]
    rent.valid_to = date(2026, 2, 28)
    rent.save()
    assert codes(couple) == []
    rent.valid_to = None
    rent.save()
    income(couple, by, amount="3000", code="bostotte")
    assert codes(couple) == []


@time_machine.travel(TODAY, tick=False)
def test_without_a_median_no_line_is_assumed(couple, world):
    # No median is stored on the old OECD scale, so whether the family is below is unknown.
    programme = ProgrammeSettings.for_municipality(world.muni_a)
    programme.scale = "oecd_old"
    programme.save()
    income(couple, world.coordinator, amount="3532", code="barnetrygd")
    expense(couple, world.coordinator, amount="12000", kind="rent")
    assert codes(couple) == []


@time_machine.travel(date(2022, 7, 15), tick=False)
def test_below_the_assistance_norm_in_a_month_with_rates(couple, world):
    by = world.coordinator
    income(couple, by, amount="3532", code="barnetrygd", counts_for_social_assistance=False)
    income(couple, by, amount="20000", code="work")
    expense(couple, by, amount="9000", kind="rent")
    # Couple 11 150 + Eva (7) 3 350 + Ask (4) 3 250 + rent 9 000 = 26 750 kr is more than the
    # 20 000 kr that count (barnetrygd does not): worth checking.
    assert "sosialhjelp" in codes(couple, date(2022, 7, 15))
    income(couple, by, amount="6750", code="work")  # 26 750: exactly at the norm
    assert "sosialhjelp" not in codes(couple, date(2022, 7, 15))


@time_machine.travel(TODAY, tick=False)
def test_no_rates_for_the_year_means_no_assistance_suggestion(couple, world):
    income(couple, world.coordinator, amount="100", code="work")
    expense(couple, world.coordinator, amount="9000", kind="rent")
    assert "sosialhjelp" not in codes(couple)


# -- On the overview page -------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_the_reason_is_shown_on_the_overview_page(staff, single):
    html = staff.get(f"/economy/{single.pk}/").content.decode()
    section = html.split('id="suggestions"')[1].split("</section>")[0]
    for name, reason in (
        ("Kontantstøtte", Reason.CHILD_1_2_NOT_FULL_TIME_KINDERGARTEN),
        ("Utvidet barnetrygd", Reason.SINGLE_PARENT_WITH_CHILD),
        ("Bidragsforskudd", Reason.SINGLE_PARENT_NO_MAINTENANCE),
    ):
        assert f">{name}</h3>" in section
        assert str(REASONS[reason]) in section
    assert "Det er ikke en vurdering av rett" in section
    # Another year's overview lists no suggestions: they are about the household now.
    other = staff.get(f"/economy/{single.pk}/?year=2025").content.decode()
    assert "Ingen forslag ut fra det som er registrert." in other


# -- The one-click measure ------------------------------------------------------------------


def _plan(family, world, *, goals=1):
    ProgrammeSettings.for_municipality(family.municipality)
    Enrolment.objects.create(
        municipality=family.municipality,
        family=family,
        status="active",
        started_on=date(2026, 1, 1),
    )
    plan = plan_services.plan_create(
        family=family,
        by=world.coordinator,
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
    )
    domain = Domain.objects.get(municipality=family.municipality, code="housing")
    return [
        plan_services.goal_add(
            plan=plan,
            by=world.coordinator,
            domain=domain,
            own_words=f"Vi vil ha oversikt over pengene ({n})",
        )
        for n in range(goals)
    ]


def _press(client, family, **data):
    return client.post(f"/economy/{family.pk}/suggestions/measure/", data)


@time_machine.travel(TODAY, tick=False)
def test_a_suggestion_becomes_a_measure_once(staff, single, world):
    (goal,) = _plan(single, world)
    html = staff.get(f"/economy/{single.pk}/").content.decode()
    assert "Lag tiltaket «Søke kontantstøtte»" in html
    assert f'<option value="{goal.pk}">' in html
    press = {
        "scheme": "kontantstotte",
        "goal": goal.pk,
        "responsible": "me",
        "due_on": "2026-03-24",
        "submit_token": str(uuid.uuid4()),
    }
    response = _press(staff, single, **press)
    assert response.status_code == 302
    assert response["Location"] == f"/economy/{single.pk}/#suggestions"
    measure = Measure.objects.get()
    assert measure.goal == goal and measure.what == "Søke kontantstøtte"
    assert measure.responsible_kind == Measure.Responsible.COORDINATOR
    assert measure.responsible_user == world.coordinator
    assert measure.due_on == date(2026, 3, 24)
    page = staff.get(response["Location"]).content.decode()
    assert "Tiltaket er lagt i familiens plan." in page
    # The same form pressed again makes no second measure.
    response = _press(staff, single, **press)
    assert response.status_code == 302 and Measure.objects.count() == 1
    assert "Det er lagret bare én gang" in staff.get(response["Location"]).content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_form_offers_two_weeks_ahead_and_a_family_member(staff, single, world):
    (goal,) = _plan(single, world)
    html = staff.get(f"/economy/{single.pk}/").content.decode()
    assert f'value="{(TODAY + timedelta(days=14)).isoformat()}"' in html
    response = _press(
        staff,
        single,
        scheme="bidragsforskudd",
        goal=goal.pk,
        responsible=str(single.kari.pk),
        due_on="2026-04-01",
        submit_token=str(uuid.uuid4()),
    )
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.responsible_kind == Measure.Responsible.MEMBER
    assert measure.responsible_member == single.kari and measure.responsible_user is None
    assert measure.what == "Søke bidragsforskudd"


@time_machine.travel(TODAY, tick=False)
def test_another_familys_goal_or_a_bad_date_makes_no_measure(staff, single, world):
    _plan(single, world)
    other = world.family_a_colleague
    make_member(family=other, first_name="Per", birth_date=date(1980, 1, 1))
    (other_goal,) = _plan(other, world)
    response = _press(
        staff,
        single,
        scheme="kontantstotte",
        goal=other_goal.pk,
        responsible="me",
        due_on="2026-03-24",
        submit_token=str(uuid.uuid4()),
    )
    assert response.status_code == 302 and not Measure.objects.exists()
    (goal,) = list(single.plans.get().goals.all())
    for due_on in ("", "2029-01-01"):  # none, or after the plan's period
        response = _press(
            staff,
            single,
            scheme="kontantstotte",
            goal=goal.pk,
            responsible="me",
            due_on=due_on,
            submit_token=str(uuid.uuid4()),
        )
        assert response.status_code == 302
    assert not Measure.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_family_without_goals_sees_the_message_instead_of_the_form(staff, single, world):
    message = "Familiens plan har ingen mål ennå."
    html = staff.get(f"/economy/{single.pk}/").content.decode()
    assert message in html and "Lag tiltaket" not in html  # no plan at all
    _plan(single, world, goals=0)
    html = staff.get(f"/economy/{single.pk}/").content.decode()
    assert message in html and "Lag tiltaket" not in html  # a plan without goals


@time_machine.travel(TODAY, tick=False)
def test_a_reader_sees_the_suggestions_without_the_form(client, single, world):
    _plan(single, world)
    client.force_login(world.colleague)
    html = client.get(f"/economy/{single.pk}/").content.decode()
    assert "Kontantstøtte" in html and "Lag tiltaket" not in html
    response = client.post(f"/economy/{single.pk}/suggestions/measure/", {"scheme": "bostotte"})
    assert response.status_code == 403
    assert not Measure.objects.exists()

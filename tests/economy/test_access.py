"""Who reaches a family's economy, tried the way someone looking for a gap would: another
municipality's family, another family's row or scenario under one's own family's address, a
member or an income of another family posted into a form, a change on a family one may only
read, a removal by GET. Each refusal changes nothing; every page read leaves one access-log
entry. The last test runs the role matrix's economy rows (tests/matrix_rows/economy.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from familieplan.core.models import AccessLog
from familieplan.economy import services
from familieplan.economy.models import (
    Balance,
    Debt,
    EconomyChange,
    Expense,
    IncomeSource,
    Scenario,
    ScenarioChange,
    Scheme,
)
from familieplan.families.models import Domain, Enrolment, Family, ProgrammeSettings
from familieplan.plans import services as plan_services
from familieplan.plans.models import Measure
from tests.factories import make_family, make_member
from tests.matrix_rows import economy as economy_rows
from tests.partners.conftest import shared  # noqa: F401

TODAY = date(2026, 3, 10)

ROW_MODELS = {"income": IncomeSource, "expense": Expense, "debt": Debt}


@dataclass
class Rows:
    """One family's economy: a row of each kind, a scenario and one change in it."""

    family: Family
    member: object
    income: IncomeSource
    expense: Expense
    debt: Debt
    scenario: Scenario
    change: ScenarioChange

    def row(self, kind: str):
        return getattr(self, kind)


def economy_of(family: Family, *, by, member=None) -> Rows:
    """Made through the services, as the pages make them (each change in the history)."""
    barnetrygd = Scheme.objects.get(code="barnetrygd", municipality=None)
    common = {"municipality_id": family.municipality_id, "family": family}
    monthly = {"rhythm": "monthly", "day_of_month": 20}
    income = services.row_save(
        family=family,
        by=by,
        row=IncomeSource(
            scheme=barnetrygd, member=member, amount=Decimal(1766), **common, **monthly
        ),
    )
    expense = services.row_save(
        family=family, by=by, row=Expense(kind="rent", amount=Decimal(9000), **common, **monthly)
    )
    debt = services.row_save(
        family=family,
        by=by,
        row=Debt(creditor="Lindorff", kind="collection", outstanding=Decimal(12000), **common),
    )
    scenario = services.scenario_create(
        family=family, by=by, name="Deltidsjobb fra mai", estimate_assistance=False
    )
    change = services.scenario_change_add(
        scenario=scenario,
        change=ScenarioChange(kind="income_ends", starts_on=date(2026, 5, 1), income=income),
    )
    return Rows(family, member, income, expense, debt, scenario, change)


def paths(rows: Rows, *, family: Family | None = None) -> dict[str, str]:
    """Every economy URL with `rows`' ids, under `family`'s address (default: their own)."""
    family_id = (family or rows.family).pk
    scenario = {"family_id": family_id, "scenario_id": rows.scenario.pk}
    return {
        "economy:overview": reverse("economy:overview", args=[family_id]),
        "economy:month": reverse("economy:month", args=[family_id]),
        "economy:history": reverse("economy:history", args=[family_id]),
        "economy:balance": reverse("economy:balance", args=[family_id]),
        "economy:row_new": reverse("economy:row_new", args=[family_id, "income"]),
        "economy:row_edit": reverse("economy:row_edit", args=[family_id, "income", rows.income.pk]),
        "economy:row_remove": reverse(
            "economy:row_remove", args=[family_id, "income", rows.income.pk]
        ),
        "economy:suggestion_measure": reverse("economy:suggestion_measure", args=[family_id]),
        "economy:scenario_new": reverse("economy:scenario_new", args=[family_id]),
        "economy:scenario": reverse("economy:scenario", kwargs=scenario),
        "economy:scenario_change_add": reverse("economy:scenario_change_add", kwargs=scenario),
        "economy:scenario_change_remove": reverse(
            "economy:scenario_change_remove", kwargs={**scenario, "change_id": rows.change.pk}
        ),
    }


def snapshot() -> dict[str, list]:
    """Everything the economy pages can change, to compare before and after a refusal."""
    return {
        model.__name__: sorted(map(str, model.objects.values_list()))
        for model in (
            IncomeSource,
            Expense,
            Debt,
            Balance,
            Scenario,
            ScenarioChange,
            EconomyChange,
            Measure,
        )
    }


def form_data(row) -> dict[str, str]:
    """A valid edit of `row` as its form would post it (amount raised by 1 kr)."""
    if isinstance(row, Debt):
        data = {"creditor": row.creditor, "kind": row.kind, "status": row.status}
        data["outstanding"] = str(row.outstanding + 1)
    else:
        data = {"amount": str(row.amount + 1), "rhythm": row.rhythm}
        data["day_of_month"] = str(row.day_of_month)
        if isinstance(row, IncomeSource):
            data |= {"scheme": str(row.scheme_id), "basis": row.basis, "evidence": row.evidence}
        else:
            data["kind"] = row.kind
    return {**data, "version": str(row.version)}


@pytest.fixture
def economies(world):
    """Family A (the coordinator's), a second family of the same coordinator in the same
    unit, and family B in municipality B, each with its economy."""
    a = world.family_a
    kari = make_member(family=a, first_name="Kari", birth_date=date(1988, 4, 2))
    make_member(family=a, first_name="Ola", role="child", birth_date=date(2018, 5, 1))
    mine = make_family(unit=world.unit_a, name="Familien Dahl", coordinator=world.coordinator)
    dahl = make_member(family=mine, first_name="Dina", birth_date=date(1990, 1, 9))
    b = world.family_b
    bodil = make_member(family=b, first_name="Bodil", birth_date=date(1980, 2, 1))
    return {
        "a": economy_of(a, by=world.coordinator, member=kari),
        "mine": economy_of(mine, by=world.coordinator, member=dahl),
        "b": economy_of(b, by=world.coordinator_b, member=bodil),
    }


def goal_of(family: Family, *, by):
    """An enrolled family's plan with one goal."""
    ProgrammeSettings.for_municipality(family.municipality)
    Enrolment.objects.create(
        municipality=family.municipality, family=family, status="active", started_on=TODAY
    )
    plan = plan_services.plan_create(
        family=family, by=by, period_start=TODAY, period_end=date(2026, 12, 31)
    )
    domain = Domain.objects.get(municipality=family.municipality, code="economy")
    return plan_services.goal_add(plan=plan, by=by, domain=domain, own_words="Oversikt")


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


# -- Another municipality's family ---------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("name", [row.url for row in economy_rows.ROWS])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_municipalitys_family_is_not_found_on_every_page(
    client, world, economies, name, method
):
    """Family B's own address with its own ids: 404 for municipality A's coordinator, the
    same as for an id that does not exist, nothing changed, and the attempt logged under
    municipality B so its privacy officer sees it."""
    login(client, world.coordinator)
    b = economies["b"]
    path = paths(b)[name]
    before = snapshot()
    response = getattr(client, method)(path, form_data(b.income) if method == "post" else None)
    if response.status_code == 405:  # a page that only shows, or only acts
        assert not AccessLog.objects.filter(path=path).exists()
    else:
        assert response.status_code == 404
        entry = AccessLog.objects.get(path=path)
        assert (entry.outcome, entry.municipality_id) == ("not_found", world.muni_b.pk)
        assert (entry.family_id, entry.user_id) == (b.family.pk, world.coordinator.pk)
    assert snapshot() == before


def test_an_unknown_family_id_answers_as_another_municipalitys_family(client, world, economies):
    login(client, world.coordinator)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/economy/{unknown}/").status_code == 404
    assert client.get(f"/economy/{economies['b'].family.pk}/").status_code == 404


# -- Another family's rows under my family's address -------------------------------------


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("other", ["mine", "b"])
@pytest.mark.parametrize("kind", ["income", "expense", "debt"])
def test_another_familys_row_under_my_familys_address_is_not_found(
    client, world, economies, other, kind
):
    """Family A's address with a row of another family: of the same coordinator (who may
    change both) or of another municipality. Edit and remove, GET and POST: 404, and the
    row, its history and the scenario changes about it are as they were."""
    login(client, world.coordinator)
    a, row = economies["a"].family, economies[other].row(kind)
    edit = reverse("economy:row_edit", args=[a.pk, kind, row.pk])
    remove = reverse("economy:row_remove", args=[a.pk, kind, row.pk])
    before = snapshot()
    assert client.get(edit).status_code == 404
    assert client.post(edit, form_data(row)).status_code == 404
    assert client.get(remove).status_code == 404
    assert client.post(remove).status_code == 404
    assert snapshot() == before
    assert type(row).objects.get(pk=row.pk).version == row.version


@time_machine.travel(TODAY, tick=False)
def test_a_row_under_another_kinds_address_is_not_found(client, world, economies):
    """Family A's own expense named as an income (or a debt): 404, nothing removed."""
    login(client, world.coordinator)
    a = economies["a"]
    before = snapshot()
    for kind in ("income", "debt"):
        remove = reverse("economy:row_remove", args=[a.family.pk, kind, a.expense.pk])
        assert client.post(remove).status_code == 404
        edit = reverse("economy:row_edit", args=[a.family.pk, kind, a.expense.pk])
        assert client.post(edit, form_data(a.expense)).status_code == 404
    assert client.get(f"/economy/{a.family.pk}/balance/{a.expense.pk}/").status_code == 404
    assert snapshot() == before


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("other", ["mine", "b"])
def test_another_familys_scenario_under_my_familys_address_is_not_found(
    client, world, economies, other
):
    login(client, world.coordinator)
    a, theirs = economies["a"], economies[other]
    under_mine = paths(theirs, family=a.family)
    before = snapshot()
    assert client.get(under_mine["economy:scenario"]).status_code == 404
    change = {"kind": "income_ends", "starts_on": "01.06.2026", "income": str(a.income.pk)}
    assert client.post(under_mine["economy:scenario_change_add"], change).status_code == 404
    assert client.post(under_mine["economy:scenario_change_remove"]).status_code == 404
    assert snapshot() == before


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("other", ["mine", "b"])
def test_another_scenarios_change_under_my_scenario_is_not_found(client, world, economies, other):
    """My own scenario with another family's change: 404, and that change stays."""
    login(client, world.coordinator)
    a, theirs = economies["a"], economies[other]
    path = reverse(
        "economy:scenario_change_remove",
        args=[a.family.pk, a.scenario.pk, theirs.change.pk],
    )
    before = snapshot()
    assert client.post(path).status_code == 404
    assert snapshot() == before


# -- Another family's people and rows posted into my family's forms ------------------------


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("other", ["mine", "b"])
@pytest.mark.parametrize("kind", ["income", "expense", "debt"])
def test_a_member_of_another_family_is_refused_with_a_message(
    client, world, economies, other, kind
):
    """A new row and an edit of one of family A's rows, with another family's member as
    the person it is about: the form comes back with a message at the field, nothing saved."""
    login(client, world.coordinator)
    a, stranger = economies["a"], economies[other].member
    new = reverse("economy:row_new", args=[a.family.pk, kind])
    edit = reverse("economy:row_edit", args=[a.family.pk, kind, a.row(kind).pk])
    data = {**form_data(a.row(kind)), "member": str(stranger.pk)}
    before = snapshot()
    for path, posted in ((new, {k: v for k, v in data.items() if k != "version"}), (edit, data)):
        response = client.post(path, posted)
        assert response.status_code == 200
        form = response.context["form"]
        assert list(form.errors) == ["member"]
        assert form.errors["member"][0] in response.content.decode()
    assert snapshot() == before


def test_the_service_refuses_another_familys_member_too(world, economies):
    """Behind the form: a row of family A about family B's member is never saved."""
    a, b = economies["a"], economies["b"]
    row = Expense(
        municipality_id=a.family.municipality_id,
        family=a.family,
        kind="phone",
        amount=Decimal(399),
        rhythm="monthly",
        day_of_month=3,
        member=b.member,
    )
    before = snapshot()
    with pytest.raises(ValidationError, match="hører ikke til denne familien"):
        services.row_save(family=a.family, by=world.coordinator, row=row)
    with pytest.raises(ValidationError):
        services.row_remove(family=a.family, by=world.coordinator, row=b.income)
    assert snapshot() == before


@time_machine.travel(TODAY, tick=False)
def test_family_and_municipality_in_the_post_are_ignored(client, world, economies):
    """A new income posted with family B's ids beside the form's fields lands in family A."""
    login(client, world.coordinator)
    a, b = economies["a"], economies["b"]
    data = {k: v for k, v in form_data(a.income).items() if k != "version"}
    extra = {"family": str(b.family.pk), "municipality": str(world.muni_b.pk)}
    response = client.post(f"/economy/{a.family.pk}/income/new/", {**data, **extra})
    assert response.status_code == 302
    made = IncomeSource.objects.exclude(pk__in=[e.income.pk for e in economies.values()]).get()
    assert (made.family_id, made.municipality_id) == (a.family.pk, world.muni_a.pk)
    assert IncomeSource.objects.filter(family=b.family).count() == 1


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("other", ["mine", "b"])
@pytest.mark.parametrize("field", ["income", "expense"])
def test_a_scenario_change_about_another_familys_source_is_refused(
    client, world, economies, other, field
):
    login(client, world.coordinator)
    a, theirs = economies["a"], economies[other]
    path = paths(a)["economy:scenario_change_add"]
    kind = {"income": "income_ends", "expense": "expense_ends"}[field]
    before = snapshot()
    posted = {"kind": kind, "starts_on": "01.06.2026", field: str(theirs.row(field).pk)}
    response = client.post(path, posted)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert snapshot() == before
    # The same change about family A's own source is saved: the refusal was the source.
    posted[field] = str(a.row(field).pk)
    assert client.post(path, posted).status_code == 302
    assert a.scenario.changes.count() == 2


def test_the_service_refuses_a_scenario_change_about_another_familys_income(world, economies):
    a, b = economies["a"], economies["b"]
    change = ScenarioChange(kind="income_amount", starts_on=TODAY, income=b.income, amount=1)
    with pytest.raises(ValidationError):
        services.scenario_change_add(scenario=a.scenario, change=change)
    assert a.scenario.changes.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_suggestion_under_another_familys_goal_is_refused(client, world, economies):
    """The measure form names a goal; one of another family's plan is not a choice."""
    login(client, world.coordinator)
    a, mine = economies["a"], economies["mine"]
    goals = {key: goal_of(economies[key].family, by=world.coordinator) for key in ("a", "mine")}
    path = f"/economy/{a.family.pk}/suggestions/measure/"
    posted = {"scheme": "bostotte", "responsible": "me", "due_on": "24.03.2026"}
    before = snapshot()
    attempts = [
        {"goal": str(goals["mine"].pk)},  # another family's goal
        {"goal": str(goals["a"].pk), "responsible": str(mine.member.pk)},  # their member
    ]
    for attempt in attempts:
        response = client.post(
            path, {**posted, **attempt, "submit_token": str(uuid.uuid4())}, follow=True
        )
        assert response.redirect_chain == [(f"/economy/{a.family.pk}/#suggestions", 302)]
        shown = [m for m in response.context["messages"] if m.level_tag == "error"]
        assert len(shown) == 1 and str(shown[0])
        assert snapshot() == before
    # Family A's own goal and the coordinator: the measure is made, under that goal.
    client.post(path, {**posted, "goal": str(goals["a"].pk), "submit_token": str(uuid.uuid4())})
    assert Measure.objects.get().goal == goals["a"]


# -- A family one may only read --------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_a_colleague_reads_the_scenario_but_gets_no_form(client, world, economies):
    login(client, world.colleague)
    a = economies["a"]
    response = client.get(paths(a)["economy:scenario"])
    assert response.status_code == 200
    assert response.context["form"] is None
    assert paths(a)["economy:scenario_change_add"] not in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_colleague_is_refused_every_scenario_change(client, world, economies):
    """Family A is the colleague's to read only: adding or removing a change is 403, logged
    as refused (read only), and nothing changes."""
    login(client, world.colleague)
    a = economies["a"]
    urls = paths(a)
    before = snapshot()
    change = {"kind": "income_ends", "starts_on": "01.06.2026", "income": str(a.income.pk)}
    assert client.post(urls["economy:scenario_change_add"], change).status_code == 403
    assert client.post(urls["economy:scenario_change_remove"]).status_code == 403
    assert snapshot() == before
    refused = AccessLog.objects.filter(user=world.colleague, outcome="read_only")
    assert refused.count() == 2


@time_machine.travel(TODAY, tick=False)
def test_a_colleague_may_not_make_a_scenario(client, world, economies):
    login(client, world.colleague)
    path = paths(economies["a"])["economy:scenario_new"]
    before = snapshot()
    assert client.get(path).status_code == 403
    posted = {"name": "Ny jobb", "submit_token": str(uuid.uuid4())}
    assert client.post(path, posted).status_code == 403
    assert snapshot() == before


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("kind", ["income", "expense", "debt"])
def test_a_colleague_posting_remove_is_refused_and_the_row_remains(client, world, economies, kind):
    login(client, world.colleague)
    a = economies["a"]
    row = a.row(kind)
    before = snapshot()
    remove = reverse("economy:row_remove", args=[a.family.pk, kind, row.pk])
    edit = reverse("economy:row_edit", args=[a.family.pk, kind, row.pk])
    assert client.post(remove).status_code == 403
    assert client.post(edit, form_data(row)).status_code == 403
    assert snapshot() == before
    assert ROW_MODELS[kind].objects.filter(pk=row.pk).exists()
    entries = AccessLog.objects.filter(user=world.colleague, family_id=a.family.pk)
    assert set(entries.values_list("outcome", flat=True)) == {"read_only"}


@time_machine.travel(TODAY, tick=False)
def test_a_colleague_may_not_state_a_balance_or_add_a_measure(client, world, economies):
    login(client, world.colleague)
    a = economies["a"].family
    before = snapshot()
    balance = {"amount": "100", "on": "10.03.2026", "submit_token": str(uuid.uuid4())}
    assert client.post(f"/economy/{a.pk}/balance/", balance).status_code == 403
    assert client.post(f"/economy/{a.pk}/income/new/", {"amount": "1"}).status_code == 403
    assert client.post(f"/economy/{a.pk}/suggestions/measure/").status_code == 403
    assert snapshot() == before


# -- Removal needs a POST --------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("kind", ["income", "expense", "debt"])
def test_a_get_of_a_remove_address_removes_nothing(client, world, economies, kind):
    """The coordinator opens the address (a link, a prefetch, an image tag): a page asking
    to confirm, the row still there; only the form's POST removes it."""
    login(client, world.coordinator)
    a = economies["a"]
    row = a.row(kind)
    path = reverse("economy:row_remove", args=[a.family.pk, kind, row.pk])
    before = snapshot()
    assert client.head(path).status_code == 200
    page = client.get(path)
    assert page.status_code == 200
    assert '<form method="post">' in page.content.decode()  # to itself: the confirmation
    assert snapshot() == before
    assert client.post(path).status_code == 302
    assert not ROW_MODELS[kind].objects.filter(pk=row.pk).exists()
    assert EconomyChange.objects.filter(object_id=row.pk, action="removed").count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_get_of_a_scenario_change_removal_removes_nothing(client, world, economies):
    login(client, world.coordinator)
    a = economies["a"]
    assert client.get(paths(a)["economy:scenario_change_remove"]).status_code == 405
    assert ScenarioChange.objects.filter(pk=a.change.pk).exists()


# -- The access log ---------------------------------------------------------------------------

#: Every page that shows family A's economy or one of its forms, with the action logged.
PAGES = [
    ("economy:overview", "", "read"),
    ("economy:overview", "?year=2025", "read"),
    ("economy:month", "", "read"),
    ("economy:month", "?month=2026-04", "read"),
    ("economy:month", "?print=1", "print"),
    ("economy:history", "", "read"),
    ("economy:scenario", "", "read"),
    ("economy:balance", "", "read"),
    ("economy:row_new", "", "read"),
    ("economy:row_edit", "", "read"),
    ("economy:row_remove", "", "read"),
    ("economy:scenario_new", "", "read"),
]
#: The pages a colleague of the unit reads (the forms answer them 403).
SHOWN = {"economy:overview", "economy:month", "economy:history", "economy:scenario"}


def _reads():
    for persona in ("coordinator", "team_lead", "colleague"):
        for name, query, action in PAGES:
            if persona == "colleague" and name not in SHOWN:
                continue
            yield pytest.param(persona, name, query, action)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(("persona", "name", "query", "action"), _reads())
def test_each_page_read_writes_one_access_log_entry(
    client, world, economies, persona, name, query, action
):
    user = getattr(world, persona)
    login(client, user)
    a = economies["a"]
    path = paths(a)[name]
    start = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(path + query)
    assert response.status_code == 200
    entry = AccessLog.objects.get(id__gt=start)  # exactly one
    assert (entry.user_id, entry.family_id, entry.municipality_id) == (
        user.pk,
        a.family.pk,
        world.muni_a.pk,
    )
    assert (entry.action, entry.outcome, entry.path) == (action, "allowed", path)
    assert (entry.object_type, entry.object_id) == ("families.family", str(a.family.pk))


@time_machine.travel(TODAY, tick=False)
def test_a_refused_read_is_logged_under_the_familys_municipality(client, world, economies):
    """Municipality B's coordinator tries family A's pages: each try is one entry, not found,
    under municipality A, so that A's privacy officer sees it."""
    login(client, world.coordinator_b)
    a = economies["a"]
    start = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    shown = [name for name, _query, _action in PAGES]
    for name in shown:
        assert client.get(paths(a)[name]).status_code == 404
    entries = AccessLog.objects.filter(id__gt=start)
    assert entries.count() == len(shown)
    assert set(entries.values_list("outcome", "municipality_id", "family_id")) == {
        ("not_found", world.muni_a.pk, a.family.pk)
    }


@time_machine.travel(TODAY, tick=False)
def test_changes_are_logged_as_what_happened(client, world, economies):
    """A saved form is a create or a change; a form back with errors is a read."""
    login(client, world.coordinator)
    a = economies["a"]
    urls = paths(a)

    def last():
        return AccessLog.objects.order_by("-id").values_list("action", "outcome").first()

    client.post(urls["economy:row_edit"], form_data(a.income))
    assert last() == ("change", "allowed")
    client.post(urls["economy:row_new"], {"amount": "-1"})
    assert last() == ("read", "allowed")
    client.post(urls["economy:row_remove"])
    assert last() == ("change", "allowed")

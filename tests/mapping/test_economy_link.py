"""The household questionnaire's income answer comes from the economy when one is recorded:
the form shows it filled in and locked, the service stores it whatever was posted, and the
completed mapping keeps the economy (per consumption unit, share of the line, debt in
collection). Without income recorded, the answer is typed as before. The programme figures
count the families under the line per mapping, small groups hidden."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from familieplan.economy.models import Debt, IncomeSource, Scheme
from familieplan.families.models import ReferenceMedian
from familieplan.lib.rhythm import Rhythm
from familieplan.mapping import economy_figures, services
from familieplan.mapping.figures_views import scope_for
from familieplan.mapping.forms import field_name
from familieplan.mapping.models import EconomyAtMapping, Response
from tests.mapping.conftest import instrument
from tests.mapping.test_services import start

HOUSEHOLD = {
    "housing_standard": 2,
    "housing_security": 2,
    "moves": 0,
    "income_level": 3,
    "debt": 3,
    "bed_and_homework_place": 1,
}


@pytest.fixture
def median(db):
    # The reference data every test has: SSB's median for 2022, 445,600 kr.
    median = ReferenceMedian.objects.get(year=2022, scale="eu")
    assert median.amount == 445600
    return median


def _income(shared, amount, *, debt=False):
    family = shared.family
    common = {
        "municipality_id": family.municipality_id,
        "family": family,
        "created_by": shared.world.coordinator,
    }
    IncomeSource.objects.create(
        scheme=Scheme.objects.get(code="work", municipality=None),
        amount=amount,
        rhythm=Rhythm.MONTHLY,
        day_of_month=12,
        **common,
    )
    if debt:
        Debt.objects.create(creditor="Inkasso AS", kind="collection", outstanding=9000, **common)


def _save(shared, assessment, answers):
    return services.response_save(
        assessment=assessment,
        instrument=instrument("living-household"),
        member=None,
        answered_by="with_coordinator",
        answers=answers,
        final=True,
        by=shared.world.coordinator,
    )


def test_the_income_answer_comes_from_the_economy(enrolled, median):
    # Mother, a youth of 16 and a child of 9: 1.8 consumption units on the EU scale. 20,000 a
    # month is 133,333 per unit, about half of the line (60 % of 445,600 = 267,360): under.
    _income(enrolled, 20000, debt=True)
    assessment = start(enrolled)
    response = _save(enrolled, assessment, HOUSEHOLD)  # 3 ("over") typed: not what is stored
    assert response.answers["income_level"] == 1
    services.assessment_complete(assessment=assessment, by=enrolled.world.coordinator)
    kept = EconomyAtMapping.objects.get(assessment=assessment)
    assert kept.below_line is True and kept.debt_in_collection is True
    assert kept.income_per_unit == 133333 and kept.line == 267360
    assert kept.share_percent == Decimal("49.9") and kept.median_year == 2022


def test_the_form_shows_the_answer_locked_with_its_figure(client, enrolled, median):
    _income(enrolled, 40000)  # 266,667 per unit: 99.7 % of the line, "around"
    assessment = start(enrolled)
    client.force_login(enrolled.world.coordinator)
    url = f"/mapping/{enrolled.family.pk}/{assessment.pk}/living-household/family/"
    page = client.get(url).content.decode()
    assert "Fylt ut fra familiens økonomi" in page and "99,7" in page
    name = field_name("income_level")
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert len(inputs) == 3 and all("disabled" in tag for tag in inputs)
    assert [tag for tag in inputs if "checked" in tag] == [
        tag for tag in inputs if 'value="2"' in tag
    ]


def test_without_income_the_answer_is_typed(enrolled, median):
    assessment = start(enrolled)
    response = _save(enrolled, assessment, HOUSEHOLD)
    assert response.answers["income_level"] == 3
    services.assessment_complete(assessment=assessment, by=enrolled.world.coordinator)
    assert not EconomyAtMapping.objects.exists()
    assert Response.objects.get().answers["income_level"] == 3


def test_the_figure_hides_a_split_of_fewer_than_five(enrolled, median, world):
    _income(enrolled, 20000)
    assessment = start(enrolled)
    _save(enrolled, assessment, HOUSEHOLD)
    services.assessment_complete(assessment=assessment, by=enrolled.world.coordinator)
    scope = scope_for(world.team_lead, group_by="municipality", cohort=None)
    (row,) = economy_figures.line_rows(scope)
    assert row.families == 1 and row.suppressed and row.below is None

"""The programme figures computed from mappings completed through the services: the change
from intake counts every person once as a pair and every family once, the distributions
count families per category with small cells and columns suppressed, and on PostgreSQL each
figures query is answered from its partial covering index alone, in the index's order (what
keeps a whole municipality's page fast, decision 0014)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.template.defaultfilters import floatformat
from django.utils import formats, translation

from familieplan.mapping import figures
from familieplan.mapping.figures import Scope
from familieplan.mapping.figures_tables import number_text
from familieplan.mapping.models import ScoreValue
from tests.mapping.conftest import WHO5, mapped_family


def _who5(*levels):
    return [dict.fromkeys(WHO5, level) for level in levels]


def _change(result, instrument, score):
    (change,) = [
        c
        for c in result.changes
        if (c.instrument_key, c.score_key, c.occasion, c.number) == (instrument, score, "yearly", 1)
    ]
    return change


def test_the_change_counts_each_person_as_a_pair_and_each_family_once(world):
    for i in range(5):  # two adults each: WHO-5 percent 20 and 40 at intake, 60 and 80 later
        mapped_family(world, f"Familien To{i}", {"who5": (_who5(1, 2), _who5(3, 4))}, adults=2)
    result = figures.compute(Scope(municipality_ids=(world.muni_a.pk,)))
    percent = _change(result, "who5", "percent")
    assert (percent.group, percent.families, percent.pairs) == (world.muni_a.pk, 5, 10)
    assert (percent.mean_before, percent.mean_after, percent.mean_change) == (30.0, 70.0, 40.0)
    assert not percent.suppressed
    assert result.families == {world.muni_a.pk: 5}
    assert [(t.occasion, t.done, t.on_time) for t in result.timeliness] == [
        ("intake", 5, 5),
        ("yearly", 5, 5),
    ]


def test_a_group_of_fewer_than_five_families_is_suppressed(world):
    for i in range(4):
        mapped_family(world, f"Familien Fire{i}", {"who5": (_who5(1), _who5(3))})
    result = figures.compute(Scope(municipality_ids=(world.muni_a.pk,), group_by="unit"))
    percent = _change(result, "who5", "percent")
    assert (percent.group, percent.families) == (world.unit_a.pk, 4)
    assert percent.suppressed
    assert all(t.suppressed and t.share is None for t in result.timeliness)


THRIVING, STRUGGLING, SUFFERING = (
    {"now": 8, "future": 9},
    {"now": 5, "future": 6},
    {"now": 2, "future": 3},
)


def test_the_distributions_count_families_and_hide_small_cells(world):
    for i in range(6):  # struggling at intake, thriving a year later
        mapped_family(world, f"Familien Trives{i}", {"cantril": (STRUGGLING, THRIVING)})
    for i in range(2):  # struggling both times
        mapped_family(world, f"Familien Strever{i}", {"cantril": (STRUGGLING, STRUGGLING)})
    for i in range(3):  # two adults each, one of each kind: a family per category
        pair = [THRIVING, STRUGGLING]
        mapped_family(world, f"Familien Begge{i}", {"cantril": (pair, pair)}, adults=2)
    muni = world.muni_a.pk
    cells = figures.compute(Scope(municipality_ids=(muni,))).distributions
    key = (muni, "cantril", "category:ladder")
    assert cells[(*key, "yearly", 1)] == {"thriving": 9, "struggling": 5}
    # 11 struggling and 3 thriving: the 3 alone would follow from how many were mapped
    assert cells[(*key, "intake", 0)] is None
    other_unit = figures.compute(Scope(municipality_ids=(muni,), unit_ids=(world.unit_a2.pk,)))
    assert other_unit.distributions == {}
    for i in range(3):  # a column of three families in the other unit: hidden whole
        mapped_family(
            world, f"Familien Liten{i}", {"cantril": (STRUGGLING, THRIVING)}, unit=world.unit_a2
        )
    small = figures.compute(Scope(municipality_ids=(muni,), group_by="unit")).distributions
    assert small[(world.unit_a2.pk, "cantril", "category:ladder", "intake", 0)] is None
    assert small[(world.unit_a.pk, "cantril", "category:ladder", "yearly", 1)] == {
        "thriving": 9,
        "struggling": 5,
    }


def test_one_small_cell_hides_the_next_smallest_too(world):
    for i in range(7):
        mapped_family(world, f"Familien Trives{i}", {"cantril": (STRUGGLING, THRIVING)})
    for i in range(5):
        mapped_family(world, f"Familien Strever{i}", {"cantril": (STRUGGLING, STRUGGLING)})
    mapped_family(world, "Familien Lider", {"cantril": (STRUGGLING, SUFFERING)})
    cells = figures.compute(Scope(municipality_ids=(world.muni_a.pk,))).distributions
    column = cells[(world.muni_a.pk, "cantril", "category:ladder", "yearly", 1)]
    assert column == {"thriving": 7, "struggling": None, "suffering": None}
    assert cells[(world.muni_a.pk, "cantril", "category:ladder", "intake", 0)] == {"struggling": 13}


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"a": 4}, None),  # fewer than five in all
        ({"a": 2, "b": 2}, None),
        ({"a": 5}, {"a": 5}),
        ({"a": 5, "b": 6}, {"a": 5, "b": 6}),
        ({"a": 5, "b": 1}, None),  # b follows from the total: a goes too, nothing is left
        ({"a": 9, "b": 3, "c": 1}, {"a": 9, "b": None, "c": None}),  # two hidden: enough
        ({"a": 9, "b": 6, "c": 1}, {"a": 9, "b": None, "c": None}),  # the smallest goes too
        ({"a": 9, "b": 6, "c": 5, "d": 2}, {"a": 9, "b": 6, "c": None, "d": None}),
        ({"a": 2, "b": 2, "c": 2}, None),  # all small
    ],
)
def test_a_column_is_suppressed_so_no_small_cell_can_be_worked_out(counts, shown):
    assert figures.suppress_column(counts) == shown


def test_the_cohort_is_the_start_year(world):
    for i in range(6):
        family = mapped_family(world, f"Familien Kull{i}", {"who5": (_who5(2), _who5(4))})
    cohort = family.enrolments.get().started_on.year
    by_cohort = figures.compute(Scope(municipality_ids=(world.muni_a.pk,), group_by="cohort"))
    percent = _change(by_cohort, "who5", "percent")
    assert (percent.group, percent.families) == (cohort, 6)
    elsewhere = figures.compute(Scope(municipality_ids=(world.muni_a.pk,), cohort=cohort - 1))
    assert elsewhere.changes == [] and elsewhere.families == {}


def test_an_intake_value_belongs_on_a_later_value_only(world):
    """The figures take every row with an intake value as a later mapping's (the database
    refuses anything else), so they need no filter on the occasion."""
    mapped_family(world, "Familien Regel", {"who5": (_who5(2), _who5(4))})
    intake = ScoreValue.objects.filter(occasion="intake", score_key="percent")
    with pytest.raises(IntegrityError), transaction.atomic():
        intake.update(baseline=40.0)
    later = ScoreValue.objects.filter(occasion="yearly", score_key="percent")
    with pytest.raises(IntegrityError), transaction.atomic():
        later.update(value=None)
    assert later.get().baseline == 40.0 and intake.get().baseline is None


SCOPES = {
    "municipality": {},
    "unit": {"unit_ids": "unit_a", "group_by": "unit"},
    "cohort": {"cohort": 2025, "group_by": "cohort"},
    "instrument": {"instrument": "who5"},
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
@pytest.mark.parametrize("variant", SCOPES)
def test_each_figures_query_reads_its_covering_index_alone(world, variant):
    """With the table scan priced out, the planner still takes an index-only scan and needs
    no sort: every column the query names is in the index, and it groups in the index's
    order. Naming one more (the primary key in a COUNT, as the first version did) sends it
    to the table, about ten times slower for a whole municipality."""
    ladder = ({"now": 5, "future": 6}, {"now": 8, "future": 9})
    mapped_family(world, "Familien Plan", {"who5": (_who5(2), _who5(4)), "cantril": ladder})
    options = dict(SCOPES[variant])
    if "unit_ids" in options:
        options["unit_ids"] = (world.unit_a.pk,)
    scope = Scope(municipality_ids=(world.muni_a.pk,), **options)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
    try:
        for query, index in (
            (figures.change_cells(scope), "score_change"),
            (figures.category_cells(scope), "score_categories"),
        ):
            plan = query.explain()
            assert f"Index Only Scan using {index}" in plan
            assert "Sort" not in plan and "HashAggregate" not in plan
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_bitmapscan")


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("value", [0.0, -0.0, 1.0, 40.0, 3.5, -3.5, 0.01, -0.01, 12.34, 1234.5])
def test_numbers_on_the_page_read_as_the_template_filter_shows_them(language, value):
    with translation.override(language):
        separator = formats.get_format("DECIMAL_SEPARATOR")
        assert number_text(value, separator) == floatformat(value, "-2")
        signed = number_text(value, separator, sign=True)
        assert signed == ("+" if value > 0 else "") + floatformat(value, "-2")
    assert number_text(None, ",") == "–"

"""Tests for familieplan.mapping.scoring: cleaning answers and the published scoring rules.

The WHO-5, Cantril and GSE rules are the ones in REFERENCE.md §4, run on the shipped files.
"""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familieplan.mapping.definition import INSTRUMENT_DIR, load_file, parse
from familieplan.mapping.scoring import Flag, Problem, Result, clean_answers, score

WHO5 = load_file(INSTRUMENT_DIR / "who5.v1.yaml")
CANTRIL = load_file(INSTRUMENT_DIR / "cantril.v1.yaml")
GSE = load_file(INSTRUMENT_DIR / "gse.v1.yaml")

WHO5_ITEMS = ("q1", "q2", "q3", "q4", "q5")
GSE_ITEMS = tuple(f"q{n}" for n in range(1, 11))


def who5(*values):
    return dict(zip(WHO5_ITEMS, values, strict=True))


# --- WHO-5: raw = sum of 5 items (0-5); percent = raw × 4; raw < 13 or any item <= 1 flags --


@pytest.mark.parametrize(
    ("answers", "raw", "percent", "flags"),
    [
        ((3, 3, 3, 3, 3), 15.0, 60.0, []),
        ((5, 5, 5, 5, 5), 25.0, 100.0, []),
        # 13 is not below 13: no wellbeing flag; no item at 0 or 1.
        ((3, 3, 3, 2, 2), 13.0, 52.0, []),
        # 12 < 13 (48 %): poor wellbeing, and no item at 0 or 1.
        ((3, 3, 2, 2, 2), 12.0, 48.0, ["low_wellbeing"]),
        # A single 1 flags even with a good total.
        ((5, 5, 5, 5, 1), 21.0, 84.0, ["low_item"]),
        ((2, 2, 2, 2, 2), 10.0, 40.0, ["low_wellbeing"]),
        ((0, 0, 0, 0, 0), 0.0, 0.0, ["low_wellbeing", "low_item"]),
    ],
)
def test_who5_table(answers, raw, percent, flags):
    result = score(WHO5, who5(*answers))
    assert result.scores == {"raw": raw, "percent": percent}
    assert result.unscored == {}
    assert result.missing == ()
    assert [flag.key for flag in result.flags] == flags


def test_who5_low_wellbeing_flag_has_its_reason_and_facts():
    result = score(WHO5, who5(3, 3, 2, 2, 2))
    (flag,) = result.flags
    assert flag.key == "low_wellbeing"
    assert flag.detail == "raw 12 < 13"
    assert "below 13" in flag.reason.get("en")
    assert "follow-up" in flag.reason.get("en")
    assert "oppfølging" in flag.reason.get("nb")


def test_who5_item_flag_names_the_items():
    result = score(WHO5, who5(4, 1, 4, 0, 4))
    (flag,) = result.flags
    assert flag == Flag(
        key="low_item", reason=WHO5.flags[1].reason, detail="item q2 = 1, item q4 = 0"
    )


def test_who5_both_flags_give_their_facts():
    result = score(WHO5, who5(1, 3, 2, 2, 2))
    assert [(f.key, f.detail) for f in result.flags] == [
        ("low_wellbeing", "raw 10 < 13"),
        ("low_item", "item q1 = 1"),
    ]


def test_who5_missing_item_is_not_scored():
    result = score(WHO5, {"q1": 3, "q2": 3, "q3": 3, "q4": 3})
    assert result.scores == {"raw": None, "percent": None}
    assert result.unscored == {
        "raw": "1 of 5 items missing; at most 0 allowed",
        "percent": "score raw not scored",
    }
    assert result.missing == ("q5",)


def test_flags_are_not_raised_on_missing_data():
    """A condition whose input is missing is false: no low-wellbeing flag without a raw score,
    although the four answers given sum to only 4."""
    result = score(WHO5, {"q1": 2, "q2": 2, "q3": 0, "q4": 0})
    assert result.scores["raw"] is None
    # The answered q3 = 0 and q4 = 0 still raise the item flag: those facts are there.
    assert [(f.key, f.detail) for f in result.flags] == [("low_item", "item q3 = 0, item q4 = 0")]


def test_no_answers_at_all():
    result = score(WHO5, {})
    assert result == Result(
        scores={"raw": None, "percent": None},
        unscored={
            "raw": "5 of 5 items missing; at most 0 allowed",
            "percent": "score raw not scored",
        },
        missing=WHO5_ITEMS,
        flags=(),
        categories={},
    )


def test_scores_are_floats():
    result = score(WHO5, who5(3, 3, 3, 3, 3))
    assert all(type(value) is float for value in result.scores.values())


@given(st.tuples(*[st.integers(0, 5)] * 5))
def test_who5_percent_is_raw_times_four(answers):
    """For every complete answer vector, percent == raw × 4 and raw is in 0..25."""
    result = score(WHO5, who5(*answers))
    assert result.scores["raw"] == sum(answers)
    assert result.scores["percent"] == result.scores["raw"] * 4
    assert 0 <= result.scores["raw"] <= 25
    keys = {flag.key for flag in result.flags}
    assert ("low_wellbeing" in keys) == (sum(answers) < 13)
    assert ("low_item" in keys) == (min(answers) <= 1)


# --- Cantril: thriving = now >= 7 and future >= 8; suffering = now <= 4 and future <= 4 ----


@pytest.mark.parametrize(
    ("now", "future", "group"),
    [
        (7, 8, "thriving"),
        (10, 10, "thriving"),
        (6, 8, "struggling"),  # now below 7
        (7, 7, "struggling"),  # future below 8
        (4, 4, "suffering"),
        (0, 0, "suffering"),
        (5, 3, "struggling"),  # now above 4
        (4, 5, "struggling"),  # future above 4
        (3, 9, "struggling"),
    ],
)
def test_cantril_groups(now, future, group):
    result = score(CANTRIL, {"now": now, "future": future})
    assert result.categories == {"ladder": group}
    assert result.scores == {"now": float(now), "future": float(future)}


@pytest.mark.parametrize("answers", [{"now": 7}, {"now": 3}, {"future": 9}, {}])
def test_cantril_group_needs_both_answers(answers):
    """A category is None when any input of its conditions is missing, even where one answer
    alone would rule groups out (now = 3 cannot be thriving): no group on half the facts."""
    result = score(CANTRIL, answers)
    assert result.categories == {"ladder": None}


def test_cantril_missing_future_is_not_scored():
    result = score(CANTRIL, {"now": 6})
    assert result.scores == {"now": 6.0, "future": None}
    assert result.unscored == {"future": "item future not answered"}
    assert result.missing == ("future",)


@given(st.integers(0, 10), st.integers(0, 10))
def test_cantril_grouping_property(now, future):
    expected = (
        "thriving"
        if now >= 7 and future >= 8
        else "suffering"
        if now <= 4 and future <= 4
        else "struggling"
    )
    assert score(CANTRIL, {"now": now, "future": future}).categories["ladder"] == expected


# --- GSE: sum 10-40 (mean × 10 when 1-3 items are missing); not scored with 4+ missing ----


def gse(values):
    return {key: value for key, value in zip(GSE_ITEMS, values, strict=False) if value is not None}


def test_gse_all_answered_is_the_sum():
    result = score(GSE, gse([1, 2, 3, 4, 1, 2, 3, 4, 1, 2]))
    assert result.scores == {"sum": 23.0, "mean": 2.3}
    assert result.flags == ()


def test_gse_three_missing_is_mean_of_seven_times_ten():
    answers = gse([4, 4, 3, 3, 2, 2, 1])  # q8-q10 missing; mean 19/7.
    result = score(GSE, answers)
    assert result.scores["sum"] == float(Fraction(19, 7) * 10)
    assert result.scores["mean"] == float(Fraction(19, 7))
    assert result.missing == ("q8", "q9", "q10")
    assert result.unscored == {}


def test_gse_four_missing_is_not_scored():
    result = score(GSE, gse([4, 4, 3, 3, 2, 2]))
    assert result.scores == {"sum": None, "mean": None}
    assert result.unscored == {
        "sum": "4 of 10 items missing; at most 3 allowed",
        "mean": "4 of 10 items missing; at most 3 allowed",
    }


def test_gse_mean_score():
    result = score(GSE, gse([3] * 10))
    assert result.scores == {"sum": 30.0, "mean": 3.0}


@given(
    st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=10, max_size=10),
)
def test_gse_prorated_sum_within_range_whenever_scored(values):
    """Scored exactly when at most 3 of 10 are missing; then 10 <= sum <= 40 and
    sum == mean × 10 (with all answered: the plain sum)."""
    result = score(GSE, gse(values))
    missing = values.count(None)
    present = [v for v in values if v is not None]
    if missing > 3:
        assert result.scores == {"sum": None, "mean": None}
        return
    assert 10 <= result.scores["sum"] <= 40
    assert 1 <= result.scores["mean"] <= 4
    assert math.isclose(result.scores["sum"], result.scores["mean"] * 10)
    assert result.scores["sum"] == float(Fraction(sum(present), len(present)) * 10)
    if missing == 0:
        assert result.scores["sum"] == sum(present)


# --- exact arithmetic --------------------------------------------------------------------

EXACT = """\
key: exact
version: 1
name: {nb: E}
description: {nb: E}
kind: questionnaire
about: adult
answered_by: [self]
languages: [nb]
licence: {nb: E}
source: {nb: E}
items:
  - {key: x, text: {nb: X}, scale: {kind: number}}
  - {key: y, text: {nb: Y}, scale: {kind: number}}
scores:
  - {key: total, label: {nb: T}, method: sum, items: [x, y]}
  - {key: tenth, label: {nb: T}, method: multiply, source: total, factor: 0.1}
  - {key: four, label: {nb: F}, method: multiply, source: total, factor: 4}
flags:
  - key: exactly
    reason: {nb: Akkurat}
    when:
      - {score: total, at_least: 0.3}
      - {score: total, at_most: 0.3}
"""


def test_arithmetic_is_exact():
    """0.1 + 0.2 is 0.3 and 3 × 0.1 is 0.3 (not 0.30000000000000004); 2.5 × 4 is 10."""
    instrument = parse(EXACT)
    result = score(instrument, {"x": 0.1, "y": 0.2})
    assert result.scores["total"] == 0.3
    assert [flag.detail for flag in result.flags] == ["total 0.3 >= 0.3; total 0.3 <= 0.3"]
    assert score(instrument, {"x": 1, "y": 2}).scores["tenth"] == 0.3
    assert score(instrument, {"x": 2.5, "y": 0}).scores["four"] == 10.0


def test_uncleaned_answers_are_refused():
    with pytest.raises(TypeError, match="clean the answers"):
        score(WHO5, {"q1": "3"})


def test_unknown_answer_keys_are_ignored_when_scoring():
    assert score(WHO5, {**who5(3, 3, 3, 3, 3), "zz": 1}).scores["raw"] == 15.0


# --- clean_answers -----------------------------------------------------------------------

FORM = """\
key: form
version: 1
name: {nb: S}
description: {nb: S}
kind: questionnaire
about: adult
answered_by: [self]
languages: [nb]
licence: {nb: S}
source: {nb: S}
items:
  - {key: pick, text: {nb: V}, scale: {kind: choice, choices: [{value: 1, label: {nb: A}},
     {value: 2, label: {nb: B}}, {value: 4, label: {nb: D}}]}}
  - {key: count, text: {nb: A}, scale: {kind: integer, minimum: 0, maximum: 20}, required: true}
  - {key: amount, text: {nb: B}, scale: {kind: number, minimum: -1.5, maximum: 10}}
  - {key: ratio, text: {nb: F}, scale: {kind: number, minimum: 0.1, maximum: 0.3}}
  - {key: open, text: {nb: Å}, scale: {kind: integer}}
  - {key: words, text: {nb: O}, scale: {kind: text}}
"""
FORM_INSTRUMENT = parse(FORM)


@pytest.mark.parametrize(
    ("item", "raw", "expected"),
    [
        ("pick", "2", 2),
        ("pick", " 4 ", 4),
        ("pick", 1, 1),
        ("pick", 2.0, 2),
        ("pick", "3", Problem.UNKNOWN_CHOICE),  # Within the values, but not one of them.
        ("pick", "1,5", Problem.UNKNOWN_CHOICE),
        ("pick", "5", Problem.OUT_OF_SCALE),  # Beyond every choice.
        ("pick", "0", Problem.OUT_OF_SCALE),
        ("pick", "to", Problem.NOT_A_NUMBER),
        ("count", "20", 20),
        ("count", "+3", 3),
        ("count", "21", Problem.OUT_OF_SCALE),
        ("count", "-1", Problem.OUT_OF_SCALE),
        ("count", "2,5", Problem.OUT_OF_SCALE),  # A number, but not a step on the scale.
        ("count", "3.0", 3),
        ("count", "١٢", 12),  # Arabic-Indic digits, as some phones type them.
        ("count", True, Problem.NOT_A_NUMBER),  # A boolean is not a number.
        ("amount", "2,5", 2.5),  # Norwegian decimal comma.
        ("amount", "2.5", 2.5),
        ("amount", ",5", 0.5),
        ("amount", "\u22121,5", -1.5),  # Typographic minus.
        ("amount", "-1,6", Problem.OUT_OF_SCALE),
        ("amount", "10,0001", Problem.OUT_OF_SCALE),
        ("amount", 3, 3.0),
        ("amount", Decimal("2.25"), 2.25),
        ("amount", Fraction(1, 2), 0.5),
        ("amount", float("nan"), Problem.NOT_A_NUMBER),
        ("amount", float("inf"), Problem.NOT_A_NUMBER),
        ("amount", Decimal("sNaN"), Problem.NOT_A_NUMBER),
        ("amount", "1 000", Problem.NOT_A_NUMBER),
        ("amount", "1e3", Problem.NOT_A_NUMBER),
        ("amount", "2,5,1", Problem.NOT_A_NUMBER),
        ("amount", "NaN", Problem.NOT_A_NUMBER),
        ("amount", "abc", Problem.NOT_A_NUMBER),
        ("amount", [1], Problem.NOT_A_NUMBER),
        # Bounds compared by their decimal value: 0.1 and 0.3 are in range.
        ("ratio", "0,1", 0.1),
        ("ratio", "0.3", 0.3),
        ("ratio", "0.30001", Problem.OUT_OF_SCALE),
        ("open", "-" + "9" * 60, -int("9" * 60)),
        ("open", "9" * 101, Problem.NOT_A_NUMBER),  # Too long to be an answer.
        ("words", "  Mer tid med barna \n", "Mer tid med barna"),
        ("words", 12, "12"),
    ],
)
def test_clean_one_answer(item, raw, expected):
    cleaned, problems = clean_answers(FORM_INSTRUMENT, {item: raw}, final=False)
    if isinstance(expected, Problem):
        assert problems == {item: expected}
        assert cleaned == {}
    else:
        assert problems == {}
        assert cleaned == {item: expected}
        assert type(cleaned[item]) is type(expected)


@pytest.mark.parametrize("blank", [None, "", "   ", "\n"])
def test_blank_is_missing(blank):
    cleaned, problems = clean_answers(
        FORM_INSTRUMENT, {"amount": blank, "words": blank}, final=False
    )
    assert (cleaned, problems) == ({}, {})


def test_missing_required_is_a_problem_only_when_final():
    """A draft may leave required items empty; completing the form may not."""
    assert clean_answers(FORM_INSTRUMENT, {"count": ""}, final=False) == ({}, {})
    assert clean_answers(FORM_INSTRUMENT, {}, final=True) == ({}, {"count": Problem.REQUIRED})
    assert clean_answers(FORM_INSTRUMENT, {"count": " "}, final=True) == (
        {},
        {"count": Problem.REQUIRED},
    )
    assert clean_answers(FORM_INSTRUMENT, {"count": "2"}, final=True) == ({"count": 2}, {})
    # A wrong answer to a required item is reported as wrong, not as missing.
    assert clean_answers(FORM_INSTRUMENT, {"count": "x"}, final=True) == (
        {},
        {"count": Problem.NOT_A_NUMBER},
    )


def test_unknown_item_is_a_problem():
    cleaned, problems = clean_answers(WHO5, {"q1": "3", "q9": "1"}, final=False)
    assert cleaned == {"q1": 3}
    assert problems == {"q9": Problem.UNKNOWN_ITEM}


def test_who5_form_answers():
    raw = {"q1": "6", "q2": "abc", "q3": " 4 ", "q4": "", "q5": "0"}
    cleaned, problems = clean_answers(WHO5, raw, final=True)
    assert cleaned == {"q3": 4, "q5": 0}
    assert problems == {"q1": Problem.OUT_OF_SCALE, "q2": Problem.NOT_A_NUMBER}


def test_who5_items_are_not_required():
    """The family may skip a question; the score then says why it is missing."""
    assert clean_answers(WHO5, {}, final=True) == ({}, {})


def test_problem_values():
    assert {p.value for p in Problem} == {
        "required",
        "not_a_number",
        "out_of_scale",
        "unknown_choice",
        "unknown_item",
    }


ANY_VALUE = st.one_of(
    st.none(),
    st.text(),
    st.from_regex(r"\s*[+\-−]?\d{0,4}([.,]\d{0,4})?\s*", fullmatch=True),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.fractions(),
)
KEYS = st.sampled_from([item.key for item in FORM_INSTRUMENT.items] + ["zz", "", "count "])


@given(st.dictionaries(KEYS, ANY_VALUE), st.booleans())
def test_clean_answers_never_raises(raw, final):
    """Whatever a form sends, clean_answers returns answers of the right type, in range."""
    cleaned, problems = clean_answers(FORM_INSTRUMENT, raw, final=final)
    assert not set(cleaned) & set(problems)
    for key, value in cleaned.items():
        scale = FORM_INSTRUMENT.item(key).scale
        if scale.kind == "text":
            assert isinstance(value, str) and value == value.strip() and value
        elif scale.kind == "number":
            assert type(value) is float
        else:
            assert type(value) is int
        if scale.kind == "choice":
            assert value in {choice.value for choice in scale.choices}
        if scale.minimum is not None and scale.kind != "text":
            assert value >= scale.minimum
        if scale.maximum is not None and scale.kind != "text":
            assert value <= scale.maximum
    # What was cleaned can be scored.
    score(FORM_INSTRUMENT, cleaned)


@given(st.dictionaries(st.sampled_from(WHO5_ITEMS), st.text(max_size=8)))
def test_who5_cleaned_answers_always_score(raw):
    cleaned, _ = clean_answers(WHO5, raw, final=False)
    result = score(WHO5, cleaned)
    if len(cleaned) == 5:
        assert result.scores["percent"] == sum(cleaned.values()) * 4
    else:
        assert result.scores["raw"] is None

"""Tests for familieplan.lib.schemes (REFERENCE.md §3)."""

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familieplan.lib.schemes import (
    SUGGESTION_ORDER,
    Household,
    Reason,
    Scheme,
    Suggestion,
    suggest,
)

S, R = Scheme, Reason


def household(**changes):
    """A couple with no children, nothing paid, nothing known, nothing received."""
    base = Household(
        child_ages=(),
        adults=2,
        single_parent=False,
        full_time_kindergarten=(),
        pays_rent=False,
        pays_childcare=False,
        below_low_income_line=None,
        below_assistance_norm=None,
        receiving=frozenset(),
    )
    return dataclasses.replace(base, **changes)


def pairs(result):
    return [(item.scheme, item.reason, item.children) for item in result]


# --- a table per household type ------------------------------------------------------------

CASES = [
    pytest.param(
        household(child_ages=(1,), full_time_kindergarten=(False,)),
        [
            (S.BARNETRYGD, R.CHILD_UNDER_18, (1,)),
            (S.KONTANTSTOTTE, R.CHILD_1_2_NOT_FULL_TIME_KINDERGARTEN, (1,)),
        ],
        id="couple with a toddler at home",
    ),
    pytest.param(
        household(child_ages=(1,), full_time_kindergarten=(True,), pays_childcare=True),
        [(S.BARNETRYGD, R.CHILD_UNDER_18, (1,))],
        id="couple with a toddler in full-time kindergarten",
    ),
    pytest.param(
        household(
            child_ages=(2,),
            adults=1,
            single_parent=True,
            full_time_kindergarten=(False,),
            receiving=frozenset({"overgangsstonad", "barnetrygd"}),
        ),
        [
            (S.UTVIDET_BARNETRYGD, R.SINGLE_PARENT_WITH_CHILD, (2,)),
            (S.SMABARNSTILLEGG, R.SINGLE_PARENT_OVERGANGSSTONAD_CHILD_UNDER_3, (2,)),
            (S.KONTANTSTOTTE, R.CHILD_1_2_NOT_FULL_TIME_KINDERGARTEN, (2,)),
            (S.BIDRAGSFORSKUDD, R.SINGLE_PARENT_NO_MAINTENANCE, (2,)),
        ],
        id="single parent on overgangsstonad with a 2-year-old",
    ),
    pytest.param(
        household(
            child_ages=(2, 7),
            adults=1,
            single_parent=True,
            full_time_kindergarten=(True, False),
            pays_rent=True,
            pays_childcare=True,
            below_low_income_line=True,
            below_assistance_norm=True,
        ),
        [
            (S.BARNETRYGD, R.CHILD_UNDER_18, (2, 7)),
            (S.UTVIDET_BARNETRYGD, R.SINGLE_PARENT_WITH_CHILD, (2, 7)),
            (S.OVERGANGSSTONAD, R.SINGLE_PARENT_CHILD_AGE_FOR_NAV, (2, 7)),
            (S.BARNETILSYN, R.SINGLE_PARENT_CHILDCARE, ()),
            (S.BIDRAGSFORSKUDD, R.SINGLE_PARENT_NO_MAINTENANCE, (2, 7)),
            (S.BOSTOTTE, R.RENT_LOW_INCOME, ()),
            (S.SOSIALHJELP, R.BELOW_ASSISTANCE_NORM, ()),
        ],
        id="single parent receiving nothing",
    ),
    pytest.param(
        household(
            child_ages=(2, 7),
            adults=1,
            single_parent=True,
            full_time_kindergarten=(False, False),
            pays_rent=True,
            pays_childcare=True,
            below_low_income_line=True,
            below_assistance_norm=True,
            receiving=frozenset(Scheme),
        ),
        [],
        id="family already receiving everything",
    ),
    pytest.param(
        household(
            child_ages=(5, 9),
            full_time_kindergarten=(True, False),
            pays_rent=True,
            below_low_income_line=None,
            below_assistance_norm=None,
        ),
        [(S.BARNETRYGD, R.CHILD_UNDER_18, (5, 9))],
        id="renting couple with unknown income",
    ),
    pytest.param(
        household(pays_rent=True, below_low_income_line=False, below_assistance_norm=False),
        [],
        id="renting couple known to be above the lines",
    ),
    pytest.param(
        household(pays_rent=False, below_low_income_line=True, below_assistance_norm=True),
        [(S.SOSIALHJELP, R.BELOW_ASSISTANCE_NORM, ())],
        id="home-owning couple below the norm",
    ),
    pytest.param(
        household(child_ages=(18, 20), full_time_kindergarten=(False, False), adults=4),
        [],
        id="adult children only",
    ),
    pytest.param(
        household(
            child_ages=(19, 16),
            adults=2,
            single_parent=True,
            full_time_kindergarten=(False, False),
            receiving=frozenset({"barnebidrag"}),
        ),
        [
            (S.BARNETRYGD, R.CHILD_UNDER_18, (16,)),
            (S.UTVIDET_BARNETRYGD, R.SINGLE_PARENT_WITH_CHILD, (16,)),
            (S.OVERGANGSSTONAD, R.SINGLE_PARENT_CHILD_AGE_FOR_NAV, (16,)),
        ],
        id="single parent with a teenager, receiving barnebidrag",
    ),
    pytest.param(
        household(adults=1, single_parent=True, child_ages=(19,), full_time_kindergarten=(False,)),
        [],
        id="single parent whose child is grown up",
    ),
]


@pytest.mark.parametrize(("data", "expected"), CASES)
def test_household_types(data, expected):
    assert pairs(suggest(data)) == expected


# --- each rule at its edges ---------------------------------------------------------------


@pytest.mark.parametrize(("age", "suggested"), [(0, True), (17, True), (18, False)])
def test_barnetrygd_under_18(age, suggested):
    result = suggest(household(child_ages=(age,), full_time_kindergarten=(True,)))
    assert (S.BARNETRYGD in {s.scheme for s in result}) is suggested


@pytest.mark.parametrize(
    ("age", "full_time", "suggested"),
    [(0, False, False), (1, False, True), (2, False, True), (3, False, False), (1, True, False)],
)
def test_kontantstotte_child_1_or_2_not_full_time(age, full_time, suggested):
    result = suggest(household(child_ages=(age,), full_time_kindergarten=(full_time,)))
    assert (S.KONTANTSTOTTE in {s.scheme for s in result}) is suggested


def test_kontantstotte_names_only_the_children_at_home():
    result = suggest(household(child_ages=(1, 2, 2), full_time_kindergarten=(True, False, False)))
    [item] = [s for s in result if s.scheme is S.KONTANTSTOTTE]
    assert item.children == (2, 2)


@pytest.mark.parametrize(
    ("age", "overgangsstonad", "suggested"),
    [(2, True, True), (0, True, True), (3, True, False), (2, False, False)],
)
def test_smabarnstillegg(age, overgangsstonad, suggested):
    receiving = frozenset({"overgangsstonad"} if overgangsstonad else ())
    data = household(
        adults=1,
        single_parent=True,
        child_ages=(age, 10),
        full_time_kindergarten=(True, False),
        receiving=receiving,
    )
    result = {s.scheme: s for s in suggest(data)}
    assert (S.SMABARNSTILLEGG in result) is suggested
    if suggested:
        assert result[S.SMABARNSTILLEGG].children == (age,)


def test_smabarnstillegg_needs_a_single_parent():
    data = household(
        child_ages=(1,), full_time_kindergarten=(True,), receiving=frozenset({S.OVERGANGSSTONAD})
    )
    assert S.SMABARNSTILLEGG not in {s.scheme for s in suggest(data)}


@pytest.mark.parametrize(
    ("receiving", "suggested"),
    [((), True), (("barnebidrag",), False), (("bidragsforskudd",), False), (("barnetrygd",), True)],
)
def test_bidragsforskudd_without_maintenance(receiving, suggested):
    data = household(
        adults=1,
        single_parent=True,
        child_ages=(10,),
        full_time_kindergarten=(False,),
        receiving=frozenset(receiving),
    )
    assert (S.BIDRAGSFORSKUDD in {s.scheme for s in suggest(data)}) is suggested


@pytest.mark.parametrize("single_parent", [True, False])
def test_barnetilsyn_single_parent_paying_childcare(single_parent):
    data = household(
        adults=1,
        single_parent=single_parent,
        child_ages=(4,),
        full_time_kindergarten=(True,),
        pays_childcare=True,
    )
    assert (S.BARNETILSYN in {s.scheme for s in suggest(data)}) is single_parent


@pytest.mark.parametrize(
    ("pays_rent", "below", "suggested"),
    [(True, True, True), (True, False, False), (True, None, False), (False, True, False)],
)
def test_bostotte_rent_and_known_low_income(pays_rent, below, suggested):
    data = household(pays_rent=pays_rent, below_low_income_line=below)
    assert (S.BOSTOTTE in {s.scheme for s in suggest(data)}) is suggested


@pytest.mark.parametrize(("below", "suggested"), [(True, True), (False, False), (None, False)])
def test_sosialhjelp_below_the_norm(below, suggested):
    data = household(below_assistance_norm=below)
    assert (S.SOSIALHJELP in {s.scheme for s in suggest(data)}) is suggested


def test_receiving_overgangsstonad_opens_smabarnstillegg_only():
    data = household(adults=1, single_parent=True, child_ages=(1,), full_time_kindergarten=(True,))
    before = set(pairs(suggest(data)))
    after = set(pairs(suggest(dataclasses.replace(data, receiving=frozenset({S.OVERGANGSSTONAD})))))
    assert after - before == {
        (S.SMABARNSTILLEGG, R.SINGLE_PARENT_OVERGANGSSTONAD_CHILD_UNDER_3, (1,))
    }
    assert before - after == {(S.OVERGANGSSTONAD, R.SINGLE_PARENT_CHILD_AGE_FOR_NAV, (1,))}


# --- values and validation ----------------------------------------------------------------


def test_suggestion_order_follows_the_rules():
    everything = household(
        adults=1,
        single_parent=True,
        child_ages=(1,),
        full_time_kindergarten=(False,),
        pays_rent=True,
        pays_childcare=True,
        below_low_income_line=True,
        below_assistance_norm=True,
    )
    with_overgangsstonad = dataclasses.replace(everything, receiving=frozenset({S.OVERGANGSSTONAD}))
    suggested = {s.scheme for s in suggest(everything)} | {
        s.scheme for s in suggest(with_overgangsstonad)
    }
    assert suggested == set(SUGGESTION_ORDER)
    assert [s.scheme for s in suggest(everything)] == [
        s for s in SUGGESTION_ORDER if s is not S.SMABARNSTILLEGG
    ]


def test_values_are_stable():
    assert S("stonad_barnetilsyn") is S.BARNETILSYN
    assert S.SOSIALHJELP == "sosialhjelp"
    assert len(S) == 20
    assert len({reason.value for reason in R}) == len(R)


def test_receiving_accepts_values_and_members():
    data = household(receiving=frozenset({"barnetrygd", S.AAP}))
    assert data.receiving == frozenset({S.BARNETRYGD, S.AAP})
    assert "barnetrygd" in data.receiving


def test_suggestion_defaults_to_no_children():
    assert Suggestion(S.BOSTOTTE, R.RENT_LOW_INCOME).children == ()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"child_ages": (1, 2), "full_time_kindergarten": (True,)}, ValueError),
        ({"child_ages": (-1,), "full_time_kindergarten": (True,)}, ValueError),
        ({"child_ages": (1.5,), "full_time_kindergarten": (True,)}, TypeError),
        ({"child_ages": (1,), "full_time_kindergarten": (None,)}, TypeError),
        ({"adults": -1}, ValueError),
        ({"single_parent": None}, TypeError),
        ({"pays_rent": None}, TypeError),
        ({"below_low_income_line": "yes"}, TypeError),
        ({"receiving": frozenset({"lottery"})}, ValueError),
        ({"receiving": "barnetrygd"}, TypeError),
    ],
)
def test_household_rejects(changes, error):
    with pytest.raises(error):
        household(**changes)


def test_suggest_needs_a_household():
    with pytest.raises(TypeError):
        suggest({"child_ages": ()})  # type: ignore[arg-type]


# --- properties --------------------------------------------------------------------------

maybe = st.sampled_from([True, False, None])
received = st.frozensets(st.sampled_from(list(Scheme)))


@st.composite
def households(draw):
    ages = draw(st.lists(st.integers(0, 25), max_size=5))
    return Household(
        child_ages=tuple(ages),
        adults=draw(st.integers(0, 4)),
        single_parent=draw(st.booleans()),
        full_time_kindergarten=tuple(draw(st.booleans()) for _ in ages),
        pays_rent=draw(st.booleans()),
        pays_childcare=draw(st.booleans()),
        below_low_income_line=draw(maybe),
        below_assistance_norm=draw(maybe),
        receiving=draw(received),
    )


@given(households())
def test_never_suggests_a_received_scheme(data):
    for item in suggest(data):
        assert item.scheme not in data.receiving


@given(households())
def test_no_duplicates_and_a_stable_order(data):
    result = suggest(data)
    schemes = [item.scheme for item in result]
    assert len(schemes) == len(set(schemes))
    assert schemes == [s for s in SUGGESTION_ORDER if s in schemes]
    assert suggest(data) == result


@given(households(), st.sampled_from(list(Scheme)))
def test_receiving_another_scheme_only_removes_suggestions(data, scheme):
    before = set(suggest(data))
    after = set(suggest(dataclasses.replace(data, receiving=data.receiving | {scheme})))
    added = after - before
    # The one exception: receiving overgangsstønad is what småbarnstillegg asks for.
    if scheme is S.OVERGANGSSTONAD and S.OVERGANGSSTONAD not in data.receiving:
        assert {item.scheme for item in added} <= {S.SMABARNSTILLEGG}
    else:
        assert not added


@given(households())
def test_unknown_facts_never_suggest(data):
    unknown = dataclasses.replace(data, below_low_income_line=None, below_assistance_norm=None)
    schemes = {item.scheme for item in suggest(unknown)}
    assert S.BOSTOTTE not in schemes
    assert S.SOSIALHJELP not in schemes
    for fact in ("below_low_income_line", "below_assistance_norm"):
        for value in (True, False):
            known = suggest(dataclasses.replace(unknown, **{fact: value}))
            assert set(suggest(unknown)) <= set(known)


@given(households())
def test_every_suggestion_names_its_children(data):
    for item in suggest(data):
        assert all(age in data.child_ages for age in item.children)
        if item.reason in {R.CHILD_UNDER_18, R.SINGLE_PARENT_WITH_CHILD}:
            assert item.children
            assert all(age < 18 for age in item.children)

"""Tests for familieplan.lib.reference_budget (REFERENCE.md §2).

Every amount below is made up for the arithmetic; none is a SIFO figure.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familieplan.lib.reference_budget import (
    HOUSEHOLD_CATEGORIES,
    PERSON_CATEGORIES,
    Bracket,
    Budget,
    BudgetYear,
    HouseholdRow,
    Person,
    household_budget,
)

D = Decimal


def amounts(**values):
    return {category: D(value) for category, value in values.items()}


# Test data: a year whose brackets split ages 11–18 by sex and stop at 18.
BRACKETS = (
    Bracket(0, 0, None, amounts(food="1000", clothes="500", infant_equipment="300")),
    Bracket(1, 5, None, amounts(food="1500", clothes="600", kindergarten="3000")),
    Bracket(6, 10, None, amounts(food="2500", clothes="700", after_school="2000", travel="0")),
    Bracket(11, 18, "female", amounts(food="3500", clothes="901", personal_care="400")),
    Bracket(11, 18, "male", amounts(food="4000", clothes="800", personal_care="200")),
    Bracket(20, 66, None, amounts(food="3800", clothes="850", personal_care="500", travel="900")),
)
ROWS = (
    HouseholdRow(1, amounts(daily_goods="100", furniture="200", car="3000")),
    HouseholdRow(2, amounts(daily_goods="150", furniture="250", car="3100")),
    HouseholdRow(3, amounts(daily_goods="200", furniture="300", car="3200")),
    HouseholdRow(4, amounts(daily_goods="250", furniture="350", car="3300", media_leisure="400")),
    HouseholdRow(5, amounts(daily_goods="300", furniture="400")),
)
YEAR = BudgetYear(2026, BRACKETS, ROWS, verified=False, source="test data")

ADULT = Person(40, "female")


# --- pricing ------------------------------------------------------------------------------


def test_couple_with_two_children():
    persons = [Person(40, "female"), Person(42, "male"), Person(4, kindergarten=True), Person(8)]
    budget = household_budget(YEAR, persons)
    assert isinstance(budget, Budget)
    assert (budget.year, budget.verified, budget.source) == (2026, False, "test data")
    assert budget.per_person[0] == amounts(
        food="3800", clothes="850", personal_care="500", travel="900"
    )
    assert budget.per_person[2] == amounts(food="1500", clothes="600", kindergarten="3000")
    assert budget.per_person[3] == amounts(food="2500", clothes="700", travel="0")  # no SFO
    assert budget.household == amounts(daily_goods="250", furniture="350", media_leisure="400")
    assert budget.per_category == amounts(
        food="11600",
        clothes="3000",
        personal_care="1000",
        travel="1800",
        kindergarten="3000",
        daily_goods="250",
        furniture="350",
        media_leisure="400",
    )
    assert budget.total == D("21400")
    assert budget.missing == ()
    assert budget.complete


def test_per_category_is_in_canonical_order():
    budget = household_budget(YEAR, [Person(8, after_school=True), ADULT])
    order = [c for c in PERSON_CATEGORIES + HOUSEHOLD_CATEGORIES if c in budget.per_category]
    assert list(budget.per_category) == order


@pytest.mark.parametrize(
    ("person", "kindergarten", "after_school"),
    [
        (Person(3), None, None),
        (Person(3, kindergarten=True), D(3000), None),
        (Person(8), None, None),
        (Person(8, after_school=True), None, D(2000)),
    ],
)
def test_kindergarten_and_after_school_only_when_attending(person, kindergarten, after_school):
    priced = household_budget(YEAR, [person]).per_person[0]
    assert priced.get("kindergarten") == kindergarten
    assert priced.get("after_school") == after_school


@pytest.mark.parametrize(
    ("person", "reason"),
    [
        (
            Person(12, "male", after_school=True),
            "no after-school programme amount for age 12 in 2026",
        ),
        (Person(8, kindergarten=True), "no kindergarten amount for age 8 in 2026"),
    ],
)
def test_attendance_without_an_amount_is_missing(person, reason):
    budget = household_budget(YEAR, [person])
    assert budget.missing == (reason,)
    assert "kindergarten" not in budget.per_person[0]
    assert "after_school" not in budget.per_person[0]
    assert budget.per_person[0]["food"] > 0  # The rest of the person is still priced.


@pytest.mark.parametrize(("include_car", "car"), [(False, None), (True, D(3100))])
def test_car_only_when_asked_for(include_car, car):
    budget = household_budget(YEAR, [ADULT, Person(50, "male")], include_car=include_car)
    assert budget.household.get("car") == car
    assert budget.per_category.get("car") == car
    assert budget.missing == ()


def test_car_asked_for_without_an_amount_is_missing():
    budget = household_budget(YEAR, [ADULT] * 5, include_car=True)
    assert budget.missing == ("no car amount for 5 persons in 2026",)
    assert "car" not in budget.household


@pytest.mark.parametrize(
    ("sex", "food", "clothes", "personal_care"),
    [
        ("female", "3500", "901", "400"),
        ("male", "4000", "800", "200"),
        (None, "3750", "850.5", "300"),  # mean of female and male, unrounded
    ],
)
def test_split_by_sex(sex, food, clothes, personal_care):
    priced = household_budget(YEAR, [Person(14, sex)]).per_person[0]
    assert priced == amounts(food=food, clothes=clothes, personal_care=personal_care)


def test_mean_treats_a_category_one_sex_lacks_as_nothing():
    year = BudgetYear(
        2026,
        (
            Bracket(0, 99, "female", amounts(food="100", clothes="51")),
            Bracket(0, 99, "male", amounts(food="200")),
        ),
        (HouseholdRow(1, amounts(daily_goods="0")),),
    )
    priced = household_budget(year, [Person(30)]).per_person[0]
    assert priced == amounts(food="150", clothes="25.5")


@pytest.mark.parametrize("sex", ["female", "male", None])
def test_bracket_for_both_sexes_applies_to_everyone(sex):
    priced = household_budget(YEAR, [Person(30, sex)]).per_person[0]
    assert priced["food"] == D(3800)


@pytest.mark.parametrize(
    ("age", "sex", "bracket_edge"),
    [
        (0, None, "300"),
        (1, None, "1500"),
        (5, None, "1500"),
        (6, None, "2500"),
        (10, None, "2500"),
        (11, "male", "4000"),
        (18, "male", "4000"),
        (20, None, "3800"),
        (66, None, "3800"),
    ],
)
def test_bracket_edges_are_inclusive(age, sex, bracket_edge):
    priced = household_budget(YEAR, [Person(age, sex)]).per_person[0]
    assert bracket_edge in {str(value) for value in priced.values()}


# --- what cannot be priced ----------------------------------------------------------------


@pytest.mark.parametrize("age", [19, 67, 101])
def test_no_bracket_is_missing_never_guessed(age):
    budget = household_budget(YEAR, [ADULT, Person(age, "male")])
    assert budget.missing == (f"no bracket for age {age} in 2026",)
    assert budget.per_person[1] == {}
    assert budget.total == household_budget(YEAR, [ADULT, ADULT]).total - D(3800 + 850 + 500 + 900)
    assert not budget.complete


def test_sex_bracket_missing_for_a_person_of_that_sex():
    year = BudgetYear(2026, (Bracket(0, 99, "female", amounts(food="100")),), ())
    assert household_budget(year, [Person(30, "male")]).missing == (
        "no male bracket for age 30 in 2026",
        "no household row for 1 persons",
    )
    missing = household_budget(year, [Person(30)]).missing
    assert missing[0].startswith("no male bracket for age 30 in 2026")
    assert household_budget(year, [Person(30, "female")]).per_person[0] == amounts(food="100")


@pytest.mark.parametrize("size", [6, 7])
def test_larger_household_than_the_rows_is_not_extrapolated(size):
    budget = household_budget(YEAR, [ADULT] * size)
    assert budget.missing == (f"no household row for {size} persons",)
    assert budget.household == {}
    assert budget.total == D(size) * D(3800 + 850 + 500 + 900)


def test_gap_in_rows_is_missing():
    year = BudgetYear(2026, BRACKETS, (ROWS[0], ROWS[2]))
    assert household_budget(year, [ADULT, ADULT]).missing == ("no household row for 2 persons",)


def test_every_reason_is_reported_in_order():
    budget = household_budget(
        YEAR, [Person(19), Person(8, kindergarten=True), Person(70)] + [ADULT] * 4, include_car=True
    )
    assert budget.missing == (
        "no bracket for age 19 in 2026",
        "no kindergarten amount for age 8 in 2026",
        "no bracket for age 70 in 2026",
        "no household row for 7 persons",
    )


def test_a_verified_year_says_so():
    year = BudgetYear(2027, BRACKETS, ROWS, verified=True, source="SIFO (test)")
    budget = household_budget(year, [ADULT])
    assert budget.verified is True
    assert budget.source == "SIFO (test)"
    assert budget.year == 2027


def test_results_are_read_only():
    budget = household_budget(YEAR, [ADULT])
    with pytest.raises(TypeError):
        budget.per_category["food"] = D(0)  # type: ignore[index]
    with pytest.raises(TypeError):
        budget.per_person[0]["food"] = D(0)  # type: ignore[index]
    with pytest.raises(TypeError):
        YEAR.brackets[0].amounts["food"] = D(0)  # type: ignore[index]


def test_data_are_copied_on_build():
    source = amounts(food="10")
    bracket = Bracket(0, 99, None, source)
    source["food"] = D(99)
    assert bracket.amounts["food"] == D(10)


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "brackets",
    [
        (Bracket(0, 10, None, amounts(food="1")), Bracket(10, 20, None, amounts(food="1"))),
        (Bracket(0, 10, "male", amounts(food="1")), Bracket(5, 6, "male", amounts(food="1"))),
        (Bracket(0, 10, None, amounts(food="1")), Bracket(3, 4, "female", amounts(food="1"))),
        (Bracket(3, 3, "female", amounts(food="1")), Bracket(3, 3, None, amounts(food="1"))),
    ],
)
def test_overlapping_brackets_are_refused(brackets):
    with pytest.raises(ValueError, match="overlap"):
        BudgetYear(2026, brackets, ROWS)


def test_brackets_for_different_sexes_may_share_ages():
    year = BudgetYear(
        2026,
        (Bracket(0, 10, "male", amounts(food="1")), Bracket(0, 10, "female", amounts(food="2"))),
        ROWS,
    )
    assert len(year.brackets_for(5)) == 2


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: Bracket(0, 5, None, amounts(food="1", daily_goods="1")), ValueError),  # household
        (lambda: Bracket(0, 5, None, {"snacks": D(1)}), ValueError),
        (lambda: Bracket(0, 5, None, amounts(food="-1")), ValueError),
        (lambda: Bracket(0, 5, None, {"food": 1.5}), TypeError),
        (lambda: Bracket(0, 5, None, amounts(food="NaN")), ValueError),
        (lambda: Bracket(0, 5, None, {}), ValueError),
        (lambda: Bracket(5, 4, None, amounts(food="1")), ValueError),
        (lambda: Bracket(-1, 4, None, amounts(food="1")), ValueError),
        (lambda: Bracket(0, 4, "f", amounts(food="1")), ValueError),
        (lambda: HouseholdRow(1, amounts(food="1")), ValueError),  # a person category
        (lambda: HouseholdRow(1, amounts(car="-0.01")), ValueError),
        (lambda: HouseholdRow(0, amounts(car="1")), ValueError),
        (lambda: BudgetYear(2026, BRACKETS, (ROWS[0], ROWS[0])), ValueError),
        (lambda: BudgetYear(2026, [{"food": 1}], ROWS), TypeError),
        (lambda: Person(-1), ValueError),
        (lambda: Person(4, "girl"), ValueError),
        (lambda: Person(4.5), TypeError),
        (lambda: household_budget(YEAR, []), ValueError),
        (lambda: household_budget(YEAR, [40]), TypeError),
    ],
)
def test_bad_data_are_refused(build, error):
    with pytest.raises(error):
        build()


def test_ints_are_accepted_as_amounts():
    bracket = Bracket(0, 5, None, {"food": 10})
    assert bracket.amounts["food"] == D(10)
    assert isinstance(bracket.amounts["food"], Decimal)


def test_categories():
    assert len(set(PERSON_CATEGORIES)) == 8
    assert len(set(HOUSEHOLD_CATEGORIES)) == 5
    assert not set(PERSON_CATEGORIES) & set(HOUSEHOLD_CATEGORIES)
    assert "car" in HOUSEHOLD_CATEGORIES


# --- properties --------------------------------------------------------------------------

persons = st.builds(
    Person,
    st.integers(0, 110),
    st.sampled_from(["female", "male", None]),
    st.booleans(),
    st.booleans(),
)
households = st.lists(persons, min_size=1, max_size=8)


@given(households, st.booleans())
def test_total_is_the_sum_of_its_parts(members, include_car):
    budget = household_budget(YEAR, members, include_car=include_car)
    assert budget.total == sum(budget.per_category.values(), D(0))
    person_sum = sum((sum(p.values(), D(0)) for p in budget.per_person), D(0))
    assert budget.total == person_sum + sum(budget.household.values(), D(0))
    assert len(budget.per_person) == len(members)
    assert budget.total >= 0


@given(households, st.booleans())
def test_flags_are_respected(members, include_car):
    budget = household_budget(YEAR, members, include_car=include_car)
    for person, priced in zip(members, budget.per_person, strict=True):
        if not person.kindergarten:
            assert "kindergarten" not in priced
        if not person.after_school:
            assert "after_school" not in priced
    if not include_car:
        assert "car" not in budget.household


@given(households)
def test_sex_not_given_lies_between_female_and_male(members):
    def priced(age, sex):
        return household_budget(YEAR, [Person(age, sex)]).per_person[0]

    for person in members:
        age = person.age
        unknown, female, male = priced(age, None), priced(age, "female"), priced(age, "male")
        for category, value in unknown.items():
            low, high = sorted([female.get(category, D(0)), male.get(category, D(0))])
            assert low <= value <= high


@given(households, st.booleans())
def test_an_unpriced_part_is_always_named(members, include_car):
    budget = household_budget(YEAR, members, include_car=include_car)
    for person, priced in zip(members, budget.per_person, strict=True):
        if not priced:
            assert any(f"age {person.age} in 2026" in reason for reason in budget.missing)
    if not budget.household:
        assert f"no household row for {len(members)} persons" in budget.missing

"""Tests for familieplan.lib.identity (REFERENCE.md §5).

Check digits are computed here independently of the module under test. Literal numbers use
dates in the 1850s-1890s (nobody alive), synthetic months, or FH/2032 forms.
"""

import datetime
import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from stdnum.no import fodselsnummer as stdnum_fnr

from familieplan.lib import identity
from familieplan.lib.identity import (
    MASKED_UNKNOWN,
    IdentityNumber,
    IdKind,
    InvalidIdentityNumber,
    classify,
    mask,
    validate,
)

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def s1(prefix: str) -> int:
    return sum(w * int(d) for w, d in zip(W1, prefix[:9], strict=True))


def s2(prefix: str) -> int:
    return sum(w * int(d) for w, d in zip(W2, prefix[:10], strict=True))


def complete(prefix9: str, *, remainder: int = 0) -> str | None:
    """Append k1 and k2 so that (S1 + k1) % 11 == remainder; None if a check digit is 10."""
    k1 = (remainder - s1(prefix9)) % 11
    if k1 == 10:
        return None
    k2 = -s2(prefix9 + str(k1)) % 11
    if k2 == 10:
        return None
    return f"{prefix9}{k1}{k2}"


def build(day: int, month: int, yy: int, individual: int, *, remainder: int = 0) -> str | None:
    """A number from the raw (already offset) DD, MM, YY and individual number."""
    return complete(f"{day:02d}{month:02d}{yy:02d}{individual:03d}", remainder=remainder)


def first_valid(day: int, month: int, yy: int, *, remainder: int = 0) -> str:
    """The first individual number from 500 that gives a complete number."""
    for individual in range(500, 1000):
        number = build(day, month, yy, individual, remainder=remainder)
        if number is not None:
            return number
    raise AssertionError("no individual number fits")


# --- literal numbers, computed once with the helper above --------------------------------

# (number, kind, synthetic, post_2032_rule)
LITERALS = [
    ("14035650068", IdKind.FODSELSNUMMER, False, False),  # 14.03.1856
    ("29028850040", IdKind.FODSELSNUMMER, False, False),  # 29.02.1888 (leap year)
    ("31129950016", IdKind.FODSELSNUMMER, False, False),  # 31.12.1899
    ("54017050012", IdKind.D_NUMMER, False, False),  # day 14 + 40
    ("12456550140", IdKind.H_NUMMER, False, False),  # month 05 + 40
    ("81234567055", IdKind.FH_NUMMER, False, False),  # first digit 8
    ("15859050120", IdKind.FODSELSNUMMER, True, False),  # month 05 + 80 (Test-Norge)
    ("45920550081", IdKind.D_NUMMER, True, False),  # synthetic D-number
    ("01013250088", IdKind.FODSELSNUMMER, False, True),  # 2032 rule, remainder 1
    ("15063350084", IdKind.FODSELSNUMMER, False, True),  # 2032 rule, remainder 2
    ("23913450140", IdKind.FODSELSNUMMER, True, True),  # 2032 rule, remainder 3, synthetic
]

# Literal fødselsnumre that python-stdnum (pre-2032 rules) must accept too.
STDNUM_VALID = ["14035650068", "29028850040", "31129950016", "54017050012", "12456550140"]


@pytest.mark.parametrize(("number", "kind", "synthetic", "post_2032"), LITERALS)
def test_literals_classify(number, kind, synthetic, post_2032):
    result = classify(number)
    assert result == IdentityNumber(
        digits=number, kind=kind, synthetic=synthetic, post_2032_rule=post_2032
    )
    assert validate(number, allow_synthetic=True) == result


@pytest.mark.parametrize("number", STDNUM_VALID)
def test_literals_agree_with_stdnum(number):
    assert stdnum_fnr.is_valid(number)
    assert classify(number).post_2032_rule is False


@pytest.mark.parametrize(("number", "kind", "synthetic", "post_2032"), LITERALS)
def test_literals_check_digits_by_hand(number, kind, synthetic, post_2032):
    assert (s1(number) + int(number[9])) % 11 in {0, 1, 2, 3}
    assert (s2(number) + int(number[10])) % 11 == 0
    assert ((s1(number) + int(number[9])) % 11 != 0) is post_2032
    # stdnum's k2 agrees with ours for every number.
    assert stdnum_fnr.calc_check_digit2(number[:10]) == number[10]


@pytest.mark.parametrize(
    "raw", ["140356 50068", "140356-50068", " 14035650068 ", "1403 5650 068", "14-03-56-50068"]
)
def test_spaces_and_hyphens_are_ignored(raw):
    assert classify(raw).digits == "14035650068"


# --- invalid input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "length"),
        ("1403565006", "length"),
        ("140356500681", "length"),
        ("14035650068.", "length"),
        ("1403565006a", "digits"),
        ("140356/0068", "digits"),
        ("١٤٠٣٥٦٥٠٠٦٨", "digits"),  # Arabic-Indic digits are not accepted.
        ("１４０３５６５００６８", "digits"),  # Full-width digits neither.
        ("14035650069", "checksum"),  # k2 wrong (k1 cases: see the remainder tests)
        ("14035650168", "checksum"),  # individual number changed
    ],
)
def test_invalid_codes(raw, code):
    with pytest.raises(InvalidIdentityNumber) as info:
        classify(raw)
    assert info.value.code == code


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        classify(14035650068)  # type: ignore[arg-type]


@pytest.mark.parametrize("remainder", [4, 5, 6, 7, 8, 9, 10])
def test_k1_remainder_above_3_is_invalid(remainder):
    number = first_valid(14, 3, 56, remainder=remainder)
    with pytest.raises(InvalidIdentityNumber) as info:
        classify(number)
    assert info.value.code == "checksum"


@pytest.mark.parametrize("remainder", [1, 2, 3])
def test_2032_rule_is_accepted_and_flagged(remainder):
    number = first_valid(14, 3, 56, remainder=remainder)
    assert not stdnum_fnr.is_valid(number)  # stdnum knows only the old rule.
    result = validate(number, allow_synthetic=False)
    assert result.post_2032_rule is True
    assert result.kind is IdKind.FODSELSNUMMER


def test_old_rule_is_not_flagged():
    number = first_valid(14, 3, 56, remainder=0)
    assert validate(number, allow_synthetic=False).post_2032_rule is False


def test_k1_of_10_has_no_old_rule_number():
    """When 11 - (S1 mod 11) is 10 no digit k1 satisfies the old rule."""
    prefix = next(f"140356{i:03d}" for i in range(500, 1000) if s1(f"140356{i:03d}") % 11 == 1)
    for k1 in range(10):
        for k2 in range(10):
            number = f"{prefix}{k1}{k2}"
            assert not stdnum_fnr.is_valid(number)
            try:
                result = classify(number)
            except InvalidIdentityNumber as exc:
                assert exc.code == "checksum"
            else:
                assert result.post_2032_rule is True


def test_k2_of_10_is_invalid():
    """When 11 - (S2 mod 11) is 10 no digit k2 is valid."""

    def with_old_k1(prefix9: str) -> str | None:
        k1 = -s1(prefix9) % 11
        return None if k1 == 10 else prefix9 + str(k1)

    prefix10 = next(
        p
        for i in range(500, 1000)
        if (p := with_old_k1(f"140356{i:03d}")) is not None and s2(p) % 11 == 1
    )
    for k2 in range(10):
        with pytest.raises(InvalidIdentityNumber) as info:
            classify(prefix10 + str(k2))
        assert info.value.code == "checksum"


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "yy"),
    [
        (30, 2, 88),  # 30 February
        (29, 2, 89),  # 29 February in a year that is never a leap year
        (31, 4, 56),  # 31 April
        (0, 1, 56),  # day 0
        (32, 1, 56),  # day 32
        (1, 0, 56),  # month 0
        (1, 13, 56),  # month 13
        (1, 40, 56),  # between normal and H months
        (1, 53, 56),  # H month 13
        (1, 80, 56),  # synthetic month 0
        (1, 93, 56),  # synthetic month 13
        (72, 1, 56),  # D-number day 32
        (40, 1, 56),  # D-number day 0
        (41, 45, 56),  # D-number with an H month: not a combination that exists
        (41, 13, 56),  # D-number month 13
    ],
)
def test_implausible_dates_are_rejected(day, month, yy):
    number = first_valid(day, month, yy)
    with pytest.raises(InvalidIdentityNumber) as info:
        classify(number)
    assert info.value.code == "date"


@pytest.mark.parametrize(
    ("day", "month", "yy", "kind", "synthetic"),
    [
        (29, 2, 0, IdKind.FODSELSNUMMER, False),  # 2000 is a leap year; century not inferred
        (29, 2, 4, IdKind.FODSELSNUMMER, False),
        (29, 42, 96, IdKind.H_NUMMER, False),
        (29, 82, 92, IdKind.FODSELSNUMMER, True),
        (31, 12, 99, IdKind.FODSELSNUMMER, False),
        (71, 2, 89, IdKind.D_NUMMER, False),  # D: only ranges are checked (31 Feb passes)
        (41, 1, 0, IdKind.D_NUMMER, False),
        (71, 92, 10, IdKind.D_NUMMER, True),
        (99, 99, 99, IdKind.FH_NUMMER, False),  # FH: no date at all
        (80, 0, 0, IdKind.FH_NUMMER, False),
    ],
)
def test_plausible_dates_and_kinds(day, month, yy, kind, synthetic):
    result = classify(first_valid(day, month, yy))
    assert (result.kind, result.synthetic) == (kind, synthetic)


# --- synthetic policy --------------------------------------------------------------------


@pytest.mark.parametrize("number", ["15859050120", "45920550081", "23913450140"])
def test_synthetic_needs_permission(number):
    with pytest.raises(InvalidIdentityNumber) as info:
        validate(number, allow_synthetic=False)
    assert info.value.code == "synthetic_not_allowed"
    assert validate(number, allow_synthetic=True).synthetic is True


def test_validate_needs_keyword():
    with pytest.raises(TypeError):
        validate("14035650068", True)  # type: ignore[misc]


# --- confidentiality ---------------------------------------------------------------------


def test_no_sex_or_century_readers():
    forbidden = ("sex", "gender", "kjonn", "century", "birth", "dob", "age")
    public = [name for name in dir(identity) if not name.startswith("_")]
    public += [name for name in dir(IdentityNumber) if not name.startswith("_")]
    assert [n for n in public if any(w in n.lower() for w in forbidden)] == []


def test_repr_and_str_hide_digits():
    result = classify("14035650068")
    assert "14035650068" not in repr(result)
    assert "140356" not in repr(result)
    assert str(result) == "****** **068"
    assert result.masked == "****** **068"


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("14035650068", "****** **068"),
        ("140356 50068", "****** **068"),
        ("140356-50068", "****** **068"),
        ("12345", MASKED_UNKNOWN),
        ("", MASKED_UNKNOWN),
        ("1403565006x", MASKED_UNKNOWN),
    ],
)
def test_mask(raw, masked):
    assert mask(raw) == masked


def test_mask_accepts_identity_number():
    assert mask(classify("54017050012")) == "****** **012"


def test_unknown_error_code_is_refused():
    with pytest.raises(ValueError, match="unknown error code"):
        InvalidIdentityNumber("nope")


# --- properties --------------------------------------------------------------------------

kinds = st.sampled_from(["fnr", "dnr", "hnr", "fh"])


@st.composite
def valid_numbers(draw, *, remainders=(0, 1, 2, 3)):
    """(number, kind, synthetic, remainder) for a number built with the helper."""
    kind = draw(kinds)
    remainder = draw(st.sampled_from(remainders))
    individual = draw(st.integers(0, 999))
    if kind == "fh":
        prefix = str(draw(st.sampled_from("89"))) + "".join(
            draw(st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8))
        )
        number = complete(prefix, remainder=remainder)
        assume(number is not None)
        return number, IdKind.FH_NUMMER, False, remainder
    date = draw(st.dates(datetime.date(1854, 1, 1), datetime.date(2099, 12, 31)))
    synthetic = kind != "hnr" and draw(st.booleans())
    day, month = date.day, date.month
    if kind == "dnr":
        day += 40
    if kind == "hnr":
        month += 40
    if synthetic:
        month += 80
    number = build(day, month, date.year % 100, individual, remainder=remainder)
    assume(number is not None)
    expected = {"fnr": IdKind.FODSELSNUMMER, "dnr": IdKind.D_NUMMER, "hnr": IdKind.H_NUMMER}
    return number, expected[kind], synthetic, remainder


@given(valid_numbers())
def test_every_built_number_validates(case):
    number, kind, synthetic, remainder = case
    result = validate(number, allow_synthetic=True)
    assert result.digits == number
    assert result.kind is kind
    assert result.synthetic is synthetic
    assert result.post_2032_rule is (remainder != 0)
    if synthetic:
        with pytest.raises(InvalidIdentityNumber):
            validate(number, allow_synthetic=False)


@given(valid_numbers(remainders=(0,)), st.integers(0, 10), st.integers(1, 9))
def test_single_digit_change_is_caught(case, position, delta):
    number = case[0]
    changed_digit = str((int(number[position]) + delta) % 10)
    changed = number[:position] + changed_digit + number[position + 1 :]
    try:
        result = classify(changed)
    except InvalidIdentityNumber:
        pass
    else:
        assert result.post_2032_rule  # The brief's property: fails or is flagged.
    # In fact k2 (weights 1..7 including k2 itself, modulus 11) catches every single change.
    with pytest.raises(InvalidIdentityNumber):
        classify(changed)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 9))
def test_old_rule_statement_is_equivalent(prefix, k1):
    """k1 == 11 - (S1 mod 11) (11 -> 0, 10 invalid)  <=>  (S1 + k1) mod 11 == 0."""
    by_formula = 11 - s1(prefix) % 11
    by_formula = 0 if by_formula == 11 else by_formula  # 10 matches no digit
    assert (k1 == by_formula) == ((s1(prefix) + k1) % 11 == 0)
    assert (str(k1) == stdnum_fnr.calc_check_digit1(prefix)) == ((s1(prefix) + k1) % 11 == 0)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
@example("14035650068")
@example("60459370458")
def test_stdnum_valid_implies_valid_old_rule(number):
    # By design we are stricter than stdnum in one place: a D-number day (+40) together with
    # an H-number month (+40) is no number kind REFERENCE.md knows, and is refused ('date').
    if 41 <= int(number[:2]) <= 71 and 41 <= int(number[2:4]) <= 52:
        with pytest.raises(InvalidIdentityNumber):
            classify(number)
        return
    if stdnum_fnr.is_valid(number):
        result = classify(number)
        assert result.post_2032_rule is False
        assert result.synthetic is False


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_accepted_numbers_satisfy_the_check_formulas(number):
    try:
        classify(number)
    except InvalidIdentityNumber:
        return
    assert (s1(number) + int(number[9])) % 11 in {0, 1, 2, 3}
    assert (s2(number) + int(number[10])) % 11 == 0


@given(st.one_of(st.text(), st.text(alphabet="0123456789 -", max_size=20)))
def test_mask_shows_at_most_the_last_three_digits(raw):
    masked = mask(raw)
    shown = re.sub(r"\D", "", masked)
    assert len(shown) <= 3
    digits = re.sub(r"[\s\-]", "", raw)
    if shown:
        assert digits.endswith(shown)
        assert masked == "****** **" + digits[-3:]
    else:
        assert masked == MASKED_UNKNOWN


@given(valid_numbers())
def test_mask_of_valid_number(case):
    number = case[0]
    assert mask(number) == "****** **" + number[-3:]
    assert number[:8] not in mask(number)


@given(
    st.one_of(
        st.text(alphabet="0123456789", min_size=11, max_size=11),
        st.text(alphabet="0123456789 -x", max_size=15),
        valid_numbers().map(lambda case: case[0]),
    )
)
def test_error_messages_never_contain_digits(raw):
    try:
        validate(raw, allow_synthetic=False)
    except InvalidIdentityNumber as exc:
        for text in (str(exc), repr(exc), *map(str, exc.args)):
            assert not re.search(r"\d", text)
        assert exc.__cause__ is None
        assert exc.code in identity.ERROR_CODES

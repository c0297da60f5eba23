"""Organisation numbers (REFERENCE.md §5): nine digits, mod 11 with weights 3 2 7 6 5 4 3 2."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familieplan.lib.orgnr import InvalidOrgNumber, format_org_number, validate_org_number

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def check_digit(first8: str) -> int | None:
    """The rule as REFERENCE.md states it, written out independently of the library."""
    k = 11 - sum(w * int(d) for w, d in zip(WEIGHTS, first8, strict=True)) % 11
    return {11: 0, 10: None}.get(k, k)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("974760673", "974760673"),  # Brønnøysundregistrene
        ("974 760 673", "974760673"),
        ("974.760.673", "974760673"),
        ("988077917", "988077917"),
    ],
)
def test_valid_numbers(value, expected):
    assert validate_org_number(value) == expected


@pytest.mark.parametrize(
    "value,code",
    [
        ("974760672", "checksum"),
        ("97476067", "length"),
        ("9747606733", "length"),
        ("97476067A", "digits"),
        ("", "length"),
    ],
)
def test_invalid_numbers(value, code):
    with pytest.raises(InvalidOrgNumber) as error:
        validate_org_number(value)
    assert error.value.code == code


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_the_library_agrees_with_the_published_rule(first8):
    k = check_digit(first8)
    if k is None:
        for digit in "0123456789":
            with pytest.raises(InvalidOrgNumber):
                validate_org_number(first8 + digit)
    else:
        assert validate_org_number(f"{first8}{k}") == f"{first8}{k}"
        wrong = (k + 1) % 10
        with pytest.raises(InvalidOrgNumber):
            validate_org_number(f"{first8}{wrong}")


def test_format():
    assert format_org_number("974760673") == "974 760 673"

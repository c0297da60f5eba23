"""Norwegian national identity numbers (REFERENCE.md §5).

Covers fødselsnummer, D-nummer, H-nummer and FH-nummer, synthetic Test-Norge numbers
(month + 80) and the check-digit rule that applies from 1 January 2032.

Check digits, with S1 = sum(W1[i] * d[i] for the first 9 digits) and S2 likewise with W2
over the first 10 digits:

* Old rule: k1 = 11 - (S1 mod 11), 11 -> 0, 10 -> invalid. This is equivalent to
  ``(S1 + k1) mod 11 == 0`` for a digit k1: that congruence has exactly one solution in
  0..10, namely (11 - S1 mod 11) mod 11; when that solution is 10 no digit satisfies it.
* 2032 rule: k1 is accepted when ``(S1 + k1) mod 11`` is 0, 1, 2 or 3.
* k2 is unchanged: ``(S2 + k2) mod 11 == 0`` (k2 = 11 - (S2 mod 11), 11 -> 0, 10 -> invalid).

Deliberately absent: anything that reads sex or century from a number, and any birth date
derived from a D-number. Exceptions never carry the number itself.
"""

import calendar
import enum
import re
from dataclasses import dataclass, field

from stdnum.no import fodselsnummer as _stdnum_fnr

__all__ = [
    "ERROR_CODES",
    "MASKED_UNKNOWN",
    "IdKind",
    "IdentityNumber",
    "InvalidIdentityNumber",
    "classify",
    "mask",
    "validate",
]

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

#: Remainders of (S1 + k1) mod 11 accepted under the 2032 rule; only 0 before.
K1_REMAINDERS_2032 = frozenset({0, 1, 2, 3})

ERROR_CODES = frozenset({"length", "digits", "checksum", "date", "synthetic_not_allowed"})

#: What :func:`mask` returns when the input is not 11 digits.
MASKED_UNKNOWN = "****** *****"

_SEPARATORS = re.compile(r"[\s\-]")
_ASCII_DIGITS = frozenset("0123456789")

# Offsets added to the month.
_H_MONTH_OFFSET = 40
_SYNTHETIC_MONTH_OFFSET = 80
# Offset added to the day of a D-number.
_D_DAY_OFFSET = 40


class IdKind(enum.StrEnum):
    """Kind of identity number."""

    FODSELSNUMMER = "fodselsnummer"
    D_NUMMER = "d_nummer"
    H_NUMMER = "h_nummer"
    FH_NUMMER = "fh_nummer"


class InvalidIdentityNumber(ValueError):
    """Raised for an invalid number; ``code`` says why, the message never holds the number."""

    def __init__(self, code: str) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code: {code!r}")
        self.code = code
        super().__init__(f"invalid identity number ({code})")


@dataclass(frozen=True)
class IdentityNumber:
    """A structurally valid identity number. ``repr`` and ``str`` never show the digits."""

    digits: str = field(repr=False)
    kind: IdKind
    synthetic: bool
    post_2032_rule: bool

    def __str__(self) -> str:
        return mask(self.digits)

    @property
    def masked(self) -> str:
        """The number as shown by default (last three digits only)."""
        return mask(self.digits)


def _clean(number: str) -> str:
    if not isinstance(number, str):
        raise TypeError("identity number must be a str")
    return _SEPARATORS.sub("", number)


def _k1_remainder(digits: str) -> int:
    """(S1 + k1) mod 11: the weighted sum of the first ten digits, k1 weighted 1."""
    s1 = sum(w * int(d) for w, d in zip(W1, digits[:9], strict=True))
    return (s1 + int(digits[9])) % 11


def _check_digits(digits: str) -> bool:
    """Check k1 and k2; return whether the number needs the 2032 rule for k1."""
    if digits[10] != _stdnum_fnr.calc_check_digit2(digits[:10]):
        raise InvalidIdentityNumber("checksum")
    if digits[9] == _stdnum_fnr.calc_check_digit1(digits[:9]):
        return False  # Valid under the old rule (remainder 0).
    if _k1_remainder(digits) not in K1_REMAINDERS_2032:
        raise InvalidIdentityNumber("checksum")
    return True


def _is_day_month(day: int, month: int, yy: int) -> bool:
    """Whether day/month exists in a year ending in ``yy`` in some century."""
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and day == 29:
        # Accept if the year is a leap year in some century (in effect yy % 4 == 0, since
        # 2000 is one). The century itself is never inferred.
        return any(calendar.isleap(century + yy) for century in (1800, 1900, 2000))
    # 2001 is a common year, so February has 28 days here; the 29th is handled above.
    return day <= calendar.monthrange(2001, month)[1]


def _kind_and_date(digits: str) -> tuple[IdKind, bool]:
    """Classify by the date part and check it is plausible; return (kind, synthetic)."""
    first = int(digits[0])
    day = int(digits[0:2])
    month = int(digits[2:4])
    yy = int(digits[4:6])

    if first >= 8:
        return IdKind.FH_NUMMER, False  # No date in an FH-number.

    synthetic = month > _SYNTHETIC_MONTH_OFFSET
    if synthetic:
        month -= _SYNTHETIC_MONTH_OFFSET

    if first >= 4:
        # D-number: day + 40. Its date may be a registration date: check only ranges.
        day -= _D_DAY_OFFSET
        if not (1 <= day <= 31 and 1 <= month <= 12):
            raise InvalidIdentityNumber("date")
        return IdKind.D_NUMMER, synthetic

    kind = IdKind.FODSELSNUMMER
    if not synthetic and month > _H_MONTH_OFFSET:
        kind = IdKind.H_NUMMER
        month -= _H_MONTH_OFFSET
    if not _is_day_month(day, month, yy):
        raise InvalidIdentityNumber("date")
    return kind, synthetic


def classify(number: str) -> IdentityNumber:
    """Parse and check a number (any kind, synthetic included); raise InvalidIdentityNumber.

    Spaces and hyphens are ignored. Use :func:`validate` to apply the synthetic policy.
    """
    digits = _clean(number)
    if len(digits) != 11:
        raise InvalidIdentityNumber("length")
    if not set(digits) <= _ASCII_DIGITS:
        raise InvalidIdentityNumber("digits")
    post_2032 = _check_digits(digits)
    kind, synthetic = _kind_and_date(digits)
    return IdentityNumber(digits=digits, kind=kind, synthetic=synthetic, post_2032_rule=post_2032)


def validate(number: str, *, allow_synthetic: bool) -> IdentityNumber:
    """Classify ``number`` and reject synthetic numbers unless ``allow_synthetic``."""
    result = classify(number)
    if result.synthetic and not allow_synthetic:
        raise InvalidIdentityNumber("synthetic_not_allowed")
    return result


def mask(number: str | IdentityNumber) -> str:
    """Masked form showing only the last three digits: ``'****** **123'``.

    The birth-date part is masked too (it is personal data). Anything that is not 11
    digits after removing spaces and hyphens is masked completely.
    """
    digits = number.digits if isinstance(number, IdentityNumber) else _clean(number)
    if len(digits) != 11 or not set(digits) <= _ASCII_DIGITS:
        return MASKED_UNKNOWN
    return "****** **" + digits[-3:]

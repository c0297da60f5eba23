"""Norwegian organisation numbers (organisasjonsnummer, REFERENCE.md §5).

Nine digits, the last a mod-11 check digit with weights 3 2 7 6 5 4 3 2. The check itself is
python-stdnum's `stdnum.no.orgnr`; this module only turns its exceptions into error codes the
forms translate, and formats the number the way Brønnøysundregistrene prints it.
"""

from __future__ import annotations

from stdnum import exceptions as _stdnum_errors
from stdnum.no import orgnr as _stdnum_orgnr

__all__ = ["InvalidOrgNumber", "format_org_number", "validate_org_number"]


class InvalidOrgNumber(ValueError):
    """`code` is one of "length", "digits", "checksum"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def validate_org_number(value: str) -> str:
    """The nine digits of a valid organisation number (spaces and dots allowed in input)."""
    digits = "".join(value.split()).replace(".", "")
    if digits and not digits.isdigit():
        raise InvalidOrgNumber("digits")
    if len(digits) != 9:
        raise InvalidOrgNumber("length")
    try:
        return _stdnum_orgnr.validate(digits)
    except _stdnum_errors.InvalidChecksum:
        raise InvalidOrgNumber("checksum") from None
    except _stdnum_errors.ValidationError:
        raise InvalidOrgNumber("digits") from None


def format_org_number(digits: str) -> str:
    """ "974760673" → "974 760 673"."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 9 else digits

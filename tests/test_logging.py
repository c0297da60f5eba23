import logging

from familieplan.core.logging import RedactIdentityNumbers, redact


def test_redacts_eleven_digit_numbers():
    assert redact("fnr 15076500565 and 150765 00565 here") == (
        "fnr [fnr fjernet] and [fnr fjernet] here"
    )
    assert redact("phone 91234567, year 2026") == "phone 91234567, year 2026"


def test_filter_rewrites_the_record():
    record = logging.LogRecord("x", logging.INFO, "f", 1, "looked up %s", ("15076500565",), None)
    RedactIdentityNumbers().filter(record)
    assert record.getMessage() == "looked up [fnr fjernet]"

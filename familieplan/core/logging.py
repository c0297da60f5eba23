"""A logging filter that masks anything shaped like a national identity number."""

from __future__ import annotations

import logging
import re

_ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{6}[ -]?\d{5}(?!\d)")


def redact(text: str) -> str:
    return _ELEVEN_DIGITS.sub("[fnr fjernet]", text)


class RedactIdentityNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True

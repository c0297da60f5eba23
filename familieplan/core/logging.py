"""Log redaction: nothing shaped like a national identity number, and no calendar feed's
secret token, leaves the process in a log.

`RedactIdentityNumbers` sits on every handler (settings.LOGGING; gunicorn's own handlers
through `GunicornLogger`, named in gunicorn.conf.py). It masks the message with its
arguments, the formatted traceback (a unique violation's `DETAIL: Key (…)=(1, 15076500565)`
comes back in the exception text) and the stack, and drops the raw exception so that no later
handler formats it again unmasked.

A number is masked as typed into a form, a path or a query string: eleven digits in a row,
or with spaces, dots, dashes, `+` or percent-escapes between them (`311299 56715`,
`311299+56715`, `311299%2056715`, `31.12.99-567.15`). Masking too much costs a log reader a
few digits; masking too little would put a person's number in every log copy. A UUID
(every record's id) is left whole: its digit groups with dashes between can look like eleven
digits (`…-f205-4053-8452-…`).
"""

from __future__ import annotations

import logging
import re

from gunicorn import glogging

MASK = "[fnr fjernet]"

# Between two digits: at most three of a space (any kind), dot, dash, plus, or a
# percent-escape of one of them (%20 space, %2B plus, %2D dash, %2E dot, %C2%A0 no-break space).
_SEPARATOR = r"(?:[\s.+\-]|%20|%2[BbDdEe]|%[Cc]2%[Aa]0)"
_IDENTITY_NUMBER = re.compile(
    # not part of a longer number, but a percent-escape may stand right before it
    rf"(?:(?<!\d)|(?<=%[0-9A-Fa-f]{{2}}))\d(?:{_SEPARATOR}{{0,3}}\d){{10}}(?!\d)"
)


_HEX = "[0-9A-Fa-f]"
_UUID = re.compile(rf"\b{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}\b")


#: A calendar feed's address carries its secret (meetings/feed.py, economy/feed.py): whoever
#: reads a log line with it could subscribe to that person's meetings or a family's payment
#: days. The token is masked wherever it appears.
_FEED_TOKEN = re.compile(r"(/(?:meetings|economy)/feed/)[A-Za-z0-9_\-%]+(\.ics)")
FEED_MASK = "[token fjernet]"


def redact(text: str) -> str:
    if "/feed/" in text:
        text = _FEED_TOKEN.sub(rf"\g<1>{FEED_MASK}\g<2>", text)
    if "-" not in text:
        return _IDENTITY_NUMBER.sub(MASK, text)
    # Mask between the UUIDs, never inside one.
    parts, last = [], 0
    for found in _UUID.finditer(text):
        parts.append(_IDENTITY_NUMBER.sub(MASK, text[last : found.start()]))
        parts.append(found.group())
        last = found.end()
    parts.append(_IDENTITY_NUMBER.sub(MASK, text[last:]))
    return "".join(parts)


class RedactIdentityNumbers(logging.Filter):
    """Masks identity numbers in everything a formatter prints from a record."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: log what there is, masked
            message = f"{record.msg} {record.args}"
        cleaned = redact(message)
        if cleaned != message:
            # The arguments are folded into the masked message, so no handler formats them anew.
            record.msg, record.args = cleaned, None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class GunicornLogger(glogging.Logger):
    """Gunicorn's error and access logs (request lines, referrers) with the same masking."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, RedactIdentityNumbers) for f in handler.filters):
                    handler.addFilter(RedactIdentityNumbers())

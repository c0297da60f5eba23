"""SMS: mobile numbers, and the pluggable backend that hands a text to an SMS gateway.

The backend is chosen by the setting `FAMILIEPLAN_SMS_BACKEND` (a dotted path to a class;
default `familieplan.outbox.sms.LoggingSMSBackend`, which only writes a log line — the demo and
development). A municipality plugs in its own SMS gateway with a class like this::

    from familieplan.outbox.sms import PermanentFailure, SMSBackend, TemporaryFailure

    class GatewayBackend(SMSBackend):
        def send(self, to: str, body: str, *, topic: str) -> str:
            # to: E.164, e.g. "+4791234567"; body: at most 160 characters, one segment;
            # topic: what kind of notice it is (e.g. "measure_assigned"), for logs/accounting.
            ...call the gateway...
            return gateway_message_id          # kept on the outbox row as provider_id

The class is created with no arguments, once per delivery attempt, and may read its own
settings (URL, credentials) from `django.conf.settings`. `send` either returns the gateway's
id for the message (the SMS is then "sent"), or raises:

- `TemporaryFailure` — worth trying again (gateway down, timeout, throttled, HTTP 5xx/429):
  the outbox retries on the same schedule as email (1 min, 5 min, 30 min, 2 h, 12 h; then
  failed);
- `PermanentFailure` — trying again will not help (number unknown or barred, refused by the
  gateway): the SMS is failed at once.

The exception's message is shown to administrators as the reason: write it in plain words,
and never put the message text or the number in it. Any other exception counts as a
programming error: the SMS is failed and the task records the traceback.
"""

from __future__ import annotations

import logging
import re
import uuid

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("familieplan.outbox.sms")

DEFAULT_BACKEND = "familieplan.outbox.sms.LoggingSMSBackend"

#: A Norwegian mobile number: 8 digits starting with 4 or 9.
_NORWEGIAN_MOBILE = re.compile(r"[49]\d{7}")
#: An international number (E.164): "+", a country code not starting with 0, at most 15 digits.
_INTERNATIONAL = re.compile(r"\+[1-9]\d{6,14}")
#: What people type between the digits.
_SEPARATORS = re.compile(r"[\s\-]")


class DeliveryFailure(Exception):
    """A backend could not hand the SMS over; the message is a plain reason for the admin."""


class TemporaryFailure(DeliveryFailure):
    """Try again later."""


class PermanentFailure(DeliveryFailure):
    """Do not try again."""


def normalise_mobile(number: str) -> str:
    """A mobile number as E.164 (+47XXXXXXXX for Norway), or ValueError.

    Accepts 8 digits starting with 4 or 9 (a Norwegian mobile), or an international number
    written with "+" and the country code; spaces and hyphens between digits are ignored. A
    +47 number must be a Norwegian mobile number too. The error never quotes the number.
    """
    compact = _SEPARATORS.sub("", number or "")
    if _NORWEGIAN_MOBILE.fullmatch(compact):
        return "+47" + compact
    if _INTERNATIONAL.fullmatch(compact):
        if compact.startswith("+47") and not _NORWEGIAN_MOBILE.fullmatch(compact[3:]):
            raise ValueError("Not a Norwegian mobile number.")
        return compact
    raise ValueError("Not a mobile number (8 digits starting with 4 or 9, or +country code).")


def mask(number: str) -> str:
    """The number with all but its last two digits hidden, for logs."""
    return "*" * max(len(number) - 2, 0) + number[-2:]


class SMSBackend:
    """The interface an SMS gateway implements (see the module docstring)."""

    def send(self, to: str, body: str, *, topic: str) -> str:
        raise NotImplementedError


class LoggingSMSBackend(SMSBackend):
    """Sends nothing: writes one log line (masked number, topic, length — never the text)."""

    def send(self, to: str, body: str, *, topic: str) -> str:
        logger.info("SMS to %s (%s, %s characters) logged, not sent", mask(to), topic, len(body))
        return f"log-{uuid.uuid4().hex}"


def backend() -> SMSBackend:
    """A new instance of the configured backend class."""
    path = getattr(settings, "FAMILIEPLAN_SMS_BACKEND", "") or DEFAULT_BACKEND
    return import_string(path)()

"""No identity number reaches a log line: not in the message, not in a traceback (a unique
violation's DETAIL shows the key's value), not in a stack, not in Django's request and server
logs nor gunicorn's, however the number was typed in a path or a query string."""

import io
import logging
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, transaction
from gunicorn.config import Config

from familieplan.core.logging import GunicornLogger, RedactIdentityNumbers, redact
from tests.factories import make_family, make_member

NUMBER = "15076500565"
TYPED = [
    "15076500565",
    "150765 00565",
    "150765+00565",
    "150765-00565",
    "150765.00565",
    "150765 - 00565",
    "15.07.65 005.65",
    "150765\u00a000565",
    "150765%2000565",
    "150765%2B00565",
    "150765%C2%A000565",
]


@pytest.mark.parametrize("typed", TYPED)
def test_a_number_is_masked_however_it_was_typed(typed):
    for around in ("{}", "fnr {} her", "/families/?q={}&x=1", "q=%20{}", "(1, {})"):
        text = around.format(typed)
        assert "00565" not in redact(text), text
        assert "[fnr fjernet]" in redact(text)


def test_what_is_not_an_identity_number_is_left_alone():
    kept = [
        "phone 91234567, year 2026",
        "+47 912 34 567",
        "org 974 760 673",
        "2026-11-23 10:15:30",
        "127.0.0.1:8000",
        "12345678-1234-5678-9012-345678901234",  # a UUID made of digits only
        "150765005651",  # twelve digits
    ]
    for text in kept:
        assert redact(text) == text


def test_no_uuid_is_ever_masked_but_a_number_beside_one_is():
    """Every record id in a log line is a UUID; its digit groups must never read as a number."""
    import uuid

    for _ in range(20_000):
        text = f"Email {uuid.uuid4()} (meeting_invitation) not delivered"
        assert redact(text) == text
    seen = "3e0759f3-f205-4053-8452-07d189ca71e3"  # once masked in a log line
    assert redact(f"Email {seen} for 15076500565") == f"Email {seen} for [fnr fjernet]"


def test_filter_rewrites_the_record():
    record = logging.LogRecord("x", logging.INFO, "f", 1, "looked up %s", ("15076500565",), None)
    RedactIdentityNumbers().filter(record)
    assert record.getMessage() == "looked up [fnr fjernet]"


def format_through_filter(record: logging.LogRecord) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactIdentityNumbers())
    handler.handle(record)
    return stream.getvalue()


def test_the_traceback_and_the_stack_are_masked():
    try:
        raise ValueError(f"Key (municipality_id, national_id)=(1, {NUMBER}) already exists.")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, "f", 1, "failed", (), sys.exc_info()
        )
    record.stack_info = f"Stack (most recent call last):\n  lookup('{NUMBER}')"
    text = format_through_filter(record)
    assert "already exists" in text and "Stack" in text
    assert NUMBER not in text
    assert record.exc_info is None  # no later handler can format the raw exception again


def test_a_real_unique_violation_logged_with_its_traceback_is_masked(world):
    """On PostgreSQL the violation's DETAIL carries the number (SQLite names only columns)."""
    family = make_family(unit=world.unit_a)
    make_member(family=family, national_id=NUMBER)
    try:
        with transaction.atomic():
            make_member(family=family, national_id=NUMBER)
    except IntegrityError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, "f", 1, "save failed", (), sys.exc_info()
        )
    assert "IntegrityError" in format_through_filter(record)
    assert NUMBER not in format_through_filter(record)


def every_handler():
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    return [(logger.name, handler) for logger in loggers for handler in logger.handlers]


def test_every_configured_handler_masks():
    """Django's own loggers ("django", "django.request", "django.server") included: a handler
    without the filter would print what the others mask."""
    names = {name for name, _handler in every_handler()}
    assert {"root", "django", "django.request", "django.server"} <= names
    unmasked = [
        f"{name}: {handler!r}"
        for name, handler in every_handler()
        if not any(isinstance(f, RedactIdentityNumbers) for f in handler.filters)
        and not type(handler).__module__.startswith("_pytest")
        and not isinstance(handler, logging.NullHandler)  # a library's: prints nothing
    ]
    assert unmasked == []


@pytest.fixture
def console_output():
    """What the configured console handlers print, for the length of a test."""
    stream = io.StringIO()
    handlers = {h for _name, h in every_handler() if isinstance(h, logging.StreamHandler)}
    handlers = {h for h in handlers if not type(h).__module__.startswith("_pytest")}
    old = {h: h.setStream(stream) for h in handlers}
    yield stream
    for handler, previous in old.items():
        handler.setStream(previous)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["15076500565", "150765+00565", "150765%2000565"])
def test_django_request_log_of_a_path_is_masked(client, world, console_output, typed):
    client.force_login(world.coordinator)
    assert client.get(f"/families/{typed}/").status_code == 404
    logged = console_output.getvalue()
    assert "Not Found" in logged and "00565" not in logged


def test_the_development_server_log_of_a_query_is_masked(console_output):
    # How django.core.servers.basehttp.WSGIRequestHandler.log_message logs a request.
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /families/?q=150765+00565 HTTP/1.1", "200", "1234"
    )
    logged = console_output.getvalue()
    assert "GET /families/?q=[fnr fjernet] HTTP/1.1" in logged


def test_gunicorn_access_and_error_logs_are_masked(tmp_path):
    access, errors = tmp_path / "access.log", tmp_path / "error.log"
    config = Config()
    config.set("accesslog", str(access))
    config.set("errorlog", str(errors))
    logger = GunicornLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/families/?q=150765+00565",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://x/families/?q=150765%2000565",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=1))
    logger.error("Invalid request line: GET /x/%s", "15076500565")
    for log in (logger.access_log, logger.error_log):
        for handler in list(log.handlers):  # gunicorn's handlers end with the test
            handler.close()
            log.removeHandler(handler)
    assert "[fnr fjernet]" in access.read_text() and "00565" not in access.read_text()
    assert "[fnr fjernet]" in errors.read_text() and "00565" not in errors.read_text()


def test_a_calendar_feeds_secret_is_masked_in_every_log_line():
    """The feed's address is its secret (meetings/feed.py): a request line, a referrer or a
    traceback that names it shows the place, never the token."""
    from familieplan.core.logging import FEED_MASK, redact

    token = "Xq3-_a9ZkP0vLm2Qw8Rt5Yu1Io4Pa7Sd6Fg3Hj0Kl9"
    line = f'127.0.0.1 "GET /meetings/feed/{token}.ics HTTP/1.1" 200'
    assert redact(line) == f'127.0.0.1 "GET /meetings/feed/{FEED_MASK}.ics HTTP/1.1" 200'
    assert token not in redact(f"Internal Server Error: /meetings/feed/{token}.ics")
    assert redact("/meetings/calendar/feed/") == "/meetings/calendar/feed/"

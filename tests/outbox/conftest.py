"""A real SMTP server on localhost (aiosmtpd) and the real background worker (db_worker)."""

from __future__ import annotations

import signal
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it receives, or refuses with a set reply."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.refuse_rcpt: str | None = None
        self.refuse_data: str | None = None
        self.port = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            return self.refuse_data
        self.recipients.append(list(envelope.rcpt_tos))
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"


def _point_django_at(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_server(settings):
    """An SMTP server that accepts (or, when told, refuses) mail; Django sends to it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    _point_django_at(settings, port)
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture
def smtp_down(settings):
    """Django points at a port where nothing listens (connection refused)."""
    port = free_port()
    _point_django_at(settings, port)
    return port


@pytest.fixture
def run_worker(transactional_db):
    """Runs `manage.py db_worker` until no task is ready, then puts the signal handlers back.

    Tests that use it get a transactional database (committed rows, flushed afterwards): the
    worker calls `close_old_connections()`, which inside the usual test transaction closes the
    PostgreSQL connection (the autocommit setting differs). In production the worker runs in
    autocommit too, so this is also the realistic setting.
    """

    def run() -> None:
        signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
        saved = {sig: signal.getsignal(sig) for sig in signals}
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)

    return run

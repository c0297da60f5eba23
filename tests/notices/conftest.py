"""Notices reuse the shared family (tests/partners) and the real SMTP server and worker."""

from tests.outbox.conftest import run_worker, smtp_server  # noqa: F401
from tests.partners.conftest import shared  # noqa: F401

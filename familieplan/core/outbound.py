"""Email for the apps below the outbox: `accounts` queues an email here without importing
`outbox` (which sits above it), and the outbox registers its `email_queue` when it loads."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_email_queue: Callable | None = None


def register_email_queue(queue: Callable) -> None:
    global _email_queue
    _email_queue = queue


def queue_email(**kwargs):
    """`outbox.services.email_queue(**kwargs)`: stored and delivered with the caller's work."""
    if _email_queue is None:
        raise ImproperlyConfigured("No email queue is registered (familieplan.outbox).")
    return _email_queue(**kwargs)

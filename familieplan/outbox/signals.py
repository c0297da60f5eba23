"""What the outbox tells apps above it, without importing them.

`email_failed` is sent (with `email=`, the `OutgoingEmail`) when an email has failed for good:
refused by the receiving side, out of retries, or an unexpected error. It is sent inside the
delivery's transaction, so what a receiver writes is saved with the failure; a receiver's
error is logged and never stops the delivery from recording its outcome.
"""

from __future__ import annotations

from django.dispatch import Signal

email_failed = Signal()

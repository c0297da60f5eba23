"""Delivery of outbox emails and SMS by the background worker (`manage.py db_worker`).

One attempt per task run. The outcome is kept on the `OutgoingEmail` row: sent; failed at once
when the receiving side refuses permanently (an SMTP 5xx reply, e.g. an unknown address); or,
for a temporary problem (no connection, timeout, a 4xx reply), retrying later on the schedule
in `RETRY_DELAYS` — the task enqueues itself again with `run_after`. An expected SMTP problem
never raises; the state is in the row.

`deliver_sms` does the same for an `OutgoingSMS` through the configured SMS backend
(`outbox/sms.py`): `TemporaryFailure` is retried on the same schedule, `PermanentFailure`
fails at once.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from familieplan.outbox import signals, sms
from familieplan.outbox.models import OutgoingEmail, OutgoingSMS

logger = logging.getLogger("familieplan.outbox")

#: Waits after the 1st, 2nd, … failed attempt. After the last wait comes the last attempt.
RETRY_DELAYS: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

#: Seconds to wait for the SMTP server when EMAIL_TIMEOUT is not set. The worker holds the
#: email's row lock during the conversation, so it must not hang for ever.
DEFAULT_SMTP_TIMEOUT = 10


def _build_message(email: OutgoingEmail, connection) -> EmailMessage:
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((email.to_name, email.to))],
        headers={"Auto-Submitted": "auto-generated"},
        connection=connection,
    )
    if email.attachment_content:
        message.attach(
            email.attachment_name or "vedlegg.txt",
            email.attachment_content,
            email.attachment_type or "text/plain",
        )
    return message


def _send(email: OutgoingEmail) -> None:
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or DEFAULT_SMTP_TIMEOUT
    connection = get_connection(timeout=timeout)
    if _build_message(email, connection).send() != 1:
        raise smtplib.SMTPException("The email backend reported no message sent.")


def _classify(exc: BaseException) -> tuple[bool, str] | None:
    """(permanent, plain-language reason) for an expected delivery problem, else None.

    The reason names only the SMTP code, never the server's text (it may quote the message).
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values() if isinstance(code, int)]
        code = max(codes, default=550)
        if code >= 500:
            return True, gettext("Mottakerens e-postserver avviste adressen (%(code)s)") % {
                "code": code
            }
        return False, gettext("Mottakerens e-postserver ba oss prøve igjen senere (%(code)s)") % {
            "code": code
        }
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        # Our own configuration, not the recipient: worth retrying while someone fixes it.
        return False, gettext(
            "E-posttjeneren godtok ikke innloggingen fra Familieplan (%(code)s)"
        ) % {"code": exc.smtp_code}
    if isinstance(exc, smtplib.SMTPSenderRefused):
        permanent = exc.smtp_code >= 500
        return permanent, gettext("E-posttjeneren avviste avsenderadressen (%(code)s)") % {
            "code": exc.smtp_code
        }
    if isinstance(exc, smtplib.SMTPResponseException):
        if exc.smtp_code >= 500:
            return True, gettext("E-posttjeneren avviste e-posten (%(code)s)") % {
                "code": exc.smtp_code
            }
        return False, gettext("E-posttjeneren kunne ikke ta imot e-posten nå (%(code)s)") % {
            "code": exc.smtp_code
        }
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return False, gettext("Forbindelsen til e-postserveren ble brutt")
    if isinstance(exc, TimeoutError):
        return False, gettext("E-posttjeneren svarte ikke i tide")
    if isinstance(exc, OSError):  # connection refused, DNS, TLS, other smtplib errors
        return False, gettext("Fikk ikke kontakt med e-postserveren")
    return None


def _tell_failed(email: OutgoingEmail) -> None:
    """Send `signals.email_failed`; a receiver's error is logged, the failure still recorded."""
    for _receiver, result in signals.email_failed.send_robust(sender=OutgoingEmail, email=email):
        if isinstance(result, Exception):
            logger.error(
                "Email %s failed; a receiver of email_failed raised %s",
                email.pk,
                type(result).__name__,
            )


def _record_failure(email: OutgoingEmail, exc: Exception) -> bool:
    """Record a failed attempt on the (locked) row; True when the problem was an expected one."""
    outcome = _classify(exc)
    if outcome is None:
        email.mark_failed(
            reason=gettext("Uventet feil ved sending (%(error)s)") % {"error": type(exc).__name__}
        )
    else:
        permanent, reason = outcome
        if permanent or email.attempts + 1 >= MAX_ATTEMPTS:
            email.mark_failed(reason=reason)
        else:
            next_attempt_at = timezone.now() + RETRY_DELAYS[email.attempts]
            email.mark_retrying(reason=reason, next_attempt_at=next_attempt_at)
            deliver_email.using(run_after=next_attempt_at).enqueue(str(email.pk))
    email.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
    if email.status == OutgoingEmail.Status.FAILED:
        _tell_failed(email)
    log = logger.warning if outcome is not None else logger.error
    log(
        "Email %s (%s) not delivered, attempt %s: %s -> %s",
        email.pk,
        email.topic,
        email.attempts,
        email.last_error,
        email.status,
    )
    return outcome is not None


@task()
def deliver_email(email_id: str) -> str:
    """Make one delivery attempt for an outbox email; returns its status afterwards.

    Safe to run twice: an email that was sent (or failed for good) is left alone, and a task
    that comes before the email's next attempt is due (a stale duplicate) does nothing.
    """
    unexpected: Exception | None = None
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            logger.warning("Email %s no longer exists; nothing to deliver", email_id)
            return "missing"
        if email.status in (OutgoingEmail.Status.SENT, OutgoingEmail.Status.FAILED):
            return email.status
        due = email.next_attempt_at
        if email.status == OutgoingEmail.Status.RETRYING and due > timezone.now():
            return email.status
        try:
            _send(email)
        except Exception as exc:
            if not _record_failure(email, exc):
                unexpected = exc
        else:
            email.mark_sent(at=timezone.now())
            email.save(
                update_fields=["status", "sent_at", "attempts", "last_error", "next_attempt_at"]
            )
            logger.info("Email %s (%s) sent, attempt %s", email.pk, email.topic, email.attempts)
    if unexpected is not None:
        # The row says "failed" (committed above); the task result records the real error.
        raise unexpected
    return email.status


def _record_sms_failure(message: OutgoingSMS, exc: Exception) -> bool:
    """Record a failed SMS attempt on the (locked) row; True when the backend expected it."""
    if isinstance(exc, sms.PermanentFailure):
        message.mark_failed(reason=str(exc) or gettext("SMS-tjenesten avviste meldingen"))
    elif isinstance(exc, sms.TemporaryFailure):
        reason = str(exc) or gettext("SMS-tjenesten kunne ikke ta imot meldingen nå")
        if message.attempts + 1 >= MAX_ATTEMPTS:
            message.mark_failed(reason=reason)
        else:
            next_attempt_at = timezone.now() + RETRY_DELAYS[message.attempts]
            message.mark_retrying(reason=reason, next_attempt_at=next_attempt_at)
            deliver_sms.using(run_after=next_attempt_at).enqueue(str(message.pk))
    else:
        message.mark_failed(
            reason=gettext("Uventet feil ved sending (%(error)s)") % {"error": type(exc).__name__}
        )
    message.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
    expected = isinstance(exc, sms.DeliveryFailure)
    (logger.warning if expected else logger.error)(
        "SMS %s (%s) not delivered, attempt %s: %s -> %s",
        message.pk,
        message.topic,
        message.attempts,
        message.last_error,
        message.status,
    )
    return expected


@task()
def deliver_sms(sms_id: str) -> str:
    """Make one delivery attempt for an outbox SMS; returns its status afterwards.

    Safe to run twice, like `deliver_email`: a sent or failed SMS is left alone, and a task
    that comes before the next attempt is due does nothing.
    """
    unexpected: Exception | None = None
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        message = OutgoingSMS.objects.select_for_update().filter(pk=sms_id).first()
        if message is None:
            logger.warning("SMS %s no longer exists; nothing to deliver", sms_id)
            return "missing"
        if message.status in (OutgoingSMS.Status.SENT, OutgoingSMS.Status.FAILED):
            return message.status
        due = message.next_attempt_at
        if message.status == OutgoingSMS.Status.RETRYING and due > timezone.now():
            return message.status
        try:
            provider_id = sms.backend().send(message.to, message.body, topic=message.topic)
        except Exception as exc:
            if not _record_sms_failure(message, exc):
                unexpected = exc
        else:
            message.mark_sent(at=timezone.now())
            message.provider_id = str(provider_id or "")[:100]
            message.save(
                update_fields=[
                    "status",
                    "sent_at",
                    "attempts",
                    "last_error",
                    "next_attempt_at",
                    "provider_id",
                ]
            )
            logger.info("SMS %s (%s) sent, attempt %s", message.pk, message.topic, message.attempts)
    if unexpected is not None:
        raise unexpected
    return message.status

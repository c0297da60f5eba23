"""Queueing email and SMS: a row in the outbox and a background task, saved with the caller's
work."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from familieplan.outbox.models import SMS_MAX_LENGTH, OutgoingEmail, OutgoingSMS
from familieplan.outbox.sms import normalise_mobile
from familieplan.outbox.tasks import deliver_email, deliver_sms


@dataclass(frozen=True)
class Attachment:
    """A text attachment, e.g. a calendar file with mimetype "text/calendar; method=REQUEST"."""

    name: str
    content: str
    mimetype: str


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _check_length(field: str, value: str) -> None:
    if len(value) > OutgoingEmail._meta.get_field(field).max_length:
        raise ValueError(f"The {field} is too long.")


def email_queue(
    *,
    to: str,
    subject: str,
    body: str,
    topic: str,
    municipality_id: int | None = None,
    to_name: str = "",
    reference: str = "",
    attachment: Attachment | None = None,
    about_family_id=None,
) -> OutgoingEmail:
    """Save an email and schedule its delivery.

    Call it inside the transaction that does the work the email is about: the outbox row and
    the task row (database task backend) are committed or rolled back together with it.
    `about_family_id`: the family an email to a meeting's participant is about (its
    coordinators are told when it fails for good). Refuses (ValueError) an empty or invalid
    address, an empty subject or topic, and values longer than their columns.
    """
    to = (to or "").strip()
    if not to:
        raise ValueError("An email needs a recipient address.")
    try:
        validate_email(to)
    except ValidationError as exc:
        raise ValueError(f"Not a valid email address: {to!r}") from exc
    subject = _one_line(subject)
    if not subject:
        raise ValueError("An email needs a subject.")
    if not topic:
        raise ValueError("An email needs a topic.")
    for field, value in [
        ("subject", subject),
        ("topic", topic),
        ("reference", reference),
        ("attachment_name", attachment.name if attachment else ""),
        ("attachment_type", attachment.mimetype if attachment else ""),
    ]:
        _check_length(field, value)
    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            municipality_id=municipality_id,
            topic=topic,
            reference=reference,
            about_family_id=about_family_id,
            to=to,
            to_name=_one_line(to_name)[:200],
            subject=subject,
            body=body,
            attachment_name=attachment.name if attachment else "",
            attachment_type=attachment.mimetype if attachment else "",
            attachment_content=attachment.content if attachment else "",
        )
        deliver_email.enqueue(str(email.pk))
    return email


def email_retry_now(*, email: OutgoingEmail) -> OutgoingEmail:
    """A person pressed "Send på nytt": queue a failed or retrying email for delivery now.

    Refuses (ValueError) an email that was sent or is already queued.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
        email.requeue()
        email.save(update_fields=["status", "attempts", "next_attempt_at"])
        deliver_email.enqueue(str(email.pk))
    return email


def sms_queue(
    *,
    to: str,
    body: str,
    topic: str,
    municipality_id: int | None = None,
    reference: str = "",
) -> OutgoingSMS:
    """Save an SMS and schedule its delivery through the configured SMS backend.

    Call it inside the transaction that does the work the SMS is about (as `email_queue`).
    The number is normalised to E.164 (`sms.normalise_mobile`). Refuses (ValueError) a number
    that is not a mobile number, an empty body or one longer than one segment (160
    characters), an empty topic, and values longer than their columns.
    """
    to = normalise_mobile(to)
    body = (body or "").strip()
    if not body:
        raise ValueError("An SMS needs a text.")
    if len(body) > SMS_MAX_LENGTH:
        raise ValueError(f"An SMS is at most {SMS_MAX_LENGTH} characters (one segment).")
    if not topic:
        raise ValueError("An SMS needs a topic.")
    for field, value in [("topic", topic), ("reference", reference)]:
        if len(value) > OutgoingSMS._meta.get_field(field).max_length:
            raise ValueError(f"The {field} is too long.")
    with transaction.atomic():
        message = OutgoingSMS.objects.create(
            municipality_id=municipality_id, topic=topic, reference=reference, to=to, body=body
        )
        deliver_sms.enqueue(str(message.pk))
    return message


def sms_retry_now(*, sms: OutgoingSMS) -> OutgoingSMS:
    """A person pressed "Send på nytt": queue a failed or retrying SMS for delivery now.

    Refuses (ValueError) an SMS that was sent or is already queued.
    """
    with transaction.atomic():
        sms = OutgoingSMS.objects.select_for_update().get(pk=sms.pk)
        sms.requeue()
        sms.save(update_fields=["status", "attempts", "next_attempt_at"])
        deliver_sms.enqueue(str(sms.pk))
    return sms

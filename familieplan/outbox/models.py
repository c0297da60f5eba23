"""The outbox: every email and SMS Familieplan sends is a row here first, delivered by a
background task.

A row's status tells whether the message went out, is waiting for another attempt, or failed
for good — so an invitation is never silently lost, and a person can press "Send på nytt".
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

#: One SMS segment (GSM 7-bit alphabet, which has æ, ø and å). Longer texts are refused.
SMS_MAX_LENGTH = 160


class OutboxQuerySet(models.QuerySet):
    def for_reference(self, reference: str):
        """The messages a sending app queued under one key (e.g. "meeting:<uuid>")."""
        return self.filter(reference=reference)

    def problems(self):
        """Messages that have not gone out after at least one attempt."""
        return self.filter(status__in=[Delivery.Status.RETRYING, Delivery.Status.FAILED])


class Delivery(models.Model):
    """Status, attempts and the transitions a delivery task makes; shared by email and SMS."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENT = "sent", _("Sendt")
        RETRYING = "retrying", _("Prøver igjen")
        FAILED = "failed", _("Feilet")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.CharField(_("siste feil"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        abstract = True

    # Transitions. The delivery task calls them with the row locked; each refuses a move that
    # would make the history wrong (a message that went out is never "failed" afterwards).

    def _refuse_if_sent(self) -> None:
        if self.status == self.Status.SENT:
            raise ValueError("This message has already been sent.")

    def mark_sent(self, *, at: datetime) -> None:
        self._refuse_if_sent()
        self.status = self.Status.SENT
        self.sent_at = at
        self.attempts += 1
        self.last_error = ""
        self.next_attempt_at = None

    def mark_retrying(self, *, reason: str, next_attempt_at: datetime) -> None:
        self._refuse_if_sent()
        self.status = self.Status.RETRYING
        self.attempts += 1
        self.last_error = reason[:500]
        self.next_attempt_at = next_attempt_at

    def mark_failed(self, *, reason: str) -> None:
        self._refuse_if_sent()
        self.status = self.Status.FAILED
        self.attempts += 1
        self.last_error = reason[:500]
        self.next_attempt_at = None

    def requeue(self) -> None:
        """A person asked for a new attempt: a fresh round of retries starts now."""
        if self.status not in (self.Status.RETRYING, self.Status.FAILED):
            raise ValueError("Only a message that failed or is waiting to retry can be sent again.")
        self.status = self.Status.QUEUED
        self.attempts = 0
        self.next_attempt_at = None


def _delivery_constraints(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
            name=f"{prefix}_sent_has_sent_at",
        ),
        models.CheckConstraint(
            condition=~models.Q(status="retrying") | models.Q(next_attempt_at__isnull=False),
            name=f"{prefix}_retrying_has_next_attempt",
        ),
    ]


class OutgoingEmail(Delivery):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("kommune"),
    )
    topic = models.CharField(_("type e-post"), max_length=40)
    # Looked up through the (reference, created_at) index below.
    reference = models.CharField(_("referanse"), max_length=100, blank=True)
    #: The family an email to a meeting's participant is about (no foreign key: the outbox
    #: sits beside families). When it fails for good, the family's coordinators are told
    #: (`outbox.signals.email_failed`).
    about_family_id = models.UUIDField(_("gjelder familie"), null=True, blank=True)
    to = models.EmailField(_("mottaker"))
    to_name = models.CharField(_("mottakerens navn"), max_length=200, blank=True)
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    attachment_name = models.CharField(_("vedleggets filnavn"), max_length=100, blank=True)
    attachment_type = models.CharField(_("vedleggets type"), max_length=100, blank=True)
    attachment_content = models.TextField(_("vedlegg"), blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-poster")
        indexes = [
            models.Index(fields=["reference", "created_at"], name="outbox_reference_created"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_next_attempt"),
        ]
        constraints = _delivery_constraints("outbox")

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class OutgoingSMS(Delivery):
    """A text message to a mobile number, delivered by the SMS backend the setting
    `FAMILIEPLAN_SMS_BACKEND` names (see `outbox/sms.py`). One segment, generic text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("kommune"),
    )
    topic = models.CharField(_("type melding"), max_length=40)
    reference = models.CharField(_("referanse"), max_length=100, blank=True)
    #: E.164, e.g. +4791234567 (normalised by `sms.normalise_mobile`).
    to = models.CharField(_("mobilnummer"), max_length=16)
    body = models.CharField(_("tekst"), max_length=SMS_MAX_LENGTH)
    #: What the SMS gateway called the message (for tracing it with the provider).
    provider_id = models.CharField(_("leverandørens referanse"), max_length=100, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("utgående SMS")
        verbose_name_plural = _("utgående SMS-er")
        indexes = [
            models.Index(fields=["reference", "created_at"], name="outbox_sms_reference_created"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_sms_status_next"),
        ]
        constraints = _delivery_constraints("outbox_sms")

    def __str__(self) -> str:
        return f"{self.topic} → {self.to}"

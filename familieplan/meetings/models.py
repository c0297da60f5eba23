"""Meetings around a family: cooperation meetings, family conversations, evaluation meetings
and home visits, with participants, agenda, minutes and decisions that become measures."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import submit_token_field, submitted_once
from familieplan.core.models import TenantModel
from familieplan.families.models import Family, Member
from familieplan.partners.models import Partner
from familieplan.plans.models import Measure


class Meeting(TenantModel):
    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("Samarbeidsmøte / ansvarsgruppe")
        FAMILY_CONVERSATION = "family_conversation", _("Familiesamtale")
        EVALUATION = "evaluation", _("Evalueringsmøte")
        HOME_VISIT = "home_visit", _("Hjemmebesøk")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        HELD = "held", _("Holdt")
        CANCELLED = "cancelled", _("Avlyst")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("familie")
    )
    kind = models.CharField(_("type møte"), max_length=30, choices=Kind.choices)
    title = models.CharField(
        _("tittel"), max_length=200, blank=True, help_text=_("Frivillig, for eksempel «Oppstart».")
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    place = models.CharField(_("sted"), max_length=300, blank=True)
    video_link = models.URLField(_("lenke til videomøte"), max_length=500, blank=True)
    agenda = models.TextField(_("saksliste"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    cancelled_reason = models.CharField(_("hvorfor møtet ble avlyst"), max_length=500, blank=True)
    minutes = models.TextField(_("referat"), blank=True)
    #: In an evaluation meeting: the child's own experience, in the child's words.
    child_experience = models.TextField(_("barnets egen opplevelse"), blank=True)
    child_experience_of = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hvilket barn"),
    )
    next_meeting_on = models.DateField(_("neste møte"), null=True, blank=True)
    minutes_released_at = models.DateTimeField(_("referatet sendt ut"), null=True, blank=True)
    minutes_released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt ut av"),
    )
    #: The calendar UID stays the same through changes and a cancellation (RFC 5545).
    calendar_uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    #: RFC 5545 SEQUENCE, bumped on every change sent out; also the edit version.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("satt opp av"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        indexes = [
            models.Index(fields=["municipality", "family", "starts_at"], name="meeting_family"),
            models.Index(fields=["municipality", "status", "starts_at"], name="meeting_upcoming"),
            # The calendar of a team lead: a municipality's meetings in a week or a month.
            models.Index(fields=["municipality", "starts_at"], name="meeting_calendar"),
        ]
        constraints = [
            submitted_once("meeting_submitted_once"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(minutes_released_at__isnull=True) | Q(status="held"),
                name="meeting_minutes_only_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%d.%m.%Y}"

    @property
    def label(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def minutes_released(self) -> bool:
        return self.minutes_released_at is not None


class Participant(TenantModel):
    """Someone invited: a family member, a partner service, a staff user, or another person."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Familiemedlem")
        PARTNER = "partner", _("Samarbeidspartner")
        STAFF = "staff", _("Koordinator")
        OTHER = "other", _("Annen")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("møte")
    )
    kind = models.CharField(_("type deltaker"), max_length=10, choices=Kind.choices)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("navn"), max_length=200, blank=True)
    email = models.EmailField(_("e-post for invitasjonen"), blank=True)
    attended = models.BooleanField(_("var til stede"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("deltaker")
        verbose_name_plural = _("deltakere")
        constraints = [
            models.CheckConstraint(
                name="participant_is_one_party",
                condition=Q(
                    kind="member",
                    member__isnull=False,
                    partner__isnull=True,
                    user__isnull=True,
                )
                | Q(kind="partner", partner__isnull=False, member__isnull=True, user__isnull=True)
                | Q(kind="staff", user__isnull=False, member__isnull=True, partner__isnull=True)
                | (
                    Q(kind="other", member__isnull=True, partner__isnull=True, user__isnull=True)
                    & ~Q(name="")
                ),
            )
        ]
        indexes = [
            models.Index(fields=["partner", "meeting"], name="participant_partner"),
            # The calendar and the feed: the meetings a staff user takes part in.
            models.Index(
                fields=["municipality", "user", "meeting"],
                condition=Q(user__isnull=False),
                name="participant_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.member_id:
            return self.member.full_name
        if self.partner_id:
            return self.partner.name
        if self.user_id:
            return self.user.display_name
        return self.name


class Decision(TenantModel):
    """Something the meeting decided. In one step it becomes a measure in the plan."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("møte")
    )
    text = models.TextField(_("beslutning"))
    measure = models.OneToOneField(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_decision",
        verbose_name=_("tiltak i planen"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")
        constraints = [submitted_once("decision_submitted_once")]

    def __str__(self) -> str:
        return self.text[:60]


class CalendarFeed(models.Model):
    """A staff user's calendar subscription: the address a calendar program fetches the
    user's meetings from. Only the SHA-256 hash of its secret token is stored; the address is
    shown once, when it is made. A new subscription revokes the one before (one active per
    user); a revoked row stays, so that a fetch with its token is recognised and logged."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("bruker"),
    )
    token_hash = models.CharField(_("hash av nøkkelen"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("sist hentet"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendarfeed_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

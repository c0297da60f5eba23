"""Enrolment over years (waiting → active ⇄ paused → ended) and coordinator assignment."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import submit_token_field, submitted_once, version_field
from familieplan.core.models import TenantModel
from familieplan.families.models.household import Family


class Enrolment(TenantModel):
    """A family's time in the programme. At most one open enrolment per family."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Venteliste")
        ACTIVE = "active", _("Aktiv")
        PAUSED = "paused", _("Pause")
        ENDED = "ended", _("Avsluttet")

    class EndReason(models.TextChoices):
        COMPLETED = "completed", _("Perioden er fullført")
        GOALS_REACHED = "goals_reached", _("Familien har nådd målene sine")
        MOVED = "moved", _("Familien har flyttet fra kommunen")
        WITHDREW = "withdrew", _("Familien ønsket å avslutte")
        NOT_ELIGIBLE = "not_eligible", _("Ikke lenger i målgruppen")
        OTHER = "other", _("Annet")

    #: Allowed moves. Ended is final: a family that comes back gets a new enrolment.
    TRANSITIONS = {
        Status.WAITING: {Status.ACTIVE, Status.ENDED},
        Status.ACTIVE: {Status.PAUSED, Status.ENDED},
        Status.PAUSED: {Status.ACTIVE, Status.ENDED},
        Status.ENDED: set(),
    }

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("familie")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    started_on = models.DateField(_("startdato"), null=True, blank=True)
    planned_end = models.DateField(_("planlagt slutt"), null=True, blank=True)
    ended_on = models.DateField(_("avsluttet"), null=True, blank=True)
    end_reason = models.CharField(
        _("grunn til avslutning"), max_length=20, choices=EndReason.choices, blank=True
    )
    follow_up_until = models.DateField(_("oppfølging etter avslutning til"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    #: Bumped by every saved edit; an edit states the version it was made from.
    version = version_field()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("deltakelse")
        verbose_name_plural = _("deltakelser")
        constraints = [
            models.UniqueConstraint(
                fields=["family"], condition=~Q(status="ended"), name="enrolment_one_open"
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="enrolment_ended_needs_date_and_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "planned_end"], name="enrol_status_end")
        ]

    def __str__(self) -> str:
        return f"{self.family} – {self.get_status_display()}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def move_to(
        self,
        status: str,
        *,
        on: date,
        by,
        note: str = "",
        end_reason: str = "",
        follow_up_until: date | None = None,
    ) -> EnrolmentEvent:
        """Change status, or refuse with a ValidationError that names the invalid move."""
        if not self.can_move_to(status):
            raise ValidationError(
                _("Deltakelsen kan ikke gå fra «%(from)s» til «%(to)s».")
                % {"from": self.get_status_display(), "to": self.Status(status).label},
                code="invalid_transition",
            )
        if status == self.Status.ENDED:
            if not end_reason:
                raise ValidationError(
                    {"end_reason": _("Velg hvorfor deltakelsen avsluttes.")}, code="required"
                )
            self.ended_on, self.end_reason, self.follow_up_until = on, end_reason, follow_up_until
        if status == self.Status.ACTIVE and self.started_on is None:
            self.started_on = on
        previous, self.status = self.status, status
        self.save()
        return EnrolmentEvent.objects.create(
            municipality_id=self.municipality_id,
            enrolment=self,
            from_status=previous,
            to_status=status,
            on=on,
            note=note,
            by=by,
        )


class EnrolmentEvent(TenantModel):
    """One status change, kept for the history."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="events", verbose_name=_("deltakelse")
    )
    from_status = models.CharField(_("fra"), max_length=10, blank=True)
    to_status = models.CharField(_("til"), max_length=10, choices=Enrolment.Status.choices)
    on = models.DateField(_("dato"))
    note = models.TextField(_("merknad"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    at = models.DateTimeField(auto_now_add=True)

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("endring i deltakelse")
        verbose_name_plural = _("endringer i deltakelse")
        constraints = [submitted_once("enrolmentevent_submitted_once")]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status} {self.on}"


class CoordinatorAssignment(TenantModel):
    """Who coordinated the family when: assignments and hand-overs, kept as history."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Familiekoordinator")
        CO = "co", _("Medkoordinator")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("familie")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("koordinator"),
    )
    kind = models.CharField(_("rolle"), max_length=10, choices=Kind.choices)
    started_on = models.DateField(_("fra"))
    ended_on = models.DateField(_("til"), null=True, blank=True)
    note = models.TextField(_("overlevering"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tildelt av"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-started_on", "-created_at"]
        verbose_name = _("koordinatortildeling")
        verbose_name_plural = _("koordinatortildelinger")
        constraints = [
            submitted_once("coordinatorassignment_submitted_once"),
            models.UniqueConstraint(
                fields=["family", "kind"],
                condition=Q(ended_on__isnull=True),
                name="assignment_one_current_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coordinator} ({self.get_kind_display()}) {self.started_on}"

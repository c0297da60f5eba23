"""The follow-up record: contacts with the family, journal notes with a confidentiality
level, and time spent without contact (travel, preparation, coordination).

Contacts and notes are never changed or deleted. A note is corrected by a new note that points
to it (`corrects`); the old text stays as history. Who may read a note is decided by
`journal.rules.can_read_note`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import submit_token_field, submitted_once
from familieplan.core.models import TenantModel, unindexed_municipality
from familieplan.core.roles import Role
from familieplan.families.models import Family, Member
from familieplan.journal import rules
from familieplan.partners.models import Partner
from familieplan.plans.models import Goal, Measure

#: A contact or a time entry lasts from one minute up to a whole day.
MIN_MINUTES, MAX_MINUTES = 1, 24 * 60


def _minutes_in_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(minutes__gte=MIN_MINUTES, minutes__lte=MAX_MINUTES), name=name
    )


class Contact(TenantModel):
    """One contact with or about the family: when, how, who took part, how long, what about."""

    # The composite indexes below lead with the municipality and serve every lookup; a
    # single-column index here lures PostgreSQL into a costly bitmap AND with the full-text
    # index at national scale (benchmarks/README.md), so the inherited key has none.
    municipality = unindexed_municipality()

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("Hjemmebesøk")
        OFFICE_MEETING = "office_meeting", _("Samtale på kontoret")
        PHONE = "phone", _("Telefon")
        VIDEO = "video", _("Video")
        MESSAGE = "message", _("Melding")
        SERVICE_MEETING = "service_meeting", _("Møte med tjeneste uten familien")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("familie")
    )
    at = models.DateTimeField(_("tidspunkt"))
    kind = models.CharField(_("type kontakt"), max_length=20, choices=Kind.choices)
    minutes = models.PositiveIntegerField(_("varighet i minutter"))
    summary = models.TextField(_("kort sammendrag"))
    members = models.ManyToManyField(
        Member, blank=True, related_name="contacts", verbose_name=_("hvem i familien deltok")
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="journal_contacts", verbose_name=_("tjenester som deltok")
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="contacts", verbose_name=_("gjelder mål")
    )
    measures = models.ManyToManyField(
        Measure, blank=True, related_name="contacts", verbose_name=_("gjelder tiltak")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    recorded_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-at", "-recorded_at"]
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        indexes = [
            models.Index(fields=["municipality", "family", "at"], name="contact_muni_family_at"),
            models.Index(fields=["municipality", "recorded_by", "at"], name="contact_muni_user_at"),
            models.Index(fields=["municipality", "-at"], name="contact_muni_at"),
        ]
        constraints = [
            submitted_once("contact_submitted_once"),
            _minutes_in_range("contact_minutes_in_range"),
            models.CheckConstraint(condition=~Q(summary=""), name="contact_summary_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.at):%d.%m.%Y %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(
                _("En lagret kontakt kan ikke endres. Skriv et notat til kontakten i stedet."),
                code="immutable",
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Contacts are never deleted.")


class NoteQuerySet(models.QuerySet):
    def current(self) -> NoteQuerySet:
        """Notes that no later note corrects (the latest version of each)."""
        return self.filter(corrections__isnull=True)


class Note(TenantModel):
    """A journal note. Never changed: a correction is a new note that `corrects` this one."""

    # The composite indexes below lead with the municipality and serve every lookup; a
    # single-column index here lures PostgreSQL into a costly bitmap AND with the full-text
    # index at national scale (benchmarks/README.md), so the inherited key has none.
    municipality = unindexed_municipality()

    class Level(models.TextChoices):
        ORDINARY = rules.ORDINARY, _("Vanlig (familien kan se det)")
        INTERNAL = rules.INTERNAL, _("Internt (bare ansatte)")
        RESTRICTED = rules.RESTRICTED, _("Begrenset (forfatteren, koordinatorene og teamleder)")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="notes", verbose_name=_("familie")
    )
    about = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notes_about",
        verbose_name=_("gjelder"),
        help_text=_("Tomt: hele familien."),
    )
    level = models.CharField(_("skjerming"), max_length=20, choices=Level.choices)
    text = models.TextField(_("notat"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skrevet av"),
    )
    #: The role the author wrote in (decides who reads a restricted note).
    author_role = models.CharField(_("forfatterens rolle"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("retter notatet"),
    )
    correction_reason = models.CharField(_("hvorfor notatet rettes"), max_length=500, blank=True)
    contact = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("kontakt"),
    )
    #: An ordinary note the coordinator shares with one service, under one consent topic: the
    #: service reads it while a consent covers that topic (journal/visibility.py).
    shared_with_partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delt med tjeneste"),
    )
    #: A consent topic's value: a built-in one or one an app adds (`partners.topics`).
    shared_topic = models.CharField(_("samtykketema"), max_length=20, blank=True)

    objects = NoteQuerySet.as_manager()

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notat")
        verbose_name_plural = _("notater")
        indexes = [
            models.Index(
                fields=["municipality", "family", "created_at"], name="note_muni_family_created"
            ),
            # Search takes the newest matches in the user's municipality.
            models.Index(fields=["municipality", "-created_at"], name="note_muni_created"),
        ]
        constraints = [
            submitted_once("note_submitted_once"),
            models.CheckConstraint(condition=~Q(text=""), name="note_text_not_empty"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="note_correction_has_reason",
            ),
            # A note is corrected once; a later correction corrects the correction (a chain).
            models.UniqueConstraint(fields=["corrects"], name="note_corrected_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {timezone.localtime(self.created_at):%d.%m.%Y %H:%M}"

    @property
    def is_corrected(self) -> bool:
        return self.corrections.exists()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(
                _("Et lagret notat kan ikke endres. Skriv en rettelse i stedet."),
                code="immutable",
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Journal notes are never deleted.")


class TimeEntry(TenantModel):
    """Time spent on a family without a contact: travel, preparation, coordination."""

    class Kind(models.TextChoices):
        TRAVEL = "travel", _("Reise")
        PREPARATION = "preparation", _("Forberedelse")
        COORDINATION = "coordination", _("Koordinering uten kontakt med familien")
        OTHER = "other", _("Annet")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="time_entries", verbose_name=_("familie")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("hvem"),
    )
    on = models.DateField(_("dato"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    minutes = models.PositiveIntegerField(_("minutter"))
    note = models.CharField(_("merknad"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-on", "-created_at"]
        verbose_name = _("tidsføring")
        verbose_name_plural = _("tidsføringer")
        indexes = [
            models.Index(fields=["municipality", "family", "on"], name="timeentry_muni_family_on"),
            models.Index(fields=["municipality", "user", "on"], name="timeentry_muni_user_on"),
        ]
        constraints = [
            submitted_once("timeentry_submitted_once"),
            _minutes_in_range("timeentry_minutes_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d.%m.%Y} ({self.minutes} min)"

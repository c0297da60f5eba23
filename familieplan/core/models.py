"""Tenancy (municipalities and units) and the append-only access log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A municipality (kommune): the tenant. Every family record belongs to exactly one."""

    number = models.CharField(
        _("kommunenummer"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunenummeret har fire siffer."))],
    )
    name = models.CharField(_("navn"), max_length=100)
    county = models.CharField(_("fylke"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__regex=r"^[0-9]{4}$"), name="municipality_number_4_digits"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class Unit(models.Model):
    """A unit inside a municipality: NAV office, family centre or team."""

    class Kind(models.TextChoices):
        NAV_OFFICE = "nav_office", _("NAV-kontor")
        FAMILY_CENTRE = "family_centre", _("Familiesenter")
        TEAM = "team", _("Team")
        OTHER = "other", _("Annet")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="units", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.TEAM)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unit_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class TenantModel(models.Model):
    """Base for every tenant-owned row: an opaque id for URLs and its municipality.

    Indexes on subclasses lead with `municipality` (see docs/ARCHITECTURE.md).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )

    class Meta:
        abstract = True


def unindexed_municipality() -> models.ForeignKey:
    """The inherited municipality key without a column index of its own, for a tenant model
    whose composite indexes all lead with the municipality: there the single-column index
    only costs writes, and at national scale it can lure PostgreSQL into a worse plan
    (benchmarks/README.md)."""
    return models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kommune"),
        db_index=False,
    )


class AccessLogQuerySet(models.QuerySet):
    """Inserts only: one row (`create`) or many in one statement (`bulk_create`, for lists
    that log each family they show). Every ORM path that would update or delete is refused."""

    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError("The access log is append-only.")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise PermissionError("The access log is append-only.")

    def bulk_create(
        self,
        objs,
        batch_size=None,
        ignore_conflicts=False,
        update_conflicts=False,
        update_fields=None,
        unique_fields=None,
    ):
        if update_conflicts:
            raise PermissionError("The access log is append-only.")
        return super().bulk_create(objs, batch_size=batch_size, ignore_conflicts=ignore_conflicts)


class AccessLog(models.Model):
    """Who read or changed what about which family, when and from where. Append-only.

    The model and its queryset refuse updates and deletes; on PostgreSQL a trigger makes the
    database refuse them too (migration 0002).
    """

    class Action(models.TextChoices):
        READ = "read", _("lest")
        CREATE = "create", _("opprettet")
        CHANGE = "change", _("endret")
        EXPORT = "export", _("eksportert")
        PRINT = "print", _("skrevet ut")
        SEARCH = "search", _("søkt")

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", _("tillatt")
        NOT_FOUND = "not_found", _("avvist (finnes ikke for brukeren)")
        READ_ONLY = "read_only", _("avvist (kun lesetilgang)")

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("bruker"),
    )
    username = models.CharField(_("brukernavn"), max_length=150)
    role = models.CharField(_("rolle"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, related_name="+"
    )
    family_id = models.UUIDField(_("familie"), null=True, blank=True)
    person_id = models.UUIDField(_("person"), null=True, blank=True)
    object_type = models.CharField(_("objekttype"), max_length=60)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    outcome = models.CharField(
        _("utfall"), max_length=10, choices=Outcome.choices, default=Outcome.ALLOWED
    )
    ip_address = models.GenericIPAddressField(_("adresse"), null=True, blank=True)
    path = models.CharField(_("side"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("innsynsloggføring")
        verbose_name_plural = _("innsynslogg")
        indexes = [
            models.Index(fields=["municipality", "-at"], name="accesslog_muni_at"),
            models.Index(fields=["family_id", "-at"], name="accesslog_family_at"),
            models.Index(fields=["user", "-at"], name="accesslog_user_at"),
        ]

    def __str__(self) -> str:
        at = timezone.localtime(self.at)
        return f"{at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")


class DemoMarker(models.Model):
    """Present only in a database created by `manage.py load_demo`; other databases refuse it."""

    created_at = models.DateTimeField(auto_now_add=True)
    seed = models.IntegerField()

    class Meta:
        verbose_name = _("demomarkør")

    def __str__(self) -> str:
        return f"demo (seed {self.seed})"


class Draft(TenantModel):
    """What one person has typed into one form and not saved yet (core/drafts.py), so that a
    closed tab, a lost connection or a logout loses nothing. `key` names the form and what it
    is about (`journal.quick_note:<family id>`); `data` holds the typed values by field name.
    Deleted when the form is saved, and after `drafts.MAX_AGE` (`manage.py prune_drafts`)."""

    municipality = unindexed_municipality()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    data = models.JSONField(default=dict)
    #: The submit token of the form the draft was typed in: once a record carries it, the
    #: draft is old news (a save that arrived after the record was made).
    token = models.UUIDField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("utkast")
        verbose_name_plural = _("utkast")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user", "key"], name="draft_one_per_person_and_form"
            )
        ]
        indexes = [models.Index(fields=["municipality", "updated_at"], name="draft_muni_updated")]

    def __str__(self) -> str:
        return f"{self.key} ({timezone.localtime(self.updated_at):%d.%m.%Y %H:%M})"

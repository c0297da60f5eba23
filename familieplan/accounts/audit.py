"""The administration audit log: who changed what in the admin, append-only (decision 0015).

Django's own `admin.LogEntry` stays for the admin's history pages; it is not the record: it
has no municipality to scope it by, it is deleted with the user who made it, and it can be
changed. This log names the administrator (kept as text too, so the name survives a renamed
account), carries the municipality whose privacy officer and administrator may read it, and
covers admin actions beyond add/change/delete ("send a link for a new password").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familieplan.core.models import Municipality


class AdminAuditEntry(models.Model):
    """One change made in the admin. The model refuses updates and deletes; on PostgreSQL a
    trigger makes the database refuse them too (migration 0005)."""

    class Action(models.TextChoices):
        ADD = "add", _("lagt til")
        CHANGE = "change", _("endret")
        DELETE = "delete", _("slettet")
        RESET_LINK = "reset_link", _("lenke for nytt passord sendt")
        RETRY = "retry", _("sendt på nytt")

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("administrator"),
    )
    actor_username = models.CharField(_("brukernavn"), max_length=150)
    actor_name = models.CharField(_("navn"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
    )
    action = models.CharField(_("handling"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("objekttype"), max_length=100)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    object_repr = models.CharField(_("objekt"), max_length=300, blank=True)
    changes = models.JSONField(_("endringer"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse"), null=True, blank=True)
    path = models.CharField(_("side"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("endring i administrasjonen")
        verbose_name_plural = _("endringslogg for administrasjonen")
        indexes = [models.Index(fields=["municipality", "-at"], name="adminaudit_muni_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The administration audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The administration audit log is append-only.")


def record(
    request,
    *,
    action: str,
    model: type[models.Model],
    object_id: str,
    object_repr: str,
    changes,
    municipality_ids: set[int | None],
) -> None:
    """Store one entry per municipality concerned (one without a municipality when none is:
    a superuser's change of national data)."""
    from familieplan.core.access import client_address

    user = request.user
    known = sorted({i for i in municipality_ids if i is not None})
    ids: list[int | None] = [*known] if known else [None]
    AdminAuditEntry.objects.bulk_create(
        [
            AdminAuditEntry(
                actor=user,
                actor_username=user.get_username(),
                actor_name=user.get_full_name()[:300],
                municipality_id=municipality_id,
                action=action,
                object_type=model._meta.label_lower,
                object_id=object_id[:64],
                object_repr=object_repr[:300],
                changes=changes,
                ip_address=client_address(request),
                path=request.path[:300],
            )
            for municipality_id in ids
        ]
    )

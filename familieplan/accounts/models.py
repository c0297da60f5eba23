"""Users and their memberships (user × municipality × unit × role)."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from familieplan.core.models import Municipality, Unit
from familieplan.core.roles import Role


class User(AbstractUser):
    """A person who logs in. What they may do comes from their memberships, never from flags
    on the user (is_staff only opens the Django admin for municipality administrators)."""

    language = models.CharField(
        _("foretrukket språk"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    receives_reminder_digest = models.BooleanField(
        _("daglig e-post med påminnelser"),
        default=True,
        help_text=_(
            "Én e-post om morgenen når tiltak, evalueringer eller samtykker i familiene dine "
            "trenger oppfølging. Uten navn eller andre personopplysninger."
        ),
    )

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    @cached_property
    def active_memberships(self) -> list[Membership]:
        return list(self.memberships.filter(active=True).select_related("municipality", "unit"))

    def role_codes(self) -> set[str]:
        return {m.role for m in self.active_memberships}

    def has_role(self, role: str, *, municipality_id: int | None = None) -> bool:
        return any(
            m.role == role and (municipality_id is None or m.municipality_id == municipality_id)
            for m in self.active_memberships
        )

    def municipality_ids(self, *roles: str) -> set[int]:
        return {m.municipality_id for m in self.active_memberships if not roles or m.role in roles}

    def unit_ids(self, *roles: str) -> set[int]:
        return {
            m.unit_id
            for m in self.active_memberships
            if m.unit_id is not None and (not roles or m.role in roles)
        }

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.get_username()


class Membership(models.Model):
    """One role for one user in one municipality, optionally in one unit."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("bruker")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("kommune"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("enhet"),
    )
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "unit", "role"], name="membership_unique"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "role"], name="membership_muni_role")]

    def __str__(self) -> str:
        where = self.unit or self.municipality
        return f"{self.user} – {self.get_role_display()} – {where}"

    def clean(self) -> None:
        if (
            self.unit_id
            and self.unit is not None
            and self.unit.municipality_id != self.municipality_id
        ):
            raise ValidationError({"unit": _("Enheten hører til en annen kommune.")})
        if self.role == Role.COORDINATOR and not self.unit_id:
            raise ValidationError({"unit": _("Koordinatorer må høre til en enhet.")})


from familieplan.accounts.audit import AdminAuditEntry  # noqa: E402  (the admin's audit log)

__all__ = ["AdminAuditEntry", "Membership", "User"]

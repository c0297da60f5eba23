"""A family member's subscription to the family's payment days ("barnetrygd kommer",
"husleie forfaller") in their phone's calendar. Only the SHA-256 hash of the secret token is
stored; one active subscription per person and family; a revoked row stays so a fetch with
its token is recognised and logged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familieplan.core.models import TenantModel
from familieplan.families.models import Family


class MoneyFeed(TenantModel):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="money_feeds"
    )
    token_hash = models.CharField(_("hash av nøkkelen"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("sist hentet"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonnement på betalingsdager")
        verbose_name_plural = _("abonnementer på betalingsdager")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "family"],
                condition=Q(revoked_at__isnull=True),
                name="moneyfeed_one_active",
            )
        ]

    @property
    def active(self) -> bool:
        return self.revoked_at is None

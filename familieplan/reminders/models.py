"""One row per person and day a reminder digest went out: the daily job can run twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestSent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("til")
    )
    day = models.DateField(_("dag"))
    email_id = models.UUIDField(_("e-post i utboksen"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sendt påminnelse")
        verbose_name_plural = _("sendte påminnelser")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"

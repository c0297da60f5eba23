"""What the family sends its coordinator from its own pages: a proposed goal, a proposed
change, or a comment on a goal. (Comments on a measure are `plans.MeasureComment`, shown on
the plan beside the measure.) The coordinator answers; nothing here changes the plan by
itself — the coordinator takes a proposal into the plan with the family."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import submit_token_field, submitted_once
from familieplan.core.models import TenantModel
from familieplan.families.models import Domain, Family, Member
from familieplan.plans.models import Goal


class Proposal(TenantModel):
    class Kind(models.TextChoices):
        NEW_GOAL = "new_goal", _("Forslag til nytt mål")
        CHANGE = "change", _("Forslag til endring")
        COMMENT = "comment", _("Kommentar til et mål")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("familie")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    by = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("fra")
    )
    #: Who the proposal is about (None: the whole family).
    about = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gjelder"),
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("livsområde")
    )
    text = models.TextField(_("tekst"))
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    answer = models.TextField(_("svar fra koordinatoren"), blank=True)
    answered_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("forslag fra familien")
        verbose_name_plural = _("forslag fra familien")
        indexes = [
            models.Index(fields=["municipality", "family", "created_at"], name="proposal_family")
        ]
        constraints = [submitted_once("proposal_submitted_once")]

"""The catalogue of income schemes (built-in ones from `economy/catalogue.py`, more added by
administrators, nationally or for one municipality)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familieplan.core.models import Municipality


class SchemeQuerySet(models.QuerySet):
    def for_municipality(self, municipality_id) -> SchemeQuerySet:
        """National schemes and the municipality's own, active ones only."""
        return self.filter(
            Q(municipality__isnull=True) | Q(municipality_id=municipality_id), active=True
        )


class Scheme(models.Model):
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("navn"), max_length=120)
    payer = models.CharField(_("utbetaler"), max_length=120)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
        help_text=_("Tom: ordningen finnes i alle kommuner."),
    )
    counts_for_social_assistance = models.BooleanField(
        _("regnes som inntekt ved sosialhjelp"), default=True
    )
    counts_for_low_income = models.BooleanField(
        _("regnes med i inntekt mot lavinntektsgrensen"), default=True
    )
    built_in = models.BooleanField(_("følger med Familieplan"), default=False, editable=False)
    active = models.BooleanField(_("i bruk"), default=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("inntektsordning")
        verbose_name_plural = _("inntektsordninger")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(municipality__isnull=True), name="scheme_code_national"
            ),
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=Q(municipality__isnull=False),
                name="scheme_code_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        """A built-in scheme's name in the reader's language; another's as typed."""
        from familieplan.economy.catalogue import BY_CODE

        built_in = BY_CODE.get(self.code) if self.built_in else None
        return built_in.name if built_in else self.name

    @property
    def payer_label(self):
        from familieplan.economy.catalogue import BY_CODE

        built_in = BY_CODE.get(self.code) if self.built_in else None
        return built_in.payer if built_in else self.payer

"""Reference data the economy computes with, entered per year with its source
(REFERENCE.md §2): the state guideline rates for social assistance (shipped for 2019–2022),
a municipality's own norm, and SIFO's reference budget with that year's age brackets.

Nothing here is guessed: a day no rate set covers, or a year without a budget, gives a
message naming what is missing. Unverified figures are shown as such wherever they are used.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familieplan.core.models import Municipality

RATE = {
    "max_digits": 9,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0"))],
}


class GuidelineRateSet(models.Model):
    """Monthly rates for living costs, valid from a date until `valid_to` (inclusive), the
    state's (no municipality) or a municipality's own norm, which takes precedence."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
        help_text=_("Tom: statens veiledende satser."),
    )
    valid_from = models.DateField(_("gjelder fra"))
    valid_to = models.DateField(_("gjelder til og med"))
    single = models.DecimalField(_("enslig"), **RATE)
    couple = models.DecimalField(_("ektepar/samboere"), **RATE)
    shared_housing = models.DecimalField(_("person i bofellesskap"), **RATE)
    child_0_5 = models.DecimalField(_("barn 0–5 år"), **RATE)
    child_6_10 = models.DecimalField(_("barn 6–10 år"), **RATE)
    child_11_17 = models.DecimalField(_("barn 11–17 år"), **RATE)
    source = models.CharField(_("kilde"), max_length=300)
    verified = models.BooleanField(_("kontrollert mot kilden"), default=False)
    built_in = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["municipality_id", "-valid_from"]
        verbose_name = _("satser for sosialhjelp")
        verbose_name_plural = _("satser for sosialhjelp")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")), name="rates_valid_order"
            ),
            models.UniqueConstraint(
                fields=["valid_from"],
                condition=Q(municipality__isnull=True),
                name="rates_state_from_unique",
            ),
            models.UniqueConstraint(
                fields=["municipality", "valid_from"],
                condition=Q(municipality__isnull=False),
                name="rates_municipality_from_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%d.%m.%Y}–{self.valid_to:%d.%m.%Y}"


class BudgetYear(models.Model):
    """SIFO's reference budget for one year (February prices), entered by an administrator."""

    year = models.PositiveSmallIntegerField(
        _("år"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.CharField(_("kilde"), max_length=300)
    verified = models.BooleanField(
        _("kontrollert mot kilden"),
        default=False,
        help_text=_("Kryss av bare når tallene er kontrollert mot oslomet.no/om/sifo."),
    )
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("referansebudsjett (SIFO)")
        verbose_name_plural = _("referansebudsjetter (SIFO)")

    def __str__(self) -> str:
        return str(self.year)


class BudgetBracket(models.Model):
    """Per person and month, for an age bracket (and sex, where SIFO splits by it)."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Jente/kvinne")
        MALE = "male", _("Gutt/mann")

    year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="brackets")
    min_age = models.PositiveSmallIntegerField(_("fra alder"))
    max_age = models.PositiveSmallIntegerField(_("til og med alder"))
    sex = models.CharField(_("kjønn"), max_length=10, choices=Sex.choices, blank=True)
    food = models.DecimalField(_("mat og drikke"), **RATE)
    clothes = models.DecimalField(_("klær og sko"), **RATE)
    personal_care = models.DecimalField(_("personlig pleie"), **RATE)
    play_sport_media = models.DecimalField(_("lek, sport og mediebruk"), **RATE)
    travel = models.DecimalField(_("reiseutgifter"), **RATE)
    infant_equipment = models.DecimalField(_("spedbarnsutstyr"), default=0, **RATE)
    kindergarten = models.DecimalField(_("barnehage"), default=0, **RATE)
    after_school = models.DecimalField(_("SFO/AKS"), default=0, **RATE)

    class Meta:
        ordering = ["year", "min_age", "sex"]
        verbose_name = _("aldersgruppe")
        verbose_name_plural = _("aldersgrupper")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_age__gte=models.F("min_age")), name="bracket_age_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.min_age}–{self.max_age} {self.sex}".strip()


class BudgetHouseholdRow(models.Model):
    """Per household and month, by the number of persons in it."""

    year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="household_rows")
    persons = models.PositiveSmallIntegerField(
        _("antall personer"), validators=[MinValueValidator(1)]
    )
    daily_goods = models.DecimalField(_("andre dagligvarer"), **RATE)
    household_articles = models.DecimalField(_("husholdningsartikler"), **RATE)
    furniture = models.DecimalField(_("møbler"), **RATE)
    media_leisure = models.DecimalField(_("mediebruk og fritid"), **RATE)
    car = models.DecimalField(_("bil (valgfritt)"), default=0, **RATE)

    class Meta:
        ordering = ["year", "persons"]
        verbose_name = _("husholdningsrad")
        verbose_name_plural = _("husholdningsrader")
        constraints = [
            models.UniqueConstraint(fields=["year", "persons"], name="budget_row_unique")
        ]

    def __str__(self) -> str:
        return str(self.persons)

""" "What if": a scenario is the family's economy as it stands, with changes laid on top
(decision 0023). It follows later corrections to the economy itself; its own changes are
kept as rows, each from a date."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import submit_token_field, submitted_once
from familieplan.core.models import TenantModel
from familieplan.economy.models.catalogue import Scheme
from familieplan.economy.models.household import MONEY, Expense, IncomeSource
from familieplan.families.models import Family


class Scenario(TenantModel):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="economy_scenarios")
    name = models.CharField(_("navn"), max_length=120)
    estimate_assistance = models.BooleanField(
        _("beregn sosialhjelp i scenarioet ut fra satsene"),
        default=True,
        help_text=_("Sosialhjelpen i scenarioet regnes ut fra normen og boutgiftene."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarioer")
        indexes = [models.Index(fields=["municipality", "family"], name="scenario_muni_family")]
        constraints = [submitted_once("scenario_submitted_once")]

    def __str__(self) -> str:
        return self.name


class ScenarioChange(TenantModel):
    class Kind(models.TextChoices):
        NEW_INCOME = "new_income", _("Ny inntekt")
        INCOME_ENDS = "income_ends", _("En inntekt stopper")
        INCOME_AMOUNT = "income_amount", _("En inntekt endres")
        NEW_EXPENSE = "new_expense", _("Ny utgift")
        EXPENSE_ENDS = "expense_ends", _("En utgift stopper")
        EXPENSE_AMOUNT = "expense_amount", _("En utgift endres")

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("endring"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("fra dato"))
    income = models.ForeignKey(
        IncomeSource, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    expense = models.ForeignKey(
        Expense, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expense_kind = models.CharField(
        max_length=20, choices=Expense.Kind.choices, blank=True, default=""
    )
    #: New monthly amount (new income/expense, or the changed amount), paid on `day_of_month`.
    amount = models.DecimalField(
        _("beløp per måned (kr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        **MONEY,
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("dag i måneden"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    label = models.CharField(_("beskrivelse"), max_length=120, blank=True)
    submit_token = submit_token_field()

    class Meta:
        ordering = ["starts_on", "kind"]
        constraints = [
            submitted_once("scenario_change_submitted_once"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="scenario_change_amount_positive",
            ),
        ]

"""A family's incomes, expenses, debts and stated balance, and who changed what.

Incomes and expenses share their timing (`Timed`: a rhythm from `lib/rhythm.py`, the day of
the month or the first date, valid from and to). Every change is kept in `EconomyChange`
with the person who made it — a coordinator or the family itself — and the fields changed.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import submit_token_field, submitted_once, version_field
from familieplan.core.models import TenantModel
from familieplan.economy.models.catalogue import Scheme
from familieplan.families.models import Family, Member
from familieplan.lib.rhythm import Rhythm, Schedule

MONEY = {"max_digits": 12, "decimal_places": 2}

RHYTHM_CHOICES = [
    (Rhythm.MONTHLY.value, _("Hver måned")),
    (Rhythm.EVERY_14_DAYS.value, _("Hver 14. dag")),
    (Rhythm.YEARLY.value, _("Hvert år")),
    (Rhythm.ONCE.value, _("Én gang")),
    (Rhythm.IRREGULAR.value, _("Ujevnt (forventet beløp per måned)")),
]


class Timed(TenantModel):
    """When money comes or goes: the rhythm and its day, and the period it applies."""

    family = models.ForeignKey(
        Family,
        on_delete=models.PROTECT,
        related_name="economy_%(class)ss",
        verbose_name=_("familie"),
    )
    amount = models.DecimalField(
        _("beløp (kr)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    rhythm = models.CharField(_("hvor ofte"), max_length=20, choices=RHYTHM_CHOICES)
    day_of_month = models.PositiveSmallIntegerField(
        _("dag i måneden"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    anchor = models.DateField(_("dato (første gang)"), null=True, blank=True)
    valid_from = models.DateField(_("gjelder fra"), null=True, blank=True)
    valid_to = models.DateField(_("gjelder til og med"), null=True, blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    version = version_field()
    submit_token = submit_token_field()

    class Meta:
        abstract = True

    def schedule(self) -> Schedule:
        return Schedule(
            rhythm=Rhythm(self.rhythm),
            day_of_month=self.day_of_month if self.rhythm == Rhythm.MONTHLY else None,
            anchor=self.anchor
            if self.rhythm in (Rhythm.EVERY_14_DAYS, Rhythm.YEARLY, Rhythm.ONCE)
            else None,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
        )


def _timing_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(condition=Q(amount__gt=0), name=f"{prefix}_amount_positive"),
        models.CheckConstraint(
            condition=Q(valid_to__isnull=True)
            | Q(valid_from__isnull=True)
            | Q(valid_to__gte=models.F("valid_from")),
            name=f"{prefix}_valid_order",
        ),
        models.CheckConstraint(
            condition=~Q(rhythm=Rhythm.MONTHLY) | Q(day_of_month__isnull=False),
            name=f"{prefix}_monthly_has_day",
        ),
        models.CheckConstraint(
            condition=~Q(rhythm__in=[Rhythm.EVERY_14_DAYS, Rhythm.YEARLY, Rhythm.ONCE])
            | Q(anchor__isnull=False),
            name=f"{prefix}_dated_has_anchor",
        ),
        submitted_once(f"{prefix}_submitted_once"),
    ]


class IncomeSource(Timed):
    class Basis(models.TextChoices):
        NET = "net", _("Netto (etter skatt)")
        GROSS = "gross", _("Brutto (før skatt)")

    class Evidence(models.TextChoices):
        FAMILY_SAID = "family_said", _("Familien har fortalt det")
        DOCUMENT = "document", _("Dokument er sett")
        DECISION = "decision", _("Vedtaksbrev er sett")

    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hvem får pengene"),
        help_text=_("Tom: husholdningen samlet."),
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="+", verbose_name=_("ordning")
    )
    basis = models.CharField(
        _("netto eller brutto"), max_length=10, choices=Basis.choices, default=Basis.NET
    )
    amount_max = models.DecimalField(
        _("høyeste forventede beløp (kr)"),
        null=True,
        blank=True,
        help_text=_("For ujevne utbetalinger: beløpet over er det laveste man venter."),
        **MONEY,
    )
    counts_for_social_assistance = models.BooleanField(
        _("regnes som inntekt ved sosialhjelp"), default=True
    )
    counts_for_low_income = models.BooleanField(
        _("regnes med mot lavinntektsgrensen"), default=True
    )
    evidence = models.CharField(
        _("hvor tallet kommer fra"),
        max_length=20,
        choices=Evidence.choices,
        default=Evidence.FAMILY_SAID,
    )

    class Meta:
        ordering = ["scheme__name", "created_at"]
        verbose_name = _("inntekt")
        verbose_name_plural = _("inntekter")
        indexes = [models.Index(fields=["municipality", "family"], name="income_muni_family")]
        constraints = [
            *_timing_constraints("income"),
            models.CheckConstraint(
                condition=Q(amount_max__isnull=True) | Q(amount_max__gte=models.F("amount")),
                name="income_range_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.scheme.label)

    @property
    def label(self) -> str:
        return str(self.scheme.label)


class Expense(Timed):
    class Kind(models.TextChoices):
        RENT = "rent", _("Husleie eller boliglån")
        ELECTRICITY = "electricity", _("Strøm")
        KINDERGARTEN = "kindergarten", _("Barnehage")
        AFTER_SCHOOL = "after_school", _("SFO/AKS")
        INSURANCE = "insurance", _("Forsikring")
        PHONE = "phone", _("Telefon og internett")
        TRANSPORT = "transport", _("Transport")
        INSTALMENT = "instalment", _("Avdrag")
        OTHER = "other", _("Annet")

    kind = models.CharField(_("hva"), max_length=20, choices=Kind.choices)
    label_text = models.CharField(
        _("beskrivelse"),
        max_length=120,
        blank=True,
        help_text=_("For eksempel «Husleie Storgata 3» eller «Mobil Amina»."),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gjelder hvem"),
        help_text=_("For barnehage og SFO: barnet. Tom: husholdningen."),
    )

    class Meta:
        ordering = ["kind", "created_at"]
        verbose_name = _("utgift")
        verbose_name_plural = _("utgifter")
        indexes = [models.Index(fields=["municipality", "family"], name="expense_muni_family")]
        constraints = _timing_constraints("expense")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_text or str(self.get_kind_display())


class Debt(TenantModel):
    class Kind(models.TextChoices):
        CONSUMER_LOAN = "consumer_loan", _("Forbrukslån")
        CREDIT_CARD = "credit_card", _("Kredittkort")
        RENT_ARREARS = "rent_arrears", _("Husleierestanse")
        POWER_ARREARS = "power_arrears", _("Strømrestanse")
        PUBLIC = "public", _("Offentlig gjeld (skatt, NAV, Lånekassen)")
        COLLECTION = "collection", _("Inkasso")
        WAGE_DEDUCTION = "wage_deduction", _("Trekk i lønn/ytelse (namsmannen)")
        SETTLEMENT = "settlement", _("Gjeldsordning")

    class Status(models.TextChoices):
        UNPAID = "unpaid", _("Ubetalt")
        AGREEMENT = "agreement", _("Betalingsavtale")
        IN_COLLECTION = "in_collection", _("Hos inkasso")
        SETTLED = "settled", _("Nedbetalt eller avsluttet")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="economy_debts", verbose_name=_("familie")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hvem skylder"),
    )
    creditor = models.CharField(_("kreditor"), max_length=120)
    kind = models.CharField(_("type gjeld"), max_length=20, choices=Kind.choices)
    outstanding = models.DecimalField(
        _("utestående (kr)"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    instalment = models.DecimalField(
        _("avdrag per måned (kr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        **MONEY,
    )
    instalment_day = models.PositiveSmallIntegerField(
        _("avdraget trekkes den"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNPAID
    )
    debt_advice = models.BooleanField(_("kommunens gjeldsrådgivning er involvert"), default=False)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    version = version_field()
    submit_token = submit_token_field()

    class Meta:
        ordering = ["status", "-outstanding"]
        verbose_name = _("gjeld")
        verbose_name_plural = _("gjeld")
        indexes = [models.Index(fields=["municipality", "family"], name="debt_muni_family")]
        constraints = [
            models.CheckConstraint(condition=Q(outstanding__gte=0), name="debt_not_negative"),
            models.CheckConstraint(
                condition=Q(instalment__isnull=True) | Q(instalment__gt=0),
                name="debt_instalment_positive",
            ),
            submitted_once("debt_submitted_once"),
        ]

    def __str__(self) -> str:
        return f"{self.creditor} ({self.get_kind_display()})"

    @property
    def in_collection(self) -> bool:
        return self.status != self.Status.SETTLED and (
            self.kind == self.Kind.COLLECTION or self.status == self.Status.IN_COLLECTION
        )


class Balance(TenantModel):
    """What the family says it has on the account on a day (the month's starting point)."""

    family = models.ForeignKey(
        Family,
        on_delete=models.PROTECT,
        related_name="economy_%(class)ss",
        verbose_name=_("familie"),
    )
    amount = models.DecimalField(_("saldo (kr)"), **MONEY)
    on = models.DateField(_("dato"))
    stated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-on", "-created_at"]
        verbose_name = _("saldo")
        verbose_name_plural = _("saldoer")
        indexes = [
            models.Index(fields=["municipality", "family", "-on"], name="balance_muni_family_on")
        ]
        constraints = [submitted_once("balance_submitted_once")]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        return _("Saldo")


class EconomyChange(TenantModel):
    """One change to a family's economy: who, when, what and which fields (old → new)."""

    class Action(models.TextChoices):
        ADDED = "added", _("la til")
        CHANGED = "changed", _("endret")
        REMOVED = "removed", _("fjernet")

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="economy_changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_family = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    #: "income", "expense", "debt", "balance", "scenario"
    subject = models.CharField(max_length=20)
    object_id = models.UUIDField()
    #: What the row is, as it was named then ("Barnetrygd", "Husleie").
    title = models.CharField(max_length=200)
    #: [{"field": label, "old": text, "new": text}, …]
    fields = models.JSONField(default=list)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["municipality", "family", "-at"], name="econchange_muni_family_at")
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The economy's history is never changed.")
        super().save(*args, **kwargs)

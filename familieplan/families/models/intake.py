"""Referral, eligibility screening and the intake decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import submit_token_field, submitted_once
from familieplan.core.models import TenantModel
from familieplan.families.models.household import Family, Member


class Referral(TenantModel):
    """How the family came to the programme: who referred, when and why."""

    class Source(models.TextChoices):
        NAV = "nav", _("NAV")
        SOCIAL_SERVICES = "social_services", _("Sosialtjenesten")
        HEALTH_CLINIC = "health_clinic", _("Helsestasjon")
        SCHOOL = "school", _("Skole")
        KINDERGARTEN = "kindergarten", _("Barnehage")
        CHILD_WELFARE = "child_welfare", _("Barnevernet")
        FOLLOW_UP_SERVICE = "follow_up_service", _("Oppfølgingstjenesten")
        HEALTH_SERVICE = "health_service", _("Helsetjenesten")
        SELF = "self", _("Familien selv")
        OTHER = "other", _("Annet")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("familie")
    )
    source = models.CharField(_("henvist fra"), max_length=30, choices=Source.choices)
    received_on = models.DateField(_("mottatt"))
    reason = models.TextField(_("grunn til henvisningen"))
    contact_name = models.CharField(
        _("kontaktperson hos den som henviser"), max_length=150, blank=True
    )
    contact_phone = models.CharField(_("telefon til kontaktpersonen"), max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-received_on"]
        verbose_name = _("henvisning")
        verbose_name_plural = _("henvisninger")
        indexes = [models.Index(fields=["municipality", "received_on"], name="referral_muni_date")]
        constraints = [submitted_once("referral_submitted_once")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.received_on:%d.%m.%Y}"


class Screening(TenantModel):
    """One eligibility screening: what was entered, and the explained result.

    `inputs` and `result` are JSON so an old screening reads exactly as it was computed, with
    the rule version, scale and child rule that produced it.
    """

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("familie")
    )
    income_year = models.PositiveSmallIntegerField(_("inntektsår"))
    inputs = models.JSONField(_("opplysninger"))
    result = models.JSONField(_("resultat"))
    eligible = models.BooleanField(_("i målgruppen"), null=True)
    rule_version = models.CharField(_("regelversjon"), max_length=60)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("utført av"),
    )
    performed_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-performed_at"]
        verbose_name = _("kartlegging av målgruppe")
        verbose_name_plural = _("kartlegginger av målgruppe")
        indexes = [models.Index(fields=["municipality", "family"], name="screening_muni_family")]
        constraints = [submitted_once("screening_submitted_once")]

    def __str__(self) -> str:
        return f"{self.family} {self.performed_at:%d.%m.%Y}"


class IntakeDecision(TenantModel):
    """The decision on a referral, with its reason and the family's consent to take part."""

    class Outcome(models.TextChoices):
        INCLUDED = "included", _("Inkludert")
        WAITING_LIST = "waiting_list", _("Venteliste")
        NOT_ELIGIBLE = "not_eligible", _("Ikke i målgruppen")
        DECLINED = "declined", _("Familien takket nei")

    class ConsentForm(models.TextChoices):
        WRITTEN = "written", _("Skriftlig")
        ORAL = "oral", _("Muntlig, dokumentert")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("familie")
    )
    screening = models.ForeignKey(
        Screening,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("kartlegging"),
    )
    outcome = models.CharField(_("beslutning"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("begrunnelse"))
    consent_given_by = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samtykke gitt av"),
    )
    consent_form = models.CharField(
        _("samtykke gitt"), max_length=10, choices=ConsentForm.choices, blank=True
    )
    consent_given_on = models.DateField(_("samtykkedato"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("besluttet av"),
    )
    decided_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("inntaksbeslutning")
        verbose_name_plural = _("inntaksbeslutninger")
        constraints = [
            submitted_once("intakedecision_submitted_once"),
            models.CheckConstraint(
                condition=~models.Q(outcome="included")
                | (
                    models.Q(consent_given_by__isnull=False)
                    & models.Q(consent_given_on__isnull=False)
                    & ~models.Q(consent_form="")
                ),
                name="decision_included_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.decided_at:%d.%m.%Y}"

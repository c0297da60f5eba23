"""Partner services, their staff who log in, and the family's consent to share with them.

A partner belongs to one municipality, or to none when it is a national organisation (Red
Cross, the Salvation Army, …). Consent is given to a *service*, never to a named employee
(MODEL.md §3 item 5); what a partner user sees follows from the valid consents to the service
they work for (partners/scope.py, docs/decisions/0007-consent-scope.md).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import submit_token_field, submitted_once, version_field
from familieplan.core.models import Municipality, TenantModel
from familieplan.families.models import Family, Member
from familieplan.lib.orgnr import format_org_number


class PartnerQuerySet(models.QuerySet):
    def available_in(self, municipality_id: int) -> PartnerQuerySet:
        """The municipality's own partners and the national organisations."""
        return self.filter(Q(municipality_id=municipality_id) | Q(municipality__isnull=True))


class Partner(models.Model):
    """A service or organisation the coordinator works with."""

    class Kind(models.TextChoices):
        NAV_STATE = "nav_state", _("NAV – statlige tjenester")
        SOCIAL_SERVICES = "social_services", _("Sosialtjenesten i NAV")
        CHILD_WELFARE = "child_welfare", _("Barnevernstjenesten")
        HEALTH_CLINIC = "health_clinic", _("Helsestasjon og skolehelsetjeneste")
        KINDERGARTEN = "kindergarten", _("Barnehage")
        SCHOOL = "school", _("Skole")
        GP = "gp", _("Fastlege")
        FOLLOW_UP_SERVICE = "follow_up_service", _("Oppfølgingstjenesten")
        HOUSING = "housing", _("Boligtjenesten")
        CULTURE_LEISURE = "culture_leisure", _("Kultur og fritid")
        VOLUNTEER = "volunteer", _("Frivillig organisasjon")
        OTHER = "other", _("Annet")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    #: Empty: a national organisation, available in every municipality.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("kommune"),
        help_text=_("Tom for landsdekkende organisasjoner."),
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type tjeneste"), max_length=30, choices=Kind.choices)
    org_number = models.CharField(
        _("organisasjonsnummer"), max_length=9, blank=True, help_text=_("9 siffer.")
    )
    department = models.CharField(_("avdeling"), max_length=200, blank=True)
    street = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("poststed"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    active = models.BooleanField(_("i bruk"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerQuerySet.as_manager()

    #: Bumped by every saved edit; an edit states the version it was made from.
    version = version_field()
    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("samarbeidspartner")
        verbose_name_plural = _("samarbeidspartnere")
        indexes = [models.Index(fields=["municipality", "name"], name="partner_muni_name")]
        constraints = [
            submitted_once("partner_submitted_once"),
            models.CheckConstraint(
                condition=Q(org_number="") | Q(org_number__regex=r"^[0-9]{9}$"),
                name="partner_org_number_9_digits",
            ),
            models.CheckConstraint(
                condition=Q(postal_code="") | Q(postal_code__regex=r"^[0-9]{4}$"),
                name="partner_postal_code_4_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.municipality_id is None

    @property
    def org_number_display(self) -> str:
        return format_org_number(self.org_number)


class PartnerContact(models.Model):
    """A contact person at a partner service (for the coordinator; not a login)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("tjeneste")
    )
    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("stilling eller rolle"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        constraints = [submitted_once("partnercontact_submitted_once", within="partner")]

    def __str__(self) -> str:
        return self.name


class PartnerStaff(models.Model):
    """A user who works for a partner service and logs in as it (role: partner)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_staff",
        verbose_name=_("bruker"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="staff", verbose_name=_("tjeneste")
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("ansatt hos samarbeidspartner")
        verbose_name_plural = _("ansatte hos samarbeidspartnere")
        constraints = [
            models.UniqueConstraint(fields=["user", "partner"], name="partner_staff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.partner}"


class Topic(models.TextChoices):
    """What a consent lets a service see. Health and child welfare are stricter (rules.py)."""

    PLAN = "plan", _("Planen og tiltakene")
    MEETINGS = "meetings", _("Møter og referater")
    ECONOMY = "economy", _("Økonomi")
    HOUSING = "housing", _("Bolig")
    WORK = "work", _("Arbeid og aktivitet")
    SCHOOL = "school", _("Barnehage og skole")
    HEALTH = "health", _("Helse")
    CHILD_WELFARE = "child_welfare", _("Barnevernssaker")


class ConsentQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> ConsentQuerySet:
        """Given, started, not expired and not withdrawn on `day`."""
        return self.filter(
            decision=Consent.Decision.GIVEN,
            valid_from__lte=day,
            valid_until__gte=day,
            withdrawn_at__isnull=True,
        )

    def valid_now(self) -> ConsentQuerySet:
        return self.valid_on(timezone.localdate())


def document_path(consent: Consent, filename: str) -> str:
    """Stored under an opaque name: an uploaded file's own name may carry a person's name."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consents/{consent.municipality_id}/{uuid.uuid4()}.{suffix}"


STATE_LABELS = {
    "valid": _("Gyldig"),
    "not_started": _("Gjelder fra en senere dato"),
    "expired": _("Utløpt"),
    "withdrawn": _("Trukket tilbake"),
    "refused": _("Nektet"),
}


class Consent(TenantModel):
    """One person's consent (or refusal) to share information about one person with one
    service, for some topics, for a purpose, for a period. Never deleted; a withdrawal is
    recorded on it and takes effect at once."""

    class Decision(models.TextChoices):
        GIVEN = "given", _("Samtykke gitt")
        REFUSED = "refused", _("Samtykke nektet")

    class Method(models.TextChoices):
        WRITTEN = "written", _("Skriftlig")
        ORAL = "oral", _("Muntlig, dokumentert")
        DIGITAL = "digital", _("Digitalt")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="consents", verbose_name=_("familie")
    )
    #: Whom the information is about.
    subject = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="consents_about", verbose_name=_("gjelder")
    )
    #: Who decided: the person themselves, or a guardian for a child (partners/rules.py).
    given_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="consents_given", verbose_name=_("gitt av")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="consents", verbose_name=_("tjeneste")
    )
    decision = models.CharField(_("svar"), max_length=10, choices=Decision.choices)
    topics = models.JSONField(_("hva som kan deles"), default=list)
    purpose = models.TextField(_("formål"))
    method = models.CharField(
        _("hvordan samtykket ble gitt"), max_length=10, choices=Method.choices
    )
    given_on = models.DateField(_("dato for svaret"))
    valid_from = models.DateField(_("gyldig fra"))
    valid_until = models.DateField(_("gyldig til"))
    document = models.FileField(
        _("skannet dokument"), upload_to=document_path, blank=True, max_length=200
    )
    note = models.TextField(_("merknad"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    recorded_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    withdrawn_method = models.CharField(
        _("hvordan det ble trukket tilbake"), max_length=10, choices=Method.choices, blank=True
    )
    withdrawn_note = models.TextField(_("merknad til tilbaketrekkingen"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tilbaketrekking registrert av"),
    )

    objects = ConsentQuerySet.as_manager()

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-given_on", "-recorded_at"]
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        indexes = [
            # Which families a partner may see today: the partner portal's hot query.
            models.Index(
                fields=["partner", "decision", "valid_until", "family"],
                name="consent_partner_valid",
            ),
            models.Index(fields=["municipality", "family"], name="consent_muni_family"),
            models.Index(fields=["municipality", "valid_until"], name="consent_muni_until"),
        ]
        constraints = [
            submitted_once("consent_submitted_once"),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="consent_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | (Q(withdrawn_by__isnull=False) & ~Q(withdrawn_method="")),
                name="consent_withdrawal_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.partner} ({self.get_decision_display()})"

    def state_on(self, day: date) -> str:
        """refused, withdrawn, expired, not_started or valid."""
        if self.decision == self.Decision.REFUSED:
            return "refused"
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.valid_until < day:
            return "expired"
        if self.valid_from > day:
            return "not_started"
        return "valid"

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def topic_labels(self) -> list[str]:
        from familieplan.partners.topics import topic_label  # the topics module reads this one

        return [label for t in self.topics if (label := topic_label(t))]

"""Programme settings per municipality, life domains, and yearly median reference data."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from familieplan.core.languages import Written, translated
from familieplan.core.models import Municipality
from familieplan.families.domain_names import DEFAULT_DOMAIN_NAMES, DEFAULT_DOMAINS
from familieplan.lib.equivalence import ChildRule, Scale


class ProgrammeSettings(models.Model):
    """How one municipality runs the programme: target-group rules, duration, domains."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        related_name="programme",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("programmets navn"), max_length=150, default="Familiekoordinator")
    rule_annual_low_income = models.BooleanField(_("årlig lavinntekt (EU-60)"), default=True)
    rule_persistent_low_income = models.BooleanField(
        _("vedvarende lavinntekt (treårig)"), default=False
    )
    threshold_percent = models.DecimalField(
        _("grense i prosent av medianinntekten"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
    )
    scale = models.CharField(
        _("ekvivalensskala"),
        max_length=20,
        default=Scale.EU,
        choices=[
            (Scale.EU.value, _("EU-skala (1 / 0,5 / 0,3)")),
            (Scale.OECD_OLD.value, _("Gammel OECD-skala (1 / 0,7 / 0,5)")),
        ],
    )
    child_rule = models.CharField(
        _("hvem regnes som barn i skalaen"),
        max_length=30,
        default=ChildRule.EUROSTAT_UNDER_14,
        choices=[
            (ChildRule.EUROSTAT_UNDER_14.value, _("Under 14 år (Eurostat)")),
            (ChildRule.UNDER_18.value, _("Under 18 år (SSB husholdningsstatistikk)")),
        ],
    )
    months_on_social_assistance_min = models.PositiveSmallIntegerField(
        _("minst antall måneder med sosialhjelp siste 12 måneder"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("La stå tomt hvis regelen ikke brukes. HOLF brukte minst 6."),
    )
    require_child_under_18 = models.BooleanField(_("minst ett barn under 18 år"), default=True)
    manual_criteria = models.TextField(
        _("skjønnsmessige kriterier"),
        blank=True,
        default="Familien har behov for langvarige og sammensatte tjenester",
        help_text=_("Ett kriterium per linje. Koordinatoren bekrefter hvert av dem."),
    )
    planned_duration_months = models.PositiveSmallIntegerField(
        _("planlagt varighet (måneder)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    follow_up_months_after_exit = models.PositiveSmallIntegerField(
        _("oppfølging etter avslutning (måneder)"),
        default=6,
        validators=[MaxValueValidator(36)],
    )
    youth_consent_age = models.PositiveSmallIntegerField(
        _("alder for å gi samtykke selv"),
        default=15,
        validators=[MinValueValidator(12), MaxValueValidator(18)],
        help_text=_(
            "Fra denne alderen gir ungdom samtykke for seg selv, og foreldrene kan ikke gjøre "
            "det for dem. Under alderen samtykker en forelder eller foresatt."
        ),
    )
    no_contact_days = models.PositiveSmallIntegerField(
        _("varsle når det ikke har vært kontakt på (dager)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    mapping_interval_months = models.PositiveSmallIntegerField(
        _("kartlegging hver (måned)"),
        default=12,
        validators=[MinValueValidator(3), MaxValueValidator(24)],
        help_text=_("Familien kartlegges ved oppstart, så med dette mellomrommet."),
    )
    mapping_at_exit = models.BooleanField(_("kartlegging ved avslutning"), default=True)
    mapping_grace_days = models.PositiveSmallIntegerField(
        _("kartlegging i tide innen (dager)"),
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
        help_text=_(
            "En kartlegging er i tide når den gjøres høyst så mange dager før eller etter "
            "fristen, og forsinket etter det."
        ),
    )
    use_gse = models.BooleanField(
        _("bruk Generell mestringstro (GSE)"),
        default=False,
        help_text=_(
            "Forfatterne (Schwarzer og Jerusalem) gir bruk til forskning med kilden oppgitt; "
            "annen bruk er uavklart. Slå på bare når programmet har avklart lisensen."
        ),
    )

    show_staff_names_to_family = models.BooleanField(
        _("vis ansattes navn i familiens innsynslogg"),
        default=True,
        help_text=_(
            "Familien ser alltid hvilken rolle eller tjeneste som har sett opplysningene, og "
            "når. Slå av for å skjule navnet på den ansatte."
        ),
    )

    class Meta:
        verbose_name = _("programinnstillinger")
        verbose_name_plural = _("programinnstillinger")

    def __str__(self) -> str:
        return f"{self.name} – {self.municipality.name}"

    @property
    def manual_criteria_list(self) -> list[str]:
        return [line.strip() for line in self.manual_criteria.splitlines() if line.strip()]

    @classmethod
    def for_municipality(cls, municipality: Municipality) -> ProgrammeSettings:
        """The municipality's settings, created with the defaults (and domains) the first time."""
        settings_, created = cls.objects.get_or_create(municipality=municipality)
        if created:
            # Stored as data in bokmål, whatever language the person creating it uses.
            with translation.override(settings.LANGUAGE_CODE):
                Domain.objects.bulk_create(
                    Domain(municipality=municipality, code=code, name=str(name), order=i)
                    for i, (code, name) in enumerate(DEFAULT_DOMAINS)
                )
        return settings_


class Domain(models.Model):
    """A life domain (livsområde) the programme works in; data, not code."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="domains", verbose_name=_("kommune")
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("navn"), max_length=100)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        ordering = ["municipality", "order", "name"]
        verbose_name = _("livsområde")
        verbose_name_plural = _("livsområder")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="domain_code_unique")
        ]

    def __str__(self) -> str:
        return self.label.text

    @property
    def label(self) -> Written:
        """The name in the reader's language: a shipped default name, as long as the programme
        has kept it, is translated; a name the programme gave itself is shown as written
        (in bokmål, and marked so on a page in another language)."""
        if DEFAULT_DOMAIN_NAMES.get(self.code) == self.name:
            return translated(self.name)
        return Written(self.name)


class ReferenceMedian(models.Model):
    """Median income after tax per consumption unit for one income year (SSB), with source."""

    year = models.PositiveSmallIntegerField(
        _("inntektsår"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    scale = models.CharField(
        _("skala"),
        max_length=20,
        default=Scale.EU,
        choices=[(Scale.EU.value, _("EU-skala")), (Scale.OECD_OLD.value, _("Gammel OECD-skala"))],
    )
    amount = models.DecimalField(
        _("median (kr per forbruksenhet)"),
        max_digits=10,
        decimal_places=0,
        validators=[MinValueValidator(Decimal("1"))],
    )
    source = models.CharField(_("kilde"), max_length=300)
    verified = models.BooleanField(
        _("kontrollert mot kilden"),
        default=False,
        help_text=_("Kryss av bare når tallet er kontrollert mot SSB."),
    )
    note = models.TextField(_("merknad"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("medianinntekt")
        verbose_name_plural = _("medianinntekter")
        constraints = [
            models.UniqueConstraint(fields=["year", "scale"], name="median_year_scale_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} kr"

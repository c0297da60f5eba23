"""Mapping (kartlegging): instruments as versioned data, the family's mappings, the answers,
and the scores as rows the programme figures aggregate (decision 0011).

- `Instrument`: one version of a questionnaire, indicator set or external total, stored as
  the YAML text it was loaded from (mapping/instruments/, or uploaded by an administrator).
  A version is never changed once answers refer to it; a change is a new version.
- `Assessment`: one mapping of one family on one occasion (intake, yearly k, exit, or an
  extra one), held on a date; a draft until completed.
- `Response`: one instrument answered about one member (or the whole family), with the
  answers as given, and once final the scores, flags and categories computed from them; its
  `version` keeps a form from an older version (another tab, another person) from
  overwriting newer answers.
- `ScoreValue`: one score of one final response, with what the figures group by.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import submit_token_field, submitted_once, version_field
from familieplan.core.models import TenantModel, Unit, unindexed_municipality
from familieplan.families.models import Enrolment, Family, Member


class Instrument(models.Model):
    """One version of an instrument definition (not tenant-owned: the catalogue is national)."""

    key = models.SlugField(_("nøkkel"), max_length=60)
    version = models.PositiveIntegerField(_("versjon"))
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20)
    about = models.CharField(_("gjelder"), max_length=10)
    requires_setting = models.CharField(_("krever innstilling"), max_length=40, blank=True)
    definition = models.TextField(_("definisjon (YAML)"))
    origin = models.CharField(_("kilde for filen"), max_length=200)
    active = models.BooleanField(
        _("i bruk"),
        default=True,
        help_text=_("Nye kartlegginger bruker den nyeste aktive versjonen."),
    )
    loaded_at = models.DateTimeField(_("lastet inn"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lastet inn av"),
    )

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("skjema")
        verbose_name_plural = _("skjemaer")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="instrument_key_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def spec(self):
        """The parsed definition (cached per process; the text never changes)."""
        from familieplan.mapping.catalogue import parsed

        return parsed(self.definition, self.origin)


class Assessment(TenantModel):
    class Occasion(models.TextChoices):
        INTAKE = "intake", _("Oppstart")
        YEARLY = "yearly", _("Årlig")
        EXIT = "exit", _("Avslutning")
        EXTRA = "extra", _("Ekstra")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Påbegynt")
        COMPLETED = "completed", _("Fullført")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("familie")
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("forløp")
    )
    occasion = models.CharField(_("anledning"), max_length=10, choices=Occasion.choices)
    number = models.PositiveSmallIntegerField(_("nummer"), default=0)
    due_on = models.DateField(_("frist"), null=True, blank=True)
    held_on = models.DateField(_("dato"))
    #: The year the enrolment started: the intake cohort the programme figures group by.
    cohort = models.PositiveSmallIntegerField(_("kull"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    #: Held within the programme's grace days of its due date (None: extra, no due date).
    on_time = models.BooleanField(_("i tide"), null=True, blank=True)
    submit_token = submit_token_field()

    class Meta:
        ordering = ["held_on", "created_at"]
        verbose_name = _("kartlegging")
        verbose_name_plural = _("kartlegginger")
        indexes = [
            models.Index(fields=["municipality", "family", "held_on"], name="assessment_family"),
            models.Index(
                fields=["municipality", "cohort", "occasion", "number"], name="assessment_cohort"
            ),
        ]
        constraints = [
            # One mapping per planned occasion of an enrolment; extra ones as many as needed.
            models.UniqueConstraint(
                fields=["enrolment", "occasion", "number"],
                condition=~Q(occasion="extra"),
                name="assessment_one_per_occasion",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_at__isnull=False),
                name="assessment_completed_has_time",
            ),
            submitted_once("assessment_submitted_once"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.held_on:%d.%m.%Y}"

    @property
    def label(self) -> str:
        if self.occasion == self.Occasion.YEARLY:
            return str(_("Årskartlegging %(n)s") % {"n": self.number})
        return str(
            {
                self.Occasion.INTAKE: _("Kartlegging ved oppstart"),
                self.Occasion.EXIT: _("Kartlegging ved avslutning"),
                self.Occasion.EXTRA: _("Ekstra kartlegging"),
            }[self.occasion]
        )

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class Response(TenantModel):
    class AnsweredBy(models.TextChoices):
        SELF = "self", _("Personen selv")
        WITH_COORDINATOR = "with_coordinator", _("Sammen med koordinatoren")
        COORDINATOR = "coordinator", _("Koordinatorens vurdering")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        FINAL = "final", _("Ferdig")

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("kartlegging"),
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="responses", verbose_name=_("skjema")
    )
    #: Copied from the instrument, for the one-per-instrument constraints (which index it;
    #: a column index of its own would only be written to).
    instrument_key = models.SlugField(max_length=60, db_index=False)
    #: Empty: about the whole family (e.g. the domain self-rating, household indicators).
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("gjelder"),
    )
    answered_by = models.CharField(_("fylt ut av"), max_length=20, choices=AnsweredBy.choices)
    answers = models.JSONField(_("svar"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    scores = models.JSONField(default=dict)
    unscored = models.JSONField(default=dict)
    flags = models.JSONField(default=list)
    categories = models.JSONField(default=dict)
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    #: Bumped by every save: a form from an older version does not overwrite newer answers.
    version = version_field()

    class Meta:
        ordering = ["assessment", "instrument_key"]
        verbose_name = _("svar på skjema")
        verbose_name_plural = _("svar på skjemaer")
        indexes = [
            models.Index(fields=["municipality", "assessment"], name="response_assessment"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "instrument_key", "member"],
                condition=Q(member__isnull=False),
                name="response_one_per_member",
            ),
            models.UniqueConstraint(
                fields=["assessment", "instrument_key"],
                condition=Q(member__isnull=True),
                name="response_one_per_family",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} – {self.member or self.assessment.family}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


#: What the programme figures' two indexes on `ScoreValue` start with.
FIGURES_KEY = ["municipality", "instrument_key", "score_key", "occasion", "number"]


class ScoreValue(TenantModel):
    """One score of one final response, denormalised for the programme figures.

    Each figures query is answered from one partial covering index alone, in its order
    (decision 0014): `score_change` for the change from intake, `score_categories` for the
    distributions. Their aggregates may only name columns those indexes hold. The inherited
    municipality key and `instrument_key` have no column index of their own, nor is there a
    plain index on the figures' grouping columns: the figures never read the table, and
    every completed mapping would write to those indexes for nothing.
    """

    municipality = unindexed_municipality()
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="values")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="values")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: The family's unit when the mapping was completed (figures per unit).
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cohort = models.PositiveSmallIntegerField()
    occasion = models.CharField(max_length=10)
    number = models.PositiveSmallIntegerField()
    held_on = models.DateField()
    instrument_key = models.SlugField(max_length=60, db_index=False)
    score_key = models.CharField(max_length=80)
    value = models.FloatField(null=True)
    category = models.CharField(max_length=60, blank=True)
    #: The same score of the same person (or the family) at the enrolment's intake mapping:
    #: the change from intake is `value - baseline` (filled when both are completed).
    baseline = models.FloatField(null=True)
    #: One row per family for each (mapping, instrument, score) among those with a baseline,
    #: so the figures count families with a sum instead of COUNT(DISTINCT).
    family_first = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("skår")
        verbose_name_plural = _("skårer")
        indexes = [
            # Also serves the municipality key (deleting a municipality checks it).
            models.Index(fields=["municipality", "family", "held_on"], name="score_family"),
            # The change from intake, per cell in the index's order (figures.CHANGE_CELL).
            models.Index(
                fields=[*FIGURES_KEY, "unit", "cohort"],
                include=["value", "baseline", "family_first"],
                condition=Q(baseline__isnull=False),
                name="score_change",
            ),
            # Families per category, per cell in the index's order (figures.CATEGORY_CELL).
            models.Index(
                fields=[*FIGURES_KEY, "category", "unit", "cohort"],
                include=["family"],
                condition=~Q(category=""),
                name="score_categories",
            ),
        ]
        constraints = [
            # An intake value belongs on a later mapping's value only; the figures rely on it.
            models.CheckConstraint(
                condition=Q(baseline__isnull=True)
                | (
                    Q(value__isnull=False)
                    & Q(occasion__in=[Assessment.Occasion.YEARLY, Assessment.Occasion.EXIT])
                ),
                name="score_baseline_later",
            ),
        ]


class EconomyAtMapping(TenantModel):
    """The family's economy on the day a mapping was completed (economy/snapshot.py): what
    the household questionnaire's income answer came from, and the programme figure "under
    the low-income line at intake and each year"."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="economy")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    #: The family's unit when the mapping was completed (figures per unit).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, related_name="+")
    cohort = models.PositiveSmallIntegerField()
    occasion = models.CharField(max_length=10, choices=Assessment.Occasion.choices)
    number = models.PositiveSmallIntegerField(default=0)
    income_per_unit = models.DecimalField(max_digits=12, decimal_places=0)
    line = models.DecimalField(max_digits=12, decimal_places=0)
    share_percent = models.DecimalField(max_digits=6, decimal_places=1)
    below_line = models.BooleanField()
    median_year = models.PositiveSmallIntegerField()
    debt_in_collection = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "occasion", "number"], name="econmap_cells")
        ]

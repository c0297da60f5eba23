"""Familiens plan: the family's goals per life domain, measures with one responsible party,
reviews, agreements, and a snapshot of the whole plan at every change (its history)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import submit_token_field, submitted_once
from familieplan.core.models import TenantModel
from familieplan.families.models import Domain, Family, Member
from familieplan.partners.models import Partner
from familieplan.plans import rules


class FamilyPlanQuerySet(models.QuerySet):
    def current(self) -> FamilyPlanQuerySet:
        """The plan in force (one per family, a database constraint)."""
        return self.filter(is_current=True)


def current_plan_of(family) -> FamilyPlan | None:
    return family.plans.current().first()


class FamilyPlan(TenantModel):
    """The family's plan. One current plan per family (database constraint)."""

    class LegalBasis(models.TextChoices):
        PROJECT = "project", _("Plan i prosjektet (ikke lovpålagt)")
        INDIVIDUAL_PLAN = "individual_plan", _("Individuell plan etter sosialtjenesteloven")
        OTHER = "other", _("Annet")

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="plans", verbose_name=_("familie")
    )
    is_current = models.BooleanField(_("gjeldende"), default=True)
    legal_basis = models.CharField(
        _("rettsgrunnlag"),
        max_length=20,
        choices=LegalBasis.choices,
        default=LegalBasis.PROJECT,
    )
    period_start = models.DateField(_("planen gjelder fra"))
    period_end = models.DateField(_("planen gjelder til"))
    participants = models.TextField(_("hvem som deltar"), blank=True)
    resources = models.TextField(_("familiens ressurser"), blank=True)
    needs = models.TextField(_("familiens behov"), blank=True)
    contributions = models.TextField(_("hva hver part bidrar med"), blank=True)
    next_review_on = models.DateField(_("neste evaluering"), null=True, blank=True)
    #: Bumped on every saved change to the plan or anything in it (see PlanVersion).
    version = models.PositiveIntegerField(_("versjon"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    submit_token = submit_token_field()

    objects = FamilyPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("familiens plan")
        verbose_name_plural = _("familiens planer")
        constraints = [
            models.UniqueConstraint(
                fields=["family"], condition=Q(is_current=True), name="plan_one_current"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="plan_period_in_order",
            ),
            submitted_once("familyplan_submitted_once"),
        ]
        indexes = [models.Index(fields=["municipality", "next_review_on"], name="plan_review_due")]

    def __str__(self) -> str:
        return f"{self.family} ({self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y})"

    def measures(self) -> MeasureQuerySet:
        """Every measure of this plan's goals."""
        return Measure.objects.filter(goal__plan=self)


class Goal(TenantModel):
    """A goal in the family's (or the child's) own words, in one life domain."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Ikke startet")
        IN_PROGRESS = "in_progress", _("Pågår")
        ACHIEVED = "achieved", _("Nådd")
        NOT_RELEVANT = "not_relevant", _("Ikke lenger aktuelt")

    plan = models.ForeignKey(
        FamilyPlan, on_delete=models.PROTECT, related_name="goals", verbose_name=_("plan")
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("livsområde")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("gjelder"),
        help_text=_("Tomt: hele familien."),
    )
    own_words = models.TextField(_("målet med familiens egne ord"))
    professional_wording = models.TextField(_("faglig formulering"), blank=True)
    #: The member's own goal or view, recorded as theirs (a child's voice is kept apart).
    members_own_voice = models.BooleanField(_("personens egne ord"), default=False)
    priority = models.PositiveSmallIntegerField(
        _("prioritet"), default=2, choices=[(1, _("Høy")), (2, _("Middels")), (3, _("Lav"))]
    )
    target_date = models.DateField(_("når målet skal være nådd"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    status_reason = models.CharField(_("kort begrunnelse"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    submit_token = submit_token_field()

    class Meta:
        ordering = ["domain__order", "priority", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [submitted_once("goal_submitted_once")]

    def __str__(self) -> str:
        return self.own_words[:60]


class MeasureQuerySet(models.QuerySet):
    def open(self) -> MeasureQuerySet:
        """Not done and not cancelled: still to be done."""
        return self.exclude(status__in=sorted(rules.FINAL))

    def overdue(self, today: date) -> MeasureQuerySet:
        """Open, and the due date has passed."""
        return self.open().filter(due_on__lt=today)

    def due_between(self, first: date, last: date) -> MeasureQuerySet:
        """Open, due from `first` to `last` (both included)."""
        return self.open().filter(due_on__gte=first, due_on__lte=last)

    def on_current_plan(self) -> MeasureQuerySet:
        return self.filter(goal__plan__is_current=True)


class Measure(TenantModel):
    """Something someone does towards a goal: one responsible party and a due date."""

    class Status(models.TextChoices):
        SUGGESTED = rules.SUGGESTED, _("Foreslått")
        PLANNED = rules.PLANNED, _("Planlagt")
        IN_PROGRESS = rules.IN_PROGRESS, _("Pågår")
        DONE = rules.DONE, _("Utført")
        CANCELLED = rules.CANCELLED, _("Avbrutt")

    class Responsible(models.TextChoices):
        COORDINATOR = "coordinator", _("Familiekoordinatoren")
        MEMBER = "member", _("Et familiemedlem")
        SERVICE = "service", _("En samarbeidspartner")

    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="measures", verbose_name=_("mål")
    )
    what = models.TextField(_("hva skal gjøres"))
    responsible_kind = models.CharField(_("ansvarlig"), max_length=20, choices=Responsible.choices)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig koordinator"),
    )
    responsible_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("ansvarlig familiemedlem"),
    )
    responsible_partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("ansvarlig samarbeidspartner"),
    )
    due_on = models.DateField(_("frist"))
    family_part = models.TextField(_("hva familien gjør"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    closing_reason = models.CharField(_("begrunnelse for avslutning"), max_length=500, blank=True)
    closed_on = models.DateField(_("avsluttet"), null=True, blank=True)
    reopened_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reopened_as",
        verbose_name=_("gjenåpnet fra"),
    )
    version = models.PositiveIntegerField(default=1)
    submit_token = submit_token_field()

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        constraints = [
            models.CheckConstraint(
                name="measure_one_responsible",
                condition=(
                    Q(
                        responsible_kind="coordinator",
                        responsible_user__isnull=False,
                        responsible_member__isnull=True,
                        responsible_partner__isnull=True,
                    )
                    | Q(
                        responsible_kind="member",
                        responsible_member__isnull=False,
                        responsible_user__isnull=True,
                        responsible_partner__isnull=True,
                    )
                    | Q(
                        responsible_kind="service",
                        responsible_partner__isnull=False,
                        responsible_user__isnull=True,
                        responsible_member__isnull=True,
                    )
                ),
            ),
            models.CheckConstraint(
                name="measure_final_has_reason",
                condition=~Q(status__in=sorted(rules.FINAL)) | ~Q(closing_reason=""),
            ),
            submitted_once("measure_submitted_once"),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "due_on"], name="measure_open_due"),
            # Open measures in due order (a team lead's "Tiltak med frist" reads the first few
            # of a whole municipality without sorting them all).
            models.Index(
                fields=["municipality", "due_on"],
                condition=~Q(status__in=sorted(rules.FINAL)),
                name="measure_open_by_due",
            ),
            models.Index(fields=["responsible_partner", "status"], name="measure_partner_status"),
        ]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def is_final(self) -> bool:
        return rules.is_final(self.status)

    def is_overdue_on(self, today: date) -> bool:
        return not self.is_final and self.due_on < today

    @property
    def is_overdue(self) -> bool:
        """Open and past its due date today (Norwegian local date)."""
        return self.is_overdue_on(timezone.localdate())

    @property
    def responsible_label(self) -> str:
        if self.responsible_kind == self.Responsible.COORDINATOR and self.responsible_user:
            return self.responsible_user.display_name
        if self.responsible_kind == self.Responsible.MEMBER and self.responsible_member:
            return self.responsible_member.full_name
        return self.responsible_partner.name if self.responsible_partner else ""


class Review(TenantModel):
    """A scheduled evaluation of the plan; when held, what changed and the next date."""

    plan = models.ForeignKey(
        FamilyPlan, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("plan")
    )
    scheduled_on = models.DateField(_("planlagt dato"))
    held_on = models.DateField(_("gjennomført"), null=True, blank=True)
    what_changed = models.TextField(_("hva som er endret"), blank=True)
    submit_token = submit_token_field()

    class Meta:
        ordering = ["scheduled_on"]
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        constraints = [submitted_once("review_submitted_once")]

    def __str__(self) -> str:
        return f"{self.plan} {self.scheduled_on:%d.%m.%Y}"


class PlanVersion(TenantModel):
    """The whole plan as it stood after one change: who, when, what, and a full snapshot.

    The plan "as of a date" is the newest version at or before it; two versions are compared
    snapshot to snapshot. Versions are never changed.
    """

    plan = models.ForeignKey(
        FamilyPlan, on_delete=models.PROTECT, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("versjon"))
    at = models.DateTimeField(_("tidspunkt"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("endret av"),
    )
    summary = models.CharField(_("hva som ble endret"), max_length=300)
    snapshot = models.JSONField(_("planen"))

    class Meta:
        ordering = ["-number"]
        verbose_name = _("planversjon")
        verbose_name_plural = _("planversjoner")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class PlanAgreement(TenantModel):
    """The family's agreement to one version of the plan."""

    class How(models.TextChoices):
        MEETING = "meeting", _("I møte")
        PAPER = "paper", _("På papir")
        DIGITAL = "digital", _("Digitalt")

    plan = models.ForeignKey(
        FamilyPlan, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("plan")
    )
    version_number = models.PositiveIntegerField(_("versjon"))
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("hvem som er enig")
    )
    agreed_on = models.DateField(_("dato"))
    how = models.CharField(_("hvordan"), max_length=10, choices=How.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-version_number", "-recorded_at"]
        verbose_name = _("enighet om planen")
        verbose_name_plural = _("enighet om planen")
        constraints = [submitted_once("planagreement_submitted_once")]

    def __str__(self) -> str:
        return f"{self.member} v{self.version_number} {self.agreed_on:%d.%m.%Y}"


class MeasureComment(TenantModel):
    """A comment on a measure, by the coordinator or the responsible service. Never edited."""

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="comments", verbose_name=_("tiltak")
    )
    #: The measure's family, kept on the comment (a measure never moves to another family):
    #: the start page lists a team's new comments without going through goal and plan.
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="+", verbose_name=_("familie")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skrevet av"),
    )
    #: Who the author wrote as ("Lunde skole", "Familiekoordinator"), kept as it was then.
    author_label = models.CharField(_("på vegne av"), max_length=200)
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)
    submit_token = submit_token_field()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("kommentar til tiltak")
        verbose_name_plural = _("kommentarer til tiltak")
        constraints = [submitted_once("measurecomment_submitted_once")]
        indexes = [models.Index(fields=["family", "created_at"], name="comment_family_new")]

    def __str__(self) -> str:
        return self.text[:60]

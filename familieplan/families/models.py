"""The family (household) as one case, and its members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familieplan.core.models import TenantModel, Unit
from familieplan.core.roles import Role


class FamilyQuerySet(models.QuerySet):
    def visible_to(self, user) -> FamilyQuerySet:
        """Families the user may know exist (see docs/decisions/0003-access-model.md).

        Coordinators: families in their own units (their own with write access, the rest of the
        unit read-only, to cover for a colleague). Team leads: families in their units.
        Nobody else sees family data through staff pages.
        """
        if not user.is_authenticated:
            return self.none()
        unit_ids = user.unit_ids(Role.COORDINATOR, Role.TEAM_LEAD)
        if not unit_ids:
            return self.none()
        return self.filter(unit_id__in=unit_ids)

    def coordinated_by(self, user) -> FamilyQuerySet:
        return self.filter(Q(coordinator=user) | Q(co_coordinator=user))


class Family(TenantModel):
    """A household: adults and children followed together by one coordinator."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="families", verbose_name=_("enhet")
    )
    name = models.CharField(
        _("familiens navn"), max_length=150, help_text=_("For eksempel «Familien Hansen».")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_families",
        verbose_name=_("familiekoordinator"),
    )
    co_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_coordinated_families",
        verbose_name=_("medkoordinator"),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("familie")
        verbose_name_plural = _("familier")
        indexes = [
            models.Index(fields=["municipality", "unit", "name"], name="family_muni_unit_name"),
            models.Index(fields=["municipality", "coordinator"], name="family_muni_coord"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(coordinator=models.F("co_coordinator")),
                name="family_coordinator_not_co",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_coordinated_by(self, user) -> bool:
        return user.pk is not None and user.pk in (self.coordinator_id, self.co_coordinator_id)


class Member(TenantModel):
    """A person in the household: an adult or a child."""

    class Role(models.TextChoices):
        PARENT = "parent", _("Forelder")
        GUARDIAN = "guardian", _("Foresatt")
        OTHER_ADULT = "other_adult", _("Annen voksen")
        CHILD = "child", _("Barn")
        YOUTH = "youth", _("Ungdom")

    ADULT_ROLES = (Role.PARENT, Role.GUARDIAN, Role.OTHER_ADULT)

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="members", verbose_name=_("familie")
    )
    role = models.CharField(_("rolle i familien"), max_length=20, choices=Role.choices)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("etternavn"), max_length=100)
    birth_date = models.DateField(_("fødselsdato"))
    languages = models.CharField(
        _("språk"), max_length=200, blank=True, help_text=_("For eksempel «somali, norsk».")
    )
    needs_interpreter = models.BooleanField(_("trenger tolk"), default=False)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="family_member",
        verbose_name=_("innlogging"),
    )

    class Meta:
        ordering = ["birth_date", "first_name"]
        verbose_name = _("familiemedlem")
        verbose_name_plural = _("familiemedlemmer")
        indexes = [models.Index(fields=["municipality", "family"], name="member_muni_family")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_adult_role(self) -> bool:
        return self.role in self.ADULT_ROLES

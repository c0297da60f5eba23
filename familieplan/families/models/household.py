"""The family (household) as one case, its members and its addresses over time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import submit_token_field, submitted_once, version_field
from familieplan.core.models import TenantModel, Unit
from familieplan.core.roles import Role
from familieplan.lib.identity import mask


def search_text(family_name: str, people: Iterable[tuple[str, str]]) -> str:
    """What the caseload's name search matches: the family name and every member's names,
    upper-cased (trigram-indexed on PostgreSQL, see migration 0005)."""
    parts = [family_name, *(f"{first} {last}" for first, last in people)]
    return " | ".join(parts).upper()


class FamilyQuerySet(models.QuerySet):
    def touch(self) -> int:
        """Something happened in these families' cases now (the caseload's "last activity")."""
        return self.update(last_activity_at=timezone.now())

    def visible_to(self, user) -> FamilyQuerySet:
        """Families the user may know exist (docs/decisions/0003-access-model.md).

        Coordinators and team leads: families in their own units (a team lead without a unit:
        the whole municipality). Write access is decided by
        `families.access.can_write_family`. Nobody else sees family data through staff pages.
        """
        if not user.is_authenticated:
            return self.none()
        unit_ids = user.unit_ids(Role.COORDINATOR, Role.TEAM_LEAD)
        # A team lead without a unit leads the whole municipality's programme.
        municipality_ids = {
            m.municipality_id
            for m in user.active_memberships
            if m.role == Role.TEAM_LEAD and m.unit_id is None
        }
        if not unit_ids and not municipality_ids:
            return self.none()
        if not municipality_ids:
            return self.filter(unit_id__in=unit_ids)
        if not unit_ids:
            return self.filter(municipality_id__in=municipality_ids)
        return self.filter(Q(unit_id__in=unit_ids) | Q(municipality_id__in=municipality_ids))

    def coordinated_by(self, user) -> FamilyQuerySet:
        return self.filter(Q(coordinator=user) | Q(co_coordinator=user))


class Family(TenantModel):
    """A household: adults and children followed together by one coordinator."""

    class Stage(models.TextChoices):
        REFERRED = "referred", _("Henvist")
        WAITING = "waiting", _("Venteliste")
        ACTIVE = "active", _("Aktiv")
        PAUSED = "paused", _("Pause")
        ENDED = "ended", _("Avsluttet")
        NOT_INCLUDED = "not_included", _("Ikke inkludert")

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
    # Kept in step by the services in families/services.py (the caseload filters on them).
    stage = models.CharField(
        _("status"), max_length=20, choices=Stage.choices, default=Stage.REFERRED
    )
    planned_end = models.DateField(_("planlagt slutt"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("siste aktivitet"), null=True, blank=True)
    #: The latest registered contact with the family (journal.services keeps it in step).
    last_contact_at = models.DateTimeField(_("siste kontakt"), null=True, blank=True)
    #: The next mapping's due date, and the day it is late (due + the programme's grace days);
    #: the mapping app keeps them in step (mapping/services.py), the caseload counts on them.
    mapping_due_on = models.DateField(_("neste kartlegging"), null=True, blank=True)
    mapping_late_on = models.DateField(_("kartlegging forsinket fra"), null=True, blank=True)
    search_names = models.TextField(_("navn til søk"), blank=True, editable=False)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    #: Bumped by every change of who coordinates the family (the form that edits the row
    #: itself); the assignment form states the version it was made from.
    version = version_field()

    objects = FamilyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("familie")
        verbose_name_plural = _("familier")
        indexes = [
            # The caseload pages by name inside a unit or a whole municipality.
            models.Index(fields=["unit", "name", "id"], name="family_unit_name"),
            models.Index(fields=["municipality", "name", "id"], name="family_muni_name"),
            # Cover the caseload counters, so they are answered from the index alone.
            models.Index(
                fields=["unit", "stage", "last_contact_at", "planned_end"],
                include=["id", "mapping_due_on", "mapping_late_on"],
                name="family_unit_caseload",
            ),
            models.Index(
                fields=["municipality", "stage", "last_contact_at", "planned_end"],
                include=["id", "mapping_due_on", "mapping_late_on"],
                name="family_muni_caseload",
            ),
            models.Index(fields=["unit", "stage", "name"], name="family_unit_stage_name"),
            models.Index(fields=["coordinator", "stage", "name"], name="family_coord_stage_name"),
            models.Index(fields=["municipality", "stage", "name"], name="family_muni_stage_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(coordinator=models.F("co_coordinator")),
                name="family_coordinator_not_co",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_search_names(self) -> None:
        """Recompute `search_names` from the name and the members (call after changes)."""
        people = self.members.values_list("first_name", "last_name")
        self.search_names = search_text(self.name, people)
        self.save(update_fields=["search_names"])

    def is_coordinated_by(self, user) -> bool:
        return user.pk is not None and user.pk in (self.coordinator_id, self.co_coordinator_id)

    def current_members(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.members.filter(
            Q(left_on__isnull=True) | Q(left_on__gt=on),
            Q(joined_on__isnull=True) | Q(joined_on__lte=on),
        )

    def moves_last_12_months(self, today: date) -> int:
        """Living-conditions indicator: address changes in the last 12 months."""
        since = today - timedelta(days=365)
        addresses = list(self.addresses.order_by("valid_from").values_list("valid_from", flat=True))
        return sum(1 for valid_from in addresses[1:] if since < valid_from <= today)


class Member(TenantModel):
    """A person in the household: an adult or a child, with the dates they belonged to it."""

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
    national_id = models.CharField(
        _("fødselsnummer eller D-nummer"),
        max_length=11,
        blank=True,
        help_text=_("11 siffer. Frivillig. Vises skjult."),
    )
    languages = models.CharField(
        _("språk"), max_length=200, blank=True, help_text=_("For eksempel «somali, norsk».")
    )
    needs_interpreter = models.BooleanField(_("trenger tolk"), default=False)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    # Empty: part of the household since before it was registered.
    joined_on = models.DateField(_("med i husholdningen fra"), null=True, blank=True)
    left_on = models.DateField(_("flyttet ut"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="family_member",
        verbose_name=_("innlogging"),
    )

    #: Bumped by every saved edit; an edit states the version it was made from.
    version = version_field()
    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["birth_date", "first_name"]
        verbose_name = _("familiemedlem")
        verbose_name_plural = _("familiemedlemmer")
        indexes = [
            models.Index(fields=["municipality", "family"], name="member_muni_family"),
            models.Index(fields=["municipality", "last_name", "first_name"], name="member_name"),
        ]
        constraints = [
            submitted_once("member_submitted_once"),
            models.UniqueConstraint(
                fields=["municipality", "national_id"],
                condition=~Q(national_id=""),
                name="member_national_id_unique_in_municipality",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="member_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_adult_role(self) -> bool:
        return self.role in self.ADULT_ROLES

    @property
    def national_id_masked(self) -> str:
        return mask(self.national_id) if self.national_id else ""

    def in_household_on(self, on: date) -> bool:
        """Born, moved in and not moved out by `on`."""
        return (
            self.birth_date <= on
            and (self.joined_on is None or self.joined_on <= on)
            and (self.left_on is None or self.left_on > on)
        )

    def age_on(self, on: date) -> int:
        years = on.year - self.birth_date.year
        return years - ((on.month, on.day) < (self.birth_date.month, self.birth_date.day))


class Address(TenantModel):
    """Where the family lives from a date. A move is a new record; history is kept."""

    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="addresses", verbose_name=_("familie")
    )
    street = models.CharField(_("gateadresse"), max_length=200)
    postal_code = models.CharField(_("postnummer"), max_length=4)
    city = models.CharField(_("poststed"), max_length=100)
    valid_from = models.DateField(_("bor her fra"))
    housing = models.CharField(
        _("boform"),
        max_length=20,
        blank=True,
        choices=[
            ("owned", _("Eid")),
            ("rented", _("Leid privat")),
            ("municipal", _("Kommunal bolig")),
            ("temporary", _("Midlertidig bolig")),
            ("other", _("Annet")),
        ],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    #: The token of the form that made the row (a second submit finds this row).
    submit_token = submit_token_field()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("adresse")
        verbose_name_plural = _("adresser")
        constraints = [
            submitted_once("address_submitted_once"),
            models.UniqueConstraint(fields=["family", "valid_from"], name="address_one_per_day"),
            models.CheckConstraint(
                condition=Q(postal_code__regex=r"^[0-9]{4}$"), name="address_postal_code_4_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"

"""The economy's reference data in the admin: a municipality's own income schemes and its own
norm for social assistance (scoped to the administrator's municipality), and SIFO's reference
budget per year (national, like the median: any administrator adds a year and corrects an
unchecked one; the check and deletion are for operations staff). The shipped schemes and
state rates are loaded from code and shown to operations staff only."""

from __future__ import annotations

from django.contrib import admin

from familieplan.core.admin_scoping import MunicipalityScopedAdmin
from familieplan.economy.models import (
    BudgetBracket,
    BudgetHouseholdRow,
    BudgetYear,
    GuidelineRateSet,
    Scheme,
)
from familieplan.families.admin import ReferenceMedianAdmin


class _ShippedReadOnly:
    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.built_in and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.built_in:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Scheme)
class SchemeAdmin(_ShippedReadOnly, MunicipalityScopedAdmin):
    list_display = ["name", "payer", "municipality", "counts_for_social_assistance", "active"]
    list_filter = ["active", "built_in"]
    fields = [
        "municipality",
        "code",
        "name",
        "payer",
        "counts_for_social_assistance",
        "counts_for_low_income",
        "active",
    ]


@admin.register(GuidelineRateSet)
class GuidelineRateSetAdmin(_ShippedReadOnly, MunicipalityScopedAdmin):
    list_display = ["municipality", "valid_from", "valid_to", "single", "couple", "verified"]
    fields = [
        "municipality",
        ("valid_from", "valid_to"),
        ("single", "couple", "shared_housing"),
        ("child_0_5", "child_6_10", "child_11_17"),
        "source",
        "verified",
    ]


class _BudgetInline(admin.TabularInline):
    extra = 0

    """The year's rows may be changed exactly when the year may (its admin, as registered)."""

    def _parent(self):
        return self.admin_site._registry[BudgetYear]

    def _parent_allows(self, request, obj) -> bool:
        return self._parent().has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self._parent().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._parent_allows(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_allows(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_allows(request, obj)


class BracketInline(_BudgetInline):
    model = BudgetBracket


class HouseholdRowInline(_BudgetInline):
    model = BudgetHouseholdRow


@admin.register(BudgetYear)
class BudgetYearAdmin(ReferenceMedianAdmin):
    list_display = ["year", "verified", "source"]
    list_filter = ["verified"]
    inlines = [BracketInline, HouseholdRowInline]

"""Admin for programme settings, life domains and the yearly median reference data."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from familieplan.core.admin_scoping import (
    MunicipalityScopedAdmin,
    ScopedAdminBase,
    administered_municipality_ids,
)
from familieplan.families.models import Domain, ProgrammeSettings, ReferenceMedian


class DomainInline(admin.TabularInline):
    model = Domain
    fk_name = "municipality"
    extra = 0
    fields = ["order", "code", "name", "active"]


@admin.register(ProgrammeSettings)
class ProgrammeSettingsAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "municipality", "planned_duration_months", "no_contact_days"]
    fieldsets = (
        (None, {"fields": ("municipality", "name")}),
        (
            _("Målgruppe"),
            {
                "fields": (
                    "rule_annual_low_income",
                    "rule_persistent_low_income",
                    "threshold_percent",
                    "scale",
                    "child_rule",
                    "months_on_social_assistance_min",
                    "require_child_under_18",
                    "manual_criteria",
                )
            },
        ),
        (
            _("Varighet og oppfølging"),
            {
                "fields": (
                    "planned_duration_months",
                    "follow_up_months_after_exit",
                    "no_contact_days",
                    "youth_consent_age",
                    "show_staff_names_to_family",
                )
            },
        ),
        (
            _("Kartlegging"),
            {
                "fields": (
                    "mapping_interval_months",
                    "mapping_at_exit",
                    "mapping_grace_days",
                    "use_gse",
                )
            },
        ),
    )


@admin.register(Domain)
class DomainAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "code", "order", "active", "municipality"]
    list_filter = ["active"]


@admin.register(ReferenceMedian)
class ReferenceMedianAdmin(ScopedAdminBase):
    """National reference data: any municipality administrator may add a year and correct a
    row nobody has checked yet; each row shows its source and whether it has been checked
    against SSB. The check itself, a checked row and deletion are for operations staff: a
    checked median is what every municipality's screenings rely on."""

    list_display = ["year", "scale", "amount", "verified", "source"]
    list_filter = ["verified", "scale"]

    def _is_admin(self, request) -> bool:
        return request.user.is_superuser or bool(administered_municipality_ids(request))

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request):
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        return self._is_admin(request) and (obj is None or not obj.verified)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["verified"]

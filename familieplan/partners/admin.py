"""Partner services in the admin: where an administrator gives a partner user access to the
service they work for (a partner membership plus a `PartnerStaff` row). Consents are family
data and are kept on the coordinator's pages, not here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from familieplan.core.admin_scoping import (
    MunicipalityScopedAdmin,
    ScopedInline,
    administered_municipality_ids,
)
from familieplan.partners.models import Partner, PartnerContact, PartnerStaff


class ContactInline(ScopedInline, admin.TabularInline):
    model = PartnerContact
    extra = 0
    fields = ["name", "title", "phone", "email"]


class StaffInline(ScopedInline, admin.TabularInline):
    model = PartnerStaff
    extra = 0
    fields = ["user", "active"]
    verbose_name = _("bruker som logger inn for tjenesten")
    verbose_name_plural = _("brukere som logger inn for tjenesten")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Only users with a partner membership in the administrator's municipality."""
        if db_field.name == "user" and not request.user.is_superuser:
            from familieplan.accounts.models import User
            from familieplan.core.roles import Role

            kwargs["queryset"] = (
                User.objects.filter(
                    is_superuser=False,
                    memberships__role=Role.PARTNER,
                    memberships__municipality__in=administered_municipality_ids(request),
                )
                .exclude(pk=request.user.pk)  # never oneself: that would open families
                .distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Partner)
class PartnerAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "kind", "org_number", "municipality", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "org_number"]
    inlines = [ContactInline, StaffInline]

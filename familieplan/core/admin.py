from django.contrib import admin

from familieplan.core.admin_scoping import MunicipalityScopedAdmin
from familieplan.core.models import Municipality, Unit


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScopedAdmin):
    municipality_lookup = "pk"
    list_display = ["name", "number", "county"]
    search_fields = ["name", "number"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Unit)
class UnitAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name"]

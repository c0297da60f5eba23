"""Django admin scoped to the municipalities a user administers.

A municipality administrator (Role.ADMINISTRATOR membership, is_staff) sees and edits only
rows of their own municipality; a superuser sees everything (operations staff only).
"""

from __future__ import annotations

from django.contrib import admin

from familieplan.core.roles import Role


def administered_municipality_ids(request) -> set[int]:
    return request.user.municipality_ids(Role.ADMINISTRATOR)


class MunicipalityScopedAdmin(admin.ModelAdmin):
    #: The lookup from this model to its municipality id.
    municipality_lookup = "municipality"

    def _allowed(self, request, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        ids = administered_municipality_ids(request)
        if not ids:
            return False
        return obj is None or self.municipality_id_of(obj) in ids

    def municipality_id_of(self, obj) -> int | None:
        value = obj
        for part in self.municipality_lookup.split("__"):
            value = getattr(value, part, None)
        return getattr(value, "pk", value)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(
            **{f"{self.municipality_lookup}__in": administered_municipality_ids(request)}
        )

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            ids = administered_municipality_ids(request)
            model = db_field.related_model
            if model._meta.label == "core.Municipality":
                kwargs["queryset"] = model.objects.filter(pk__in=ids)
            elif model._meta.label == "core.Unit":
                kwargs["queryset"] = model.objects.filter(municipality__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedInline:
    """Mixin for inlines on a `MunicipalityScopedAdmin`: the parent admin has already checked
    the municipality, so an administrator of it may manage the inline rows too."""

    def _allowed(self, request, obj=None) -> bool:
        return request.user.is_superuser or bool(administered_municipality_ids(request))

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj)

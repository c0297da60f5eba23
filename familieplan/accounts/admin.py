from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familieplan.accounts.models import Membership, User
from familieplan.core.admin_scoping import MunicipalityScopedAdmin, administered_municipality_ids


@admin.register(Membership)
class MembershipAdmin(MunicipalityScopedAdmin):
    list_display = ["user", "role", "municipality", "unit", "active"]
    list_filter = ["role", "active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fk_name = "user"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(municipality__in=administered_municipality_ids(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            ids = administered_municipality_ids(request)
            if db_field.name == "municipality":
                kwargs["queryset"] = db_field.related_model.objects.filter(pk__in=ids)
            elif db_field.name == "unit":
                kwargs["queryset"] = db_field.related_model.objects.filter(municipality__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(MunicipalityScopedAdmin, BaseUserAdmin):
    """Users are listed for an administrator when they hold a membership in their municipality.

    Superuser and staff flags stay out of reach of municipality administrators.
    """

    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "language")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def _allowed(self, request, obj=None):
        if request.user.is_superuser:
            return True
        ids = administered_municipality_ids(request)
        if not ids:
            return False
        if obj is None or obj.pk is None:
            return True
        if obj.is_superuser:
            return False
        # A new account has no membership yet; the administrator gives it one next.
        memberships = obj.memberships.all()
        return not memberships.exists() or memberships.filter(municipality__in=ids).exists()

    def get_queryset(self, request):
        qs = BaseUserAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        ids = administered_municipality_ids(request)
        return qs.filter(
            Q(memberships__municipality__in=ids) | Q(memberships__isnull=True),
            is_superuser=False,
        ).distinct()

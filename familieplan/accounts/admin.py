"""Users and memberships in the admin (decision 0015).

A municipality administrator manages the staff accounts of their own municipality:

- they see accounts with a membership in their municipality, never a family member's login,
  a superuser or an account without any membership (those belong to operations);
- they change only accounts they may manage: not their own, not another administrator's or
  privacy officer's (operations appoint those), not one with a membership in another
  municipality (read-only), not one with is_staff;
- they never set a password: they send a link for a new password through the outbox, and a
  new account gets a link to make its first one; the address of an account in use is the
  person's own (changed in their settings);
- they grant coordinator, team lead, partner and researcher roles in their municipality.

Every change, and every link sent, is written to the administration audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from familieplan.accounts import audit
from familieplan.accounts.models import AdminAuditEntry, Membership, User
from familieplan.accounts.reset_links import reset_link_send
from familieplan.core.admin_scoping import (
    MunicipalityScopedAdmin,
    ScopedAdminBase,
    administered_municipality_ids,
    register_audit_writer,
)
from familieplan.core.admin_scoping import audit as audit_entry
from familieplan.core.roles import Role

register_audit_writer(audit.record)

#: The roles a municipality administrator may give. Administrators and privacy officers are
#: appointed by operations (the privacy officer audits the administrator); family members get
#: their login on the family's page.
GRANTABLE_ROLES = frozenset({Role.COORDINATOR, Role.TEAM_LEAD, Role.PARTNER, Role.RESEARCHER})


def visible_users(request) -> QuerySet[User]:
    """The accounts an administrator sees: a membership in their municipality; never a
    superuser or a family member's login."""
    if request.user.is_superuser:
        return User.objects.all()
    ids = administered_municipality_ids(request)
    return User.objects.filter(
        is_superuser=False,
        pk__in=Membership.objects.filter(municipality__in=ids).values("user"),
    ).exclude(pk__in=Membership.objects.filter(role=Role.FAMILY_MEMBER).values("user"))


def manageable_users(request) -> QuerySet[User]:
    """The accounts an administrator may change and give memberships to."""
    if request.user.is_superuser:
        return User.objects.all()
    ids = administered_municipality_ids(request)
    elsewhere = Membership.objects.exclude(municipality__in=ids).values("user")
    above = Membership.objects.exclude(role__in=GRANTABLE_ROLES).values("user")
    return (
        visible_users(request)
        .filter(is_staff=False)
        .exclude(pk=request.user.pk)
        .exclude(pk__in=elsewhere)
        .exclude(pk__in=above)
    )


def may_manage(request, user: User) -> bool:
    if request.user.is_superuser:
        return True
    return user.pk is not None and manageable_users(request).filter(pk=user.pk).exists()


def email_editable(user: User | None) -> bool:
    """An address is set while the account is new; once in use it is the person's own, or
    changing it and sending a link would hand the account to someone else."""
    return user is None or (user.last_login is None and not user.has_usable_password())


def _grantable_choices():
    return [("", "---------"), *[(v, lbl) for v, lbl in Role.choices if v in GRANTABLE_ROLES]]


if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin

    _FieldsBase = BaseModelAdmin[Any]
else:
    _FieldsBase = object


class _MembershipFields(_FieldsBase):
    """Municipality, unit, user and role choices for a municipality administrator."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            ids = administered_municipality_ids(request)
            if db_field.name == "municipality":
                kwargs["queryset"] = db_field.related_model.objects.filter(pk__in=ids)
            elif db_field.name == "unit":
                kwargs["queryset"] = db_field.related_model.objects.filter(municipality__in=ids)
            elif db_field.name == "user":
                kwargs["queryset"] = manageable_users(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = _grantable_choices()
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Membership)
class MembershipAdmin(_MembershipFields, MunicipalityScopedAdmin):
    list_display = ["user", "role", "municipality", "unit", "active"]
    list_filter = ["role", "active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    # A plain list of the accounts the administrator may manage (no lookup widget: its
    # rendering of a posted non-number fails with a server error).

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(user__in=visible_users(request))

    def _may_change(self, request, obj) -> bool:
        if request.user.is_superuser:
            return True
        if not self._allowed(request, obj):
            return False
        return obj is None or (obj.role in GRANTABLE_ROLES and may_manage(request, obj.user))

    def has_change_permission(self, request, obj=None):
        return self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change(request, obj)


class MembershipInline(_MembershipFields, admin.TabularInline):
    model = Membership
    extra = 0
    fk_name = "user"
    fields = ["municipality", "unit", "role", "active"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(municipality__in=administered_municipality_ids(request))

    def get_min_num(self, request, obj=None, **kwargs):
        # A new account comes with its first membership: without one it would belong to
        # nobody's municipality (and vanish from the administrator's list).
        return 1 if obj is None and not request.user.is_superuser else 0

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_min", obj is None and not request.user.is_superuser)
        return super().get_formset(request, obj, **kwargs)

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is None else self.extra

    def _is_admin(self, request) -> bool:
        return request.user.is_superuser or bool(administered_municipality_ids(request))

    def _may_edit(self, request, obj) -> bool:
        """`obj` is the user on whose page the memberships are."""
        return self._is_admin(request) and (obj is None or may_manage(request, obj))

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)


class NewStaffAccountForm(forms.ModelForm):
    """A new account made by a municipality administrator: no password (the person makes
    their own from the link they get by email)."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "Personen får en lenke på e-post for å lage sitt eget passord."
        )


class StaffAccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields: list[str] = []


@admin.register(User)
class UserAdmin(ScopedAdminBase, BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active"]
    actions = ["send_reset_link"]
    operations_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "language")}),
        (
            _("Status"),
            {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")},
        ),
    )

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return ["is_active", "is_staff", "is_superuser"]
        return self.list_filter

    # -- who sees and changes what

    def get_queryset(self, request):
        qs = BaseUserAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=visible_users(request).values("pk"))

    def _is_admin(self, request) -> bool:
        return request.user.is_superuser or bool(administered_municipality_ids(request))

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        if not self._is_admin(request):
            return False
        return (
            obj is None
            or request.user.is_superuser
            or self.get_queryset(request).filter(pk=obj.pk).exists()
        )

    def has_add_permission(self, request):
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_admin(request) and (obj is None or may_manage(request, obj))

    def has_delete_permission(self, request, obj=None):
        # Accounts are set inactive: case data refers to the people who made it.
        return request.user.is_superuser

    def audit_municipality_ids(self, request, obj):
        own = set(Membership.objects.filter(user=obj).values_list("municipality_id", flat=True))
        return own or super().audit_municipality_ids(request, obj)

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            # A lookup only offers accounts the administrator may give a membership to.
            queryset = queryset.filter(pk__in=manageable_users(request).values("pk"))
        return queryset, distinct

    # -- the form

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return self.add_fieldsets if obj is None else self.operations_fieldsets
        if obj is None:
            return ((None, {"fields": NewStaffAccountForm.Meta.fields}),)
        return (
            (None, {"fields": ("username", self._password_field(request, obj))}),
            (_("Person"), {"fields": ("first_name", "last_name", "email", "language")}),
            (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = NewStaffAccountForm if obj is None else StaffAccountForm
            return admin.ModelAdmin.get_form(self, request, obj, change=change, **kwargs)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        if obj is None:
            return []
        fields = ["last_login", "date_joined", self._password_field(request, obj)]
        if not email_editable(obj):
            fields.append("email")
        return fields

    def _password_field(self, request, obj) -> str:
        return (
            "password_with_link" if self.has_change_permission(request, obj) else "password_state"
        )

    @admin.display(description=_("Passord"))
    def password_state(self, obj):
        if obj.has_usable_password():
            return gettext("Passordet er satt.")
        return gettext("Ikke noe passord ennå.")

    @admin.display(description=_("Passord"))
    def password_with_link(self, obj):
        return format_html(
            '{} <a href="{}">{}</a>',
            self.password_state(obj),
            reverse("admin:accounts_user_reset_link", args=[obj.pk]),
            gettext("Send lenke for nytt passord"),
        )

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not change and not request.user.is_superuser and user.email:
            self._send_link(request, user, new_account=True)

    # -- passwords: never set here by an administrator, a link instead

    def get_urls(self):
        return [
            path(
                "<id>/reset-link/",
                self.admin_site.admin_view(self.reset_link_view),
                name="accounts_user_reset_link",
            ),
            *super().get_urls(),
        ]

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def _send_link(self, request, user, *, new_account: bool = False) -> bool:
        municipality_ids = self.audit_municipality_ids(request, user)
        try:
            reset_link_send(
                user=user,
                municipality_id=min((i for i in municipality_ids if i), default=None),
                new_account=new_account,
            )
        except ValueError:
            return False
        audit_entry(
            request,
            action=AdminAuditEntry.Action.RESET_LINK,
            obj=user,
            changes=[{"to": user.email}],
            municipality_ids=municipality_ids,
        )
        return True

    def reset_link_view(self, request, id):
        user = self.get_object(request, id)
        if user is None:
            return redirect("admin:accounts_user_changelist")
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        change_url = reverse("admin:accounts_user_change", args=[user.pk])
        if request.method == "POST":
            if self._send_link(request, user):
                self.message_user(
                    request,
                    gettext("Lenke for nytt passord er lagt i kø til %(email)s.")
                    % {"email": user.email},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    gettext(
                        "Ingen lenke ble sendt: brukeren må være aktiv og ha en e-postadresse."
                    ),
                    messages.ERROR,
                )
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Send lenke for nytt passord"),
            "opts": self.opts,
            "original": user,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/accounts/user/reset_link.html", context)

    @admin.action(description=_("Send lenke for nytt passord"), permissions=["change"])
    def send_reset_link(self, request, queryset):
        sent = skipped = 0
        for user in queryset:
            if may_manage(request, user) and self._send_link(request, user):
                sent += 1
            else:
                skipped += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "Lenke for nytt passord er lagt i kø til %(count)d bruker.",
                    "Lenke for nytt passord er lagt i kø til %(count)d brukere.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d bruker ble hoppet over: kontoen er ikke din å endre, ikke "
                    "aktiv eller uten e-postadresse.",
                    "%(count)d brukere ble hoppet over: kontoene er ikke dine å endre, ikke "
                    "aktive eller uten e-postadresse.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(AdminAuditEntry)
class AdminAuditEntryAdmin(MunicipalityScopedAdmin):
    """The administration audit log, read-only for everyone (operations included)."""

    list_display = ["at", "actor_username", "actor_name", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_username", "object_repr"]
    date_hierarchy = "at"

    def get_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "actor"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

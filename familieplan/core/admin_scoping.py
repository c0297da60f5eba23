"""Django admin scoped to the municipalities a user administers (decision 0015).

A municipality administrator (Role.ADMINISTRATOR membership, is_staff) sees and edits only
configuration rows of their own municipality; a superuser sees everything (operations staff
only). Every ModelAdmin of the project derives from `ScopedAdminBase`, which

- never shows case data on a delete page: what depends on the chosen rows is counted by kind,
  without names, and rows that case data (anything outside the admin's own configuration
  models) depends on are not deleted at all;
- writes every addition, change, deletion and admin action to the administration audit log
  (the writer is registered by `accounts`, which owns the log: core imports nothing above it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from typing import cast

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NestedObjects
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection, models, router
from django.utils.text import capfirst

from familieplan.core.roles import Role


def administered_municipality_ids(request) -> set[int]:
    if not request.user.is_authenticated:  # the admin's login page asks too
        return set()
    return request.user.municipality_ids(Role.ADMINISTRATOR)


# -- The audit log's extension point ------------------------------------------------------

AuditWriter = Callable[..., None]
_audit_writer: AuditWriter | None = None


def register_audit_writer(writer: AuditWriter) -> None:
    """`accounts` registers the function that stores one audit entry (see `audit`)."""
    global _audit_writer
    _audit_writer = writer


def audit(
    request,
    *,
    action: str,
    obj: models.Model | None = None,
    model: type[models.Model] | None = None,
    object_repr: str | None = None,
    changes: list | dict | None = None,
    municipality_ids: Iterable[int | None] = (),
) -> None:
    """Record what the person behind `request` did in the admin. Refuses to work unrecorded."""
    if _audit_writer is None:
        raise ImproperlyConfigured("No administration audit log is registered.")
    _audit_writer(
        request,
        action=action,
        model=model or type(obj),
        object_id="" if obj is None else str(obj.pk),
        object_repr=str(obj) if object_repr is None else object_repr,
        changes=changes or [],
        municipality_ids=set(municipality_ids),
    )


# -- Describing a change for the audit log ------------------------------------------------


def _shown(field, value):
    """A form value as the log keeps it: text for choices and related rows, never a secret."""
    if value is None or value == "":
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | models.QuerySet):
        return [str(_shown(field, v)) for v in value]
    if isinstance(value, bool):
        return value
    if hasattr(field, "queryset"):  # a related row given by its key
        found = field.queryset.model._default_manager.filter(pk=value).first()
        return str(found) if found is not None else str(value)
    choices = getattr(field, "choices", None)
    if choices:
        labels = {}
        for key, label in choices:
            if isinstance(label, list | tuple):
                labels.update({str(k): str(v) for k, v in label})
            else:
                labels[str(key)] = str(label)
        return labels.get(str(value), str(value))
    if isinstance(value, int | float):
        return value
    return str(value)


def _field_changes(form, names) -> dict:
    out = {}
    for name in names:
        if "password" in name or name not in form.fields:
            continue
        field = form.fields[name]
        before = form.initial.get(name, field.initial)
        after = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        out[name] = [_shown(field, before), _shown(field, after)]
    return out


def describe_changes(form, formsets, add: bool) -> list[dict]:
    """What a save in the admin changed: the fields with their values before and after, and
    the inline rows added, changed or deleted."""
    described: list[dict] = []
    if form is not None:
        names = [n for n in form.changed_data if n in form.fields]
        described.append({"fields": _field_changes(form, names)} if names or add else {})
    for formset in formsets or []:
        forms_by_instance = {id(f.instance): f for f in formset.forms}
        kind = str(formset.model._meta.verbose_name)
        for obj in formset.new_objects:
            f = forms_by_instance.get(id(obj))
            fields = _field_changes(f, f.changed_data) if f is not None else {}
            described.append({"added": kind, "object": str(obj), "fields": fields})
        for obj, changed in formset.changed_objects:
            f = forms_by_instance.get(id(obj))
            fields = _field_changes(f, changed) if f is not None else {}
            described.append({"changed": kind, "object": str(obj), "fields": fields})
        for obj in formset.deleted_objects:
            described.append({"deleted": kind, "object": str(obj)})
    return [d for d in described if d]


# -- Deleting without showing case data ---------------------------------------------------


def configuration_models(admin_site) -> set[type[models.Model]]:
    """The rows the admin manages: its registered models and their inlines' models."""
    found: set[type[models.Model]] = set()
    for model, model_admin in admin_site._registry.items():
        found.add(model)
        for inline in getattr(model_admin, "inlines", []):
            found.add(inline.model)
    for model in list(found):
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            if through is not None and through._meta.auto_created:
                found.add(through)
    return found


def _kind(model, n: int) -> str:
    name = model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural
    return f"{capfirst(name)}: {n}"


def counted_deletion(objs, request, admin_site):
    """`ModelAdmin.get_deleted_objects` for a municipality administrator.

    Returns what Django's delete page and delete action expect (to_delete, model_count,
    perms_needed, protected), with names only for the rows the administrator chose; what
    would go with them is counted by kind. Anything that is not a configuration row of the
    admin (a family, a consent, a note, a plan version...) that would be deleted or that
    protects the row makes the deletion refused: it is reported in `protected`, counted, so
    Django shows "cannot be deleted" and does not delete on POST.
    """
    objs = list(objs)
    if not objs:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
    collector.collect(objs)
    allowed = configuration_models(admin_site)
    chosen = {(type(o), o.pk) for o in objs}
    perms_needed: set[str] = set()
    going: Counter = Counter()
    blocking: Counter = Counter()
    # Django keys model_objs by model class (the stubs say by str).
    model_objs = cast("dict[type[models.Model], set[models.Model]]", collector.model_objs)
    for model, instances in model_objs.items():
        if model not in allowed:
            blocking[model] += len(instances)
            continue
        model_admin = admin_site._registry.get(model)
        for instance in instances:
            if model_admin is not None and not model_admin.has_delete_permission(request, instance):
                perms_needed.add(str(model._meta.verbose_name))
            if (model, instance.pk) not in chosen:
                going[model] += 1
    for instance in collector.protected:
        blocking[type(instance)] += 1
    to_delete: list = [f"{capfirst(o._meta.verbose_name)}: {o}" for o in objs]
    if going:
        to_delete.append([_kind(model, n) for model, n in going.items()])
    model_count = {
        str(model._meta.verbose_name_plural): len(instances)
        for model, instances in model_objs.items()
        if model in allowed
    }
    protected = [_kind(model, n) for model, n in blocking.items()]
    return to_delete, model_count, perms_needed, protected


# -- The base of every ModelAdmin of the project ------------------------------------------


class SafeChangeList(ChangeList):
    """A date-hierarchy year too large for a date is a bad lookup (Django's "?e=1" page), not
    a server error: Django catches ValueError there, not OverflowError."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as e:
            raise IncorrectLookupParameters(e) from e


class ScopedAdminBase(admin.ModelAdmin):
    """No case data on delete pages, and every change in the administration audit log."""

    def audit_municipality_ids(self, request, obj) -> AbstractSet[int | None]:
        """Whose privacy officer and administrator see the entry: the row's municipality, or
        for national rows the municipalities the person administers."""
        return administered_municipality_ids(request)

    def construct_change_message(self, request, form, formsets, add=False):
        request._admin_audit_changes = describe_changes(form, formsets, add)
        return super().construct_change_message(request, form, formsets, add)

    def _audit(self, request, obj, action: str) -> None:
        audit(
            request,
            action=action,
            obj=obj,
            changes=getattr(request, "_admin_audit_changes", None),
            municipality_ids=self.audit_municipality_ids(request, obj),
        )
        request._admin_audit_changes = None

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._audit(request, obj, "add")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._audit(request, obj, "change")
        return entry

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "delete")
        return super().log_deletions(request, queryset)

    def get_changelist(self, request, **kwargs):
        return SafeChangeList

    def get_deleted_objects(self, objs, request):
        if request.user.is_superuser:
            return super().get_deleted_objects(objs, request)
        return counted_deletion(objs, request, self.admin_site)

    def response_action(self, request, queryset, *args, **kwargs):
        """A chosen row whose id is no id of this model (a tampered list form) chooses
        nothing, instead of a server error when the list is filtered by it."""
        chosen = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        valid = [value for value in chosen if _is_pk(self.model._meta.pk, value)]
        if len(valid) != len(chosen):
            request.POST = request.POST.copy()
            request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, valid)
        return super().response_action(request, queryset, *args, **kwargs)


def _is_pk(field, value) -> bool:
    try:
        value = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(value, int):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or low <= value) and (high is None or value <= high)
    return value is not None


class MunicipalityScopedAdmin(ScopedAdminBase):
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

    def audit_municipality_ids(self, request, obj) -> AbstractSet[int | None]:
        own = self.municipality_id_of(obj)
        return {own} if own is not None else super().audit_municipality_ids(request, obj)

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
                kwargs["required"] = True  # never "national" or "nobody's" from here
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

"""The administration audit log for the municipality's privacy officer and administrator:
who changed what in the admin, when and from where (decision 0015)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from familieplan.accounts.audit import AdminAuditEntry
from familieplan.core.forms import PeriodSearchForm
from familieplan.core.roles import Role


class AdminLogSearchForm(PeriodSearchForm):
    user = forms.CharField(label=_("Administratorens brukernavn"), required=False, max_length=150)
    field_order = ["user", "date_from", "date_to"]


def _kind(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def _value(value) -> str:
    if value is True:
        return gettext("ja")
    if value is False:
        return gettext("nei")
    if value in (None, ""):
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


def _fields(fields: dict) -> str:
    return "; ".join(
        f"{name}: {_value(before)} → {_value(after)}" for name, (before, after) in fields.items()
    )


def change_lines(entry: AdminAuditEntry) -> list[str]:
    """The entry's changes in words, one line each."""
    lines = []
    for change in entry.changes or []:
        if "to" in change:
            lines.append(gettext("til %(address)s") % {"address": change["to"]})
        elif "fields" in change and len(change) == 1:
            if change["fields"]:
                lines.append(_fields(change["fields"]))
        else:
            for key, label in (
                ("added", gettext("lagt til")),
                ("changed", gettext("endret")),
                ("deleted", gettext("slettet")),
            ):
                if key in change:
                    text = f"{label} {change[key]} «{change.get('object', '')}»"
                    if change.get("fields"):
                        text += f": {_fields(change['fields'])}"
                    lines.append(text)
    return lines


@require_safe
def admin_log(request):
    """Changes made in the admin that concern the person's municipalities."""
    municipality_ids = request.user.municipality_ids(Role.PRIVACY_OFFICER, Role.ADMINISTRATOR)
    if not municipality_ids:
        raise PermissionDenied
    form = AdminLogSearchForm(request.GET or None)
    entries = AdminAuditEntry.objects.filter(municipality_id__in=municipality_ids)
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(actor_username__iexact=data["user"].strip())
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            entries = entries.filter(at__gte=datetime.combine(data["date_from"], time.min, tz))
        if data["date_to"]:
            end = datetime.combine(data["date_to"] + timedelta(days=1), time.min, tz)
            entries = entries.filter(at__lt=end)
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    rows = [(e, _kind(e.object_type), change_lines(e)) for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/admin_log.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )

from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from familieplan.core.access import Action, Subject, log_access
from familieplan.core.forms import AccessLogSearchForm
from familieplan.core.models import AccessLog
from familieplan.core.roles import Role


@require_safe
def access_log(request):
    """The privacy officer's search in the access log of their own municipalities."""
    municipality_ids = request.user.municipality_ids(Role.PRIVACY_OFFICER)
    if not municipality_ids:
        raise PermissionDenied
    form = AccessLogSearchForm(request.GET or None)
    entries = AccessLog.objects.filter(municipality_id__in=municipality_ids)
    if form.is_valid():
        data = form.cleaned_data
        if data["family"]:
            entries = entries.filter(family_id=data["family"])
        if data["user"]:
            entries = entries.filter(username__iexact=data["user"].strip())
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            entries = entries.filter(at__gte=datetime.combine(data["date_from"], time.min, tz))
        if data["date_to"]:
            end = datetime.combine(data["date_to"] + timedelta(days=1), time.min, tz)
            entries = entries.filter(at__lt=end)
        if any(data.values()):
            log_access(
                request,
                action=Action.SEARCH,
                object_type="core.accesslog",
                subject=Subject(
                    municipality_id=min(municipality_ids), family_id=data["family"] or None
                ),
            )
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )

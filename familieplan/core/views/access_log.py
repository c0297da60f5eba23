from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from familieplan.core import extensions
from familieplan.core.access import Action, Subject, log_access, log_shown
from familieplan.core.forms import AccessLogSearchForm
from familieplan.core.models import AccessLog
from familieplan.core.roles import Role

#: Families a name search lists to choose from; more asks for more of the name.
CANDIDATES = 20


@require_safe
def access_log(request):
    """The privacy officer's search in the access log of their own municipalities: by family
    (found by its name or a member's name, then chosen from a list), user and period."""
    municipality_ids = request.user.municipality_ids(Role.PRIVACY_OFFICER)
    if not municipality_ids:
        raise PermissionDenied
    form = AccessLogSearchForm(request.GET or None)
    entries = AccessLog.objects.filter(municipality_id__in=municipality_ids)
    finder = extensions.family_finder()
    candidates, chosen, too_many = [], None, False
    if form.is_valid():
        data = form.cleaned_data
        family_id, name = data["family"], data["name"].strip()
        if name and not family_id and finder is not None:
            # A name finds the families of the officer's municipalities; one is chosen at once.
            found = finder.find(municipality_ids, name, CANDIDATES + 1)
            too_many = len(found) > CANDIDATES
            if len(found) == 1:
                family_id = found[0].family_id
            else:
                candidates = [(f, _choose_url(request, f.family_id)) for f in found[:CANDIDATES]]
        if family_id:
            if finder is not None:
                chosen = finder.describe(municipality_ids, [family_id]).get(family_id)
            entries = entries.filter(family_id=family_id)
        elif name:
            entries = entries.none()  # the family is chosen first
        if data["user"]:
            entries = entries.filter(username__iexact=data["user"].strip())
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            entries = entries.filter(at__gte=datetime.combine(data["date_from"], time.min, tz))
        if data["date_to"]:
            end = datetime.combine(data["date_to"] + timedelta(days=1), time.min, tz)
            entries = entries.filter(at__lt=end)
        if candidates:
            # The families listed to choose from are shown by the search: one entry each.
            log_shown(
                request,
                action=Action.SEARCH,
                object_type="core.accesslog",
                families=(
                    Subject(municipality_id=f.municipality_id, family_id=f.family_id)
                    for f, _url in candidates
                ),
            )
        elif any(data.values()):
            # Only a family of the officer's own municipalities is named as the entry's
            # family: an id from elsewhere stays the searched id, so the search never shows
            # up in another municipality's family's "who has seen our data".
            log_access(
                request,
                action=Action.SEARCH,
                object_type="core.accesslog",
                object_id=family_id or "",
                subject=Subject(
                    municipality_id=chosen.municipality_id if chosen else min(municipality_ids),
                    family_id=chosen.family_id if chosen else None,
                ),
            )
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    other = request.GET.copy()
    for key in ("family", "page"):
        other.pop(key, None)
    return render(
        request,
        "core/access_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "candidates": candidates,
            "too_many": too_many,
            "chosen": chosen,
            # Chosen from the list: back to the list (one match was chosen at once: no list).
            "choose_other": "?" + other.urlencode()
            if chosen and request.GET.get("family") and request.GET.get("name")
            else "",
        },
    )


def _choose_url(request, family_id) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query["family"] = str(family_id)
    return "?" + query.urlencode()

"""The caseload overview: the coordinator's families, or the team lead's unit/municipality."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from familieplan.core.access import Action, Subject, home_municipality, log_shown
from familieplan.core.roles import Role
from familieplan.families import caseload
from familieplan.families.models import Family

SORT_LABELS = {
    "name": _("Navn (A–Å)"),
    "-name": _("Navn (Å–A)"),
    "stage": _("Status"),
    "planned_end": _("Planlagt slutt"),
    "last_activity": _("Lengst siden aktivitet"),
    "-last_activity": _("Nyeste aktivitet"),
}


@require_safe
def caseload_view(request):
    user = request.user
    if not user.role_codes() & {Role.COORDINATOR, Role.TEAM_LEAD}:
        raise PermissionDenied
    visible = Family.objects.visible_to(user)
    is_lead = Role.TEAM_LEAD in user.role_codes()
    scope = request.GET.get("scope") or ("all" if is_lead else "mine")
    families = visible.coordinated_by(user) if scope == "mine" else visible
    # By coordinator: a team lead's own team (the team page's numbers link here), or "mine".
    coordinators = caseload.coordinator_choices(user) if is_lead else []
    families, coordinator = caseload.filter_coordinator(
        families, user, request.GET.get("coordinator", ""), coordinators
    )
    ctx = caseload.context_for(user)
    counts = caseload.count_needs(families, ctx)

    stage = request.GET.get("stage", "")
    if stage in Family.Stage.values:
        families = families.filter(stage=stage)
    needs = request.GET.get("needs", "")
    families = caseload.filter_needs(families, needs, ctx)
    query = request.GET.get("q", "").strip()[:100]
    families = caseload.search_name(families, query)
    sort = request.GET.get("sort", "name")
    families = families.order_by(*caseload.SORTS.get(sort, caseload.SORTS["name"]))
    # Page through ids (an index-only scan), then load the 25 rows with what the table shows.
    page = Paginator(families.values_list("pk", flat=True), 25).get_page(request.GET.get("page"))
    page.object_list = caseload.rows_for(list(page.object_list), request.user)
    # Each family shown is logged: a read of the list, a search when names were searched
    # (decision 0004). One insert of at most 25 rows.
    log_shown(
        request,
        action=Action.SEARCH if query else Action.READ,
        object_type="families.caseload",
        families=(
            Subject(municipality_id=row.municipality_id, family_id=row.family_id)
            for row in page.object_list
        ),
        nothing_shown=home_municipality(request) if query else None,
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "families/caseload.html",
        {
            "page": page,
            "query": params.urlencode(),
            "counters": [(c, counts.get(c.key, 0)) for c in caseload.counters()],
            "scope": scope,
            "is_lead": is_lead,
            "coordinator": coordinator,
            "coordinators": coordinators,
            "filtered": bool(needs or stage in Family.Stage.values or query or coordinator),
            "stage": stage,
            "needs": needs,
            "q": query,
            "sort": sort,
            "sort_labels": SORT_LABELS,
            "stages": Family.Stage.choices,
            "no_contact_days": ctx.no_contact_days,
        },
    )

"""The programme figures page and its CSV/Excel download, for team leads (their units, or the
whole municipality when they lead it) and municipality administrators (their municipality).
Aggregates only: no family appears by name, and groups of fewer than five are suppressed.
Viewing is logged as a read, downloading as an export: one table as CSV (`table=`), or every
table as one Excel workbook.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familieplan.core.access import log_access
from familieplan.core.exports import csv_download, workbook_download
from familieplan.core.models import AccessLog
from familieplan.core.roles import Role
from familieplan.mapping import economy_figures, figures, figures_tables

#: What the page shows first: the family's own rating of the life domains, the backbone of
#: the progress (REFERENCE.md §4); every instrument at once is one choice away.
DEFAULT_INSTRUMENT = "domain-rating"
ALL = "all"


def scope_for(
    user, *, group_by: str, cohort: int | None, instrument: str | None = None
) -> figures.Scope:
    memberships = [
        m for m in user.active_memberships if m.role in (Role.TEAM_LEAD, Role.ADMINISTRATOR)
    ]
    if not memberships:
        raise PermissionDenied
    whole = {m.municipality_id for m in memberships if m.unit_id is None}
    units = {
        m.unit_id for m in memberships if m.unit_id is not None and m.municipality_id not in whole
    }
    municipality_ids = tuple(sorted(whole | {m.municipality_id for m in memberships}))
    unit_ids = None
    if not whole:  # a team lead of one or more units only
        unit_ids = tuple(sorted(units, key=str))
    return figures.Scope(
        municipality_ids=municipality_ids,
        unit_ids=unit_ids,
        cohort=cohort,
        group_by=group_by,
        instrument=instrument,
    )


@require_safe
def programme_figures(request):
    group_by = request.GET.get("group_by", "municipality")
    if group_by not in figures.GROUPINGS:
        group_by = "municipality"
    cohort_text = request.GET.get("cohort", "").strip()
    cohort = int(cohort_text) if cohort_text.isdigit() and len(cohort_text) == 4 else None
    names = figures_tables.labels()
    chosen = request.GET.get("instrument", DEFAULT_INSTRUMENT)
    if chosen not in names:
        chosen = ALL
    scope = scope_for(
        request.user,
        group_by=group_by,
        cohort=cohort,
        instrument=None if chosen == ALL else chosen,
    )
    figures_tables.add_domains(names, scope.municipality_ids)
    result = figures.compute(scope)
    groups = figures_tables.group_names(scope)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        log_access(request, action=AccessLog.Action.EXPORT, object_type="mapping.figures")
        if fmt == "xlsx":
            tables = [
                figures_tables.download_table(key, result, names, groups)
                for key in figures_tables.DOWNLOADS
            ]
            return workbook_download(name="kartlegging-tall", tables=tables)
        key = request.GET.get("table", "change")
        key = key if key in figures_tables.DOWNLOADS else "change"
        return csv_download(
            name=f"kartlegging-{figures_tables.DOWNLOADS[key]}",
            table=figures_tables.download_table(key, result, names, groups),
        )
    log_access(request, action=AccessLog.Action.READ, object_type="mapping.figures")
    rows = figures_tables.change_rows(result, names, groups)
    distributions = figures_tables.distribution_rows(result, names, groups)
    shown_rows, shown_distributions = figures_tables.page_rows(rows, distributions)
    return render(
        request,
        "mapping/figures.html",
        {
            "scope": scope,
            "group_by": group_by,
            "cohort": cohort_text,
            "cohort_error": _(
                "Inntakskull må være et årstall med fire sifre, for eksempel 2024. Tallene under "
                "gjelder alle inntakskull."
            )
            if cohort_text and cohort is None
            else "",
            "query": urlencode({"group_by": group_by, "cohort": cohort_text, "instrument": chosen}),
            "groupings": [
                ("municipality", _("Kommune")),
                ("unit", _("Enhet")),
                ("cohort", _("Inntakskull (startår)")),
            ],
            "families": figures_tables.family_rows(result, groups),
            "timeliness": figures_tables.timeliness_rows(result, groups),
            "low_income": [
                (
                    str(groups.get(r.group, r.group)),
                    figures_tables.occasion_label(r.occasion, r.number),
                    r,
                )
                for r in economy_figures.line_rows(scope)
            ],
            "instruments": sorted(
                ((key, name) for key, (name, *_rest) in names.items()), key=lambda kv: kv[1]
            ),
            "instrument": chosen,
            # Rows of groups too small to show are left out of the page (the downloads keep
            # them, empty), and counted.
            "rows": shown_rows,
            "hidden_rows": len(rows) - len(shown_rows),
            "distributions": shown_distributions,
            "hidden_distributions": len(distributions) - len(shown_distributions),
            "minimum": figures.MIN_FAMILIES,
        },
    )

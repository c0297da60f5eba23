"""The programme figures page and its CSV/Excel download, for team leads (their units, or the
whole municipality when they lead it) and municipality administrators (their municipality).
Aggregates only: no family appears by name, and groups of fewer than five are suppressed.
Viewing is logged as a read, downloading as an export.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from familieplan.core.access import log_access
from familieplan.core.exports import table_download
from familieplan.core.models import AccessLog, Municipality, Unit
from familieplan.core.roles import Role
from familieplan.mapping import figures
from familieplan.mapping.models import Assessment, Instrument

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


def _labels() -> dict:
    """Instrument and score names from the newest version of each instrument."""
    language = get_language() or "nb"
    names: dict = {}
    for instrument in Instrument.objects.order_by("key", "-version"):
        if instrument.key in names:
            continue
        spec = instrument.spec
        scores = {rule.key: rule.label.get(language) for rule in spec.scores}
        for category in spec.categories:
            scores[f"category:{category.key}"] = category.label.get(language)
        categories = {}
        for rule in spec.scores:
            if rule.kind == "categorical" and len(rule.items) == 1:
                item = next((i for i in spec.items if i.key == rule.items[0]), None)
                if item is not None:
                    categories[rule.key] = {
                        f"{c.value:g}": c.label.get(language) for c in item.scale.choices
                    }
        for category in spec.categories:
            categories[f"category:{category.key}"] = {
                g.value: g.label.get(language) for g in (*category.groups, category.otherwise)
            }
        names[instrument.key] = (spec.name.get(language), scores, categories)
    return names


def _group_names(scope: figures.Scope) -> dict:
    if scope.group_by == "unit":
        return {
            u.pk: u.name for u in Unit.objects.filter(municipality_id__in=scope.municipality_ids)
        }
    if scope.group_by == "municipality":
        return dict(
            Municipality.objects.filter(pk__in=scope.municipality_ids).values_list("pk", "name")
        )
    return {}


def _occasion(occasion: str, number: int) -> str:
    return Assessment(occasion=occasion, number=number).label


def programme_figures(request):
    group_by = request.GET.get("group_by", "municipality")
    if group_by not in figures.GROUPINGS:
        group_by = "municipality"
    cohort_text = request.GET.get("cohort", "").strip()
    cohort = int(cohort_text) if cohort_text.isdigit() and len(cohort_text) == 4 else None
    labels = _labels()
    chosen = request.GET.get("instrument", DEFAULT_INSTRUMENT)
    if chosen not in labels:
        chosen = ALL
    scope = scope_for(
        request.user,
        group_by=group_by,
        cohort=cohort,
        instrument=None if chosen == ALL else chosen,
    )
    result = figures.compute(scope)
    groups = _group_names(scope)
    rows = _change_rows(result, labels, groups)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        log_access(request, action=AccessLog.Action.EXPORT, object_type="mapping.figures")
        return table_download(
            name="kartlegging-tall",
            fmt=fmt,
            header=[
                _("Gruppe"),
                _("Skjema"),
                _("Skår"),
                _("Fra oppstart til"),
                _("Familier"),
                _("Personer"),
                _("Snitt ved oppstart"),
                _("Snitt senere"),
                _("Snittendring"),
            ],
            rows=[
                [
                    r["group"],
                    r["instrument"],
                    r["score"],
                    r["occasion"],
                    r["families"],
                    r["pairs"],
                    r["before"],
                    r["after"],
                    r["change"],
                ]
                for r in rows
            ],
            sheet_title=_("Endring"),
            widths=(24, 30, 30, 22, 10, 10, 16, 14, 14),
        )
    log_access(request, action=AccessLog.Action.READ, object_type="mapping.figures")
    distributions = _distribution_rows(result, labels, groups)
    return render(
        request,
        "mapping/figures.html",
        {
            "scope": scope,
            "group_by": group_by,
            "cohort": cohort_text,
            "groupings": [
                ("municipality", _("Kommune")),
                ("unit", _("Enhet")),
                ("cohort", _("Inntakskull (startår)")),
            ],
            "families": [
                (groups.get(g, g), n if n >= figures.MIN_FAMILIES else None)
                for g, n in sorted(result.families.items(), key=lambda kv: str(kv[0]))
            ],
            "timeliness": [
                (groups.get(t.group, t.group), _occasion(t.occasion, t.number), t)
                for t in result.timeliness
            ],
            "instruments": sorted(
                ((key, name) for key, (name, *_rest) in labels.items()), key=lambda kv: kv[1]
            ),
            "instrument": chosen,
            # Rows of groups too small to show are left out of the page (the downloads keep
            # them, empty), and counted.
            "rows": [r for r in rows if r["families"] is not None],
            "hidden_rows": sum(1 for r in rows if r["families"] is None),
            "distributions": [d for d in distributions if d["cells"] is not None],
            "hidden_distributions": sum(1 for d in distributions if d["cells"] is None),
            "minimum": figures.MIN_FAMILIES,
        },
    )


def _round(value):
    return None if value is None else round(value, 2)


def _change_rows(result, labels, groups) -> list[dict]:
    rows = []
    for c in result.changes:
        name, scores, _categories = labels.get(c.instrument_key, (c.instrument_key, {}, {}))
        hidden = c.suppressed
        rows.append(
            {
                "group": str(groups.get(c.group, c.group)),
                "instrument": name,
                "score": scores.get(c.score_key, c.score_key),
                "occasion": _occasion(c.occasion, c.number),
                "families": None if hidden else c.families,
                "pairs": None if hidden else c.pairs,
                "before": None if hidden else _round(c.mean_before),
                "after": None if hidden else _round(c.mean_after),
                "change": None if hidden else _round(c.mean_change),
            }
        )
    return rows


def _distribution_rows(result, labels, groups) -> list[dict]:
    rows = []
    for (group, instrument_key, score_key, occasion, number), counts in sorted(
        result.distributions.items(), key=lambda kv: tuple(str(k) for k in kv[0])
    ):
        name, scores, categories = labels.get(instrument_key, (instrument_key, {}, {}))
        names = categories.get(score_key, {})
        rows.append(
            {
                "group": str(groups.get(group, group)),
                "instrument": name,
                "score": scores.get(score_key, score_key),
                "occasion": _occasion(occasion, number),
                "cells": None
                if counts is None
                else [(names.get(c, c), n) for c, n in sorted(counts.items())],
            }
        )
    return rows

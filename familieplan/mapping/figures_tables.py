"""The programme figures as rows for the page and as tables for the downloads: families,
mappings done on time, the change from intake and the distributions, with names in the
reader's language. A suppressed value stays empty (the page shows «–»)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from familieplan.core.exports import Table
from familieplan.core.models import Municipality, Unit
from familieplan.families.models import Domain
from familieplan.mapping import figures
from familieplan.mapping.definition import Text
from familieplan.mapping.models import Assessment, Instrument

#: The tables of the downloads, in the workbook's order: key → the CSV file's name part.
DOWNLOADS = {
    "families": "familier",
    "timeliness": "i-tide",
    "change": "endring",
    "distribution": "fordeling",
}


def labels() -> dict:
    """Instrument, score and category names from the newest version of each instrument."""
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


def add_domains(names: dict, municipality_ids) -> dict:
    """The scores of the domain self-rating in words: each life domain of these
    municipalities (``domain:<code>``) by its name, and their mean; `labels` cannot know
    them, since every programme has its own domains."""
    language = get_language() or "nb"
    domains: dict[str, str] = {}
    for domain in Domain.objects.filter(municipality_id__in=municipality_ids).order_by(
        "municipality_id", "order", "name"
    ):
        domains.setdefault(domain.code, str(domain.label))
    for instrument in Instrument.objects.filter(kind="domain_rating").order_by("key", "-version"):
        if instrument.key not in names or not domains:
            continue
        spec = instrument.spec.with_domains(
            [(code, Text({"nb": name})) for code, name in domains.items()]
        )
        _name, scores, _categories = names[instrument.key]
        for rule in spec.scores:
            scores.setdefault(rule.key, rule.label.get(language))
    return names


def group_names(scope: figures.Scope) -> dict:
    if scope.group_by == "unit":
        return {
            u.pk: u.name for u in Unit.objects.filter(municipality_id__in=scope.municipality_ids)
        }
    if scope.group_by == "municipality":
        return dict(
            Municipality.objects.filter(pk__in=scope.municipality_ids).values_list("pk", "name")
        )
    return {}


def occasion_label(occasion: str, number: int) -> str:
    return Assessment(occasion=occasion, number=number).label


def _round(value):
    return None if value is None else round(value, 2)


def family_rows(result: figures.Figures, groups: dict) -> list[tuple]:
    return [
        (str(groups.get(g, g)), n if n >= figures.MIN_FAMILIES else None)
        for g, n in sorted(result.families.items(), key=lambda kv: str(kv[0]))
    ]


def timeliness_rows(result: figures.Figures, groups: dict) -> list[tuple]:
    return [
        (str(groups.get(t.group, t.group)), occasion_label(t.occasion, t.number), t)
        for t in result.timeliness
    ]


def change_rows(result: figures.Figures, names: dict, groups: dict) -> list[dict]:
    rows = []
    for c in result.changes:
        name, scores, _categories = names.get(c.instrument_key, (c.instrument_key, {}, {}))
        hidden = c.suppressed
        rows.append(
            {
                "group": str(groups.get(c.group, c.group)),
                "instrument": name,
                "score": scores.get(c.score_key, c.score_key),
                "occasion": occasion_label(c.occasion, c.number),
                "families": None if hidden else c.families,
                "pairs": None if hidden else c.pairs,
                "before": None if hidden else _round(c.mean_before),
                "after": None if hidden else _round(c.mean_after),
                "change": None if hidden else _round(c.mean_change),
            }
        )
    return rows


def distribution_rows(result: figures.Figures, names: dict, groups: dict) -> list[dict]:
    rows = []
    for (group, instrument_key, score_key, occasion, number), counts in sorted(
        result.distributions.items(), key=lambda kv: tuple(str(k) for k in kv[0])
    ):
        name, scores, categories = names.get(instrument_key, (instrument_key, {}, {}))
        category_names = categories.get(score_key, {})
        rows.append(
            {
                "group": str(groups.get(group, group)),
                "instrument": name,
                "score": scores.get(score_key, score_key),
                "occasion": occasion_label(occasion, number),
                "cells": None
                if counts is None
                else [(category_names.get(c, c), n) for c, n in sorted(counts.items())],
            }
        )
    return rows


def number_text(value, separator: str, *, sign: bool = False) -> str:
    """A number as `floatformat:"-2"` shows it (two decimals unless whole), «–» for none;
    formatted here because a page of every instrument has thousands of them."""
    if value is None:
        return "–"
    text = f"{value:.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    if text in ("-0", "0"):
        return "0"
    text = text.replace(".", separator)
    return f"+{text}" if sign and value > 0 else text


def page_rows(rows: list[dict], distributions: list[dict]) -> tuple[list[dict], list[dict]]:
    """The rows the page shows (groups large enough), with their numbers as text."""
    separator = formats.get_format("DECIMAL_SEPARATOR")
    shown = [
        {
            **r,
            "before_text": number_text(r["before"], separator),
            "after_text": number_text(r["after"], separator),
            "change_text": number_text(r["change"], separator, sign=True),
        }
        for r in rows
        if r["families"] is not None
    ]
    shown_distributions = [
        {
            **d,
            "cells_text": "; ".join(
                f"{label}: {'–' if n is None else n}" for label, n in d["cells"]
            ),
        }
        for d in distributions
        if d["cells"] is not None
    ]
    return shown, shown_distributions


def download_table(key: str, result: figures.Figures, names: dict, groups: dict) -> Table:
    """One table of the page for download (`key` from `DOWNLOADS`); suppressed values
    empty, the distributions one row per cell."""
    start = [_("Gruppe"), _("Skjema"), _("Skår")]
    if key == "families":
        return Table(
            title=_("Familier"),
            header=[_("Gruppe"), _("Familier")],
            rows=family_rows(result, groups),
            widths=(30, 10),
        )
    if key == "timeliness":
        rows = [
            (
                group,
                label,
                None if t.suppressed else t.done,
                None if t.suppressed else t.on_time,
                None if t.share is None else round(100 * t.share),
            )
            for group, label, t in timeliness_rows(result, groups)
        ]
        return Table(
            title=_("I tide"),
            header=[_("Gruppe"), _("Kartlegging"), _("Gjort"), _("I tide"), _("I tide (%)")],
            rows=rows,
            widths=(30, 26, 10, 10, 12),
        )
    if key == "change":
        columns = ("group", "instrument", "score", "occasion", "families", "pairs")
        columns += ("before", "after", "change")
        return Table(
            title=_("Endring"),
            header=[
                *start,
                _("Fra oppstart til"),
                _("Familier"),
                _("Personer"),
                _("Snitt ved oppstart"),
                _("Snitt senere"),
                _("Snittendring"),
            ],
            rows=[[r[c] for c in columns] for r in change_rows(result, names, groups)],
            widths=(24, 30, 30, 22, 10, 10, 16, 14, 14),
        )
    rows = []
    for r in distribution_rows(result, names, groups):
        first = [r["group"], r["instrument"], r["score"], r["occasion"]]
        if r["cells"] is None:  # the whole column is too small: one empty row
            rows.append([*first, None, None])
        rows.extend([*first, label, n] for label, n in r["cells"] or ())
    return Table(
        title=_("Fordeling"),
        header=[*start, _("Kartlegging"), _("Svar"), _("Familier")],
        rows=rows,
        widths=(24, 30, 30, 22, 20, 10),
    )

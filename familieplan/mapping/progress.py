"""A family's progress over its completed mappings: the domain self-ratings as a star per
mapping and a line per domain, and every score's change from the first mapping to the latest,
each chart with the table of its numbers beside it (for screen readers and the PDF).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from familieplan.core.languages import Written, isolated
from familieplan.families.models import Domain, Family
from familieplan.mapping import catalogue, charts
from familieplan.mapping.flag_words import flag_lines
from familieplan.mapping.models import Assessment, Response
from familieplan.mapping.texts import shown

DOMAIN_RATING = "domain-rating"


@dataclass
class ScoreRow:
    label: str  # "WHO-5 – prosent (Kari)", as HTML: each part marked with its language
    values: list[float | None]  # one per mapping
    change: float | None
    meaningful: bool  # |change| reaches the instrument's meaningful change
    better: bool | None  # the change is for the better (None: no change or unknown)
    rule: object = None  # the instrument's ScoreRule


@dataclass
class Progress:
    mappings: list[Assessment]
    labels: list[str]
    domains: list[tuple[str, Written]]  # (code, name in the reader's language)
    ratings: list[dict[str, float | None]]  # per mapping: domain code → rating
    radar_svg: str = ""
    line_svg: str = ""
    rows: list[ScoreRow] = field(default_factory=list)
    #: (who, reason, the facts in words) for each flag of the latest mapping
    flags: list[tuple[str, Written, str]] = field(default_factory=list)

    @property
    def rating_table(self) -> list[tuple[Written, list[float | None]]]:
        return [(name, [r.get(code) for r in self.ratings]) for code, name in self.domains]


def progress_of(family: Family, *, people: frozenset | None = None) -> Progress:
    """`people`: only answers about these members (and the whole family) — what one family
    member may see on the family's own pages; None: everything (staff)."""
    mappings = list(
        family.assessments.filter(status=Assessment.Status.COMPLETED).order_by("held_on")
    )
    labels = [f"{m.label} {m.held_on:%m.%Y}" for m in mappings]
    domains = [
        (d.code, d.label)
        for d in Domain.objects.filter(municipality_id=family.municipality_id).order_by(
            "order", "name"
        )
    ]
    responses = Response.objects.filter(assessment__in=mappings, status=Response.Status.FINAL)
    if people is not None:
        responses = responses.filter(Q(member__isnull=True) | Q(member__in=people))
    responses = list(
        responses.select_related("instrument", "member").order_by(
            "instrument_key", "member__birth_date"
        )
    )
    index = {m.pk: i for i, m in enumerate(mappings)}
    ratings: list[dict[str, float | None]] = [{} for _m in mappings]
    for response in responses:
        if response.instrument_key == DOMAIN_RATING and response.member_id is None:
            ratings[index[response.assessment_id]] = {
                key.removeprefix("domain:"): value
                for key, value in response.scores.items()
                if key.startswith("domain:")
            }
    used = {code for r in ratings for code in r}
    domains = [(code, name) for code, name in domains if code in used]
    result = Progress(mappings, labels, domains, ratings)
    result.rows = _score_rows(family, responses, index, len(mappings))
    if mappings:
        latest = mappings[-1].pk
        language = get_language() or "nb"
        result.flags = [
            (
                response.member.first_name if response.member else family.name,
                line.reason,
                line.facts,
            )
            for response in responses
            if response.assessment_id == latest and response.flags
            for line in flag_lines(
                catalogue.spec_for(response.instrument, family.municipality_id),
                response,
                language,
            )
        ]
    if domains and mappings:
        result.radar_svg, result.line_svg = _charts(result)
    return result


def _score_rows(family, responses, index, count) -> list[ScoreRow]:
    language = get_language() or "nb"
    rows: dict[tuple, ScoreRow] = {}
    for response in responses:
        if response.instrument_key == DOMAIN_RATING:
            continue  # in the charts
        spec = catalogue.spec_for(response.instrument, family.municipality_id)
        who = response.member.first_name if response.member else _("familien")
        for rule in spec.scores:
            if rule.kind != "numeric":
                continue
            key = (response.instrument_key, response.member_id, rule.key)
            if key not in rows:
                rows[key] = ScoreRow(
                    label=format_html(
                        "{} – {} ({})",
                        shown(spec.name, language),
                        shown(rule.label, language),
                        isolated(who),
                    ),
                    values=[None] * count,
                    change=None,
                    meaningful=False,
                    better=None,
                    rule=rule,
                )
            rows[key].values[index[response.assessment_id]] = response.scores.get(rule.key)
    for row in rows.values():
        present = [v for v in row.values if v is not None]
        if len(present) >= 2:
            row.change = present[-1] - present[0]
            rule = row.rule
            if rule.meaningful_change is not None:
                row.meaningful = abs(row.change) >= rule.meaningful_change
            if row.change:
                row.better = (row.change > 0) == rule.higher_is_better
    return list(rows.values())


def _charts(progress: Progress) -> tuple[str, str]:
    names = [str(name) for _code, name in progress.domains]
    codes = [code for code, _name in progress.domains]
    comma = get_language() != "en"
    radar = charts.radar_chart(
        title=_("Familiens egen vurdering per livsområde"),
        description=_(
            "Stjernediagram med én akse per livsområde (1–10) og én figur per kartlegging. "
            "Tallene står i tabellen under."
        ),
        axes=names,
        series=[
            charts.Series(label, tuple(r.get(c) for c in codes))
            for label, r in zip(progress.labels, progress.ratings, strict=True)
            if r
        ],
        minimum=1,
        maximum=10,
        ticks=(2, 4, 6, 8, 10),
        decimal_comma=comma,
        empty_text=_("Ingen vurderinger ennå"),
    )
    line = charts.line_chart(
        title=_("Livsområdene over tid"),
        description=_(
            "Linjediagram med én linje per livsområde over kartleggingene (1–10). Tallene "
            "står i tabellen under."
        ),
        x_labels=progress.labels,
        series=[
            charts.Series(str(name), tuple(r.get(code) for r in progress.ratings))
            for code, name in progress.domains
        ],
        minimum=1,
        maximum=10,
        y_label=_("Vurdering 1–10"),
        ticks=(1, 4, 7, 10),
        decimal_comma=comma,
        empty_text=_("Ingen vurderinger ennå"),
    )
    return radar, line

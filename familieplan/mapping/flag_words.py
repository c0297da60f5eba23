"""A final response's flags in words: the reason, and the facts that raised it with the
score's label or the question's text instead of their keys ("Råskår (0–25) 12 < 13",
"«I have felt calm and relaxed» 1 ≤ 1"), each text marked with its language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from familieplan.core.languages import Written
from familieplan.mapping import scoring
from familieplan.mapping.texts import shown

SYMBOLS = {"below": "<", "at_most": "≤", "at_least": "≥", "above": ">"}


@dataclass(frozen=True)
class FlagLine:
    reason: Written
    facts: SafeString


def number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if get_language() == "en" else text.replace(".", ",")


def reason_of(flag: dict, language: str) -> Written:
    """A flag's reason as stored with the answers (one text per language of the instrument)."""
    reason = flag.get("reason") or {}
    if reason.get(language):
        return Written(reason[language], language)
    return Written(reason.get("nb", ""), "nb")


def _fact(spec, fact: scoring.Fact, language: str) -> SafeString:
    try:
        if fact.subject == "score":
            name = shown(spec.score_rule(fact.key).label, language)
        else:
            name = format_html("«{}»", shown(spec.item(fact.key).text, language))
    except KeyError:  # not in this definition: say nothing rather than show a key
        return SafeString("")
    return format_html(
        "{} {} {} {}", name, number(fact.value), SYMBOLS[fact.op], number(fact.limit)
    )


def flag_lines(spec, response, language: str | None = None) -> list[FlagLine]:
    """The flags of a final ``response`` of ``spec`` (its definition as answered)."""
    language = language or get_language() or "nb"
    lines = []
    for flag in response.flags:
        found = scoring.facts(spec, flag.get("key", ""), response.scores, response.answers)
        facts = format_html_join("; ", "{}", ((_fact(spec, f, language),) for f in found))
        lines.append(FlagLine(reason_of(flag, language), facts))
    return lines

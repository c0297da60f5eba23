"""An instrument's texts for one reader: the text in the reader's language where the file has
it, else the text fallen back to, with the language it is really written in (a licensed
wording is shown in its original and marked so, never translated here; decision 0013)."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import get_language

from familieplan.core.languages import Written, marked
from familieplan.mapping.definition import Text


def written(text: Text | None, language: str | None = None) -> Written:
    """``text`` for a reader of ``language`` (default: the active one), with its language."""
    if text is None:
        return Written("")
    value, written_in = text.pick(language or get_language() or "nb")
    return Written(value, written_in)


def shown(text: Text | None, language: str | None = None) -> SafeString:
    """``text`` as HTML, marked with its language when the page is in another one."""
    return marked(written(text, language))


def score_lines(response, language: str | None = None) -> list[tuple[str, str]]:
    """A final response's scores as (label, value) in words for a reader of ``language``:
    the score's label from its instrument, a category by its answer's label, a number with
    the reader's decimal mark — never the score's key."""
    from familieplan.mapping import catalogue

    language = language or get_language() or "nb"
    spec = catalogue.spec_for(response.instrument, response.municipality_id)
    lines = []
    for rule in spec.scores:
        value = response.scores.get(rule.key)
        if value is None:
            continue
        shown = f"{value:.2f}".rstrip("0").rstrip(".")
        if language != "en":
            shown = shown.replace(".", ",")
        if rule.kind == "categorical" and len(rule.items) == 1:
            try:
                choices = {c.value: c.label for c in spec.item(rule.items[0]).scale.choices}
            except KeyError:
                choices = {}
            if value in choices:
                shown = written(choices[value], language).text
        lines.append((written(rule.label, language).text, shown))
    return lines

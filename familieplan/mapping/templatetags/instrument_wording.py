"""``{% untranslated_wording_name spec as wording %}``: the name of the language an instrument's
questions are shown in when only its licensed original wording is loaded (see
``mapping/wording.py``), for the plain note above the questions; else None."""

from django import template

from familieplan.mapping.wording import language_name, untranslated_wording

register = template.Library()


@register.simple_tag
def untranslated_wording_name(spec) -> str | None:
    code = untranslated_wording(spec) if spec is not None else None
    return language_name(code) if code else None

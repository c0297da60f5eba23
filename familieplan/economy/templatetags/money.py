from django import template

from familieplan.lib.money import format_nok

register = template.Library()


@register.filter
def nok(value) -> str:
    """An amount in whole kroner, "12 345 kr"; "–" for none."""
    if value is None or value == "":
        return "–"
    return format_nok(value)


@register.filter
def nok_unsigned(value) -> str:
    """An amount without its sign, where the words or a mark say in or out."""
    if value is None or value == "":
        return "–"
    return format_nok(abs(value))

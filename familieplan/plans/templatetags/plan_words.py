"""The plan's stored values in words on the history page:
`{{ m.status|plan_value:"measure.status" }}` (a status by its label) and
`{{ goal.domain|plan_domain }}` (a shipped default life domain in the reader's language)."""

from django import template

from familieplan.plans import diff

register = template.Library()


@register.filter
def plan_value(value, where: str) -> str:
    """``where`` is ``"<kind>.<field>"`` of the snapshot: plan, goal or measure."""
    kind, _dot, name = where.partition(".")
    return diff.value_text(kind, name, value)


@register.filter
def plan_domain(name: str) -> str:
    return diff.domain_name(name or "")

"""Template helpers: Designsystemet form widgets tied to their help and error texts, role
names, and data marked with its language (`lang`, `bdi`)."""

from django import template
from django.forms import CheckboxInput, CheckboxSelectMultiple, RadioSelect, Select, Textarea

register = template.Library()


@register.simple_tag
def ds_widget(field):
    """Render a bound field's widget with Designsystemet classes and ARIA links."""
    widget = field.field.widget
    css = "ds-input"
    if isinstance(widget, CheckboxInput):
        css = "ds-input ds-checkbox"
    elif isinstance(widget, RadioSelect | CheckboxSelectMultiple):
        css = ""
    elif isinstance(widget, Select):
        css = "ds-input ds-select"
    elif isinstance(widget, Textarea):
        css = "ds-input ds-textarea"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs = {}
    if css:
        attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def role_labels(codes: str) -> str:
    """Role codes as stored in the log ("coordinator,team_lead") → their names."""
    from familieplan.core.roles import Role

    labels = dict(Role.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes.split(",") if code)


@register.filter
def is_choice_group(field) -> bool:
    """Radio buttons and checkbox lists: a fieldset with a legend, not one label."""
    return isinstance(field.field.widget, RadioSelect | CheckboxSelectMultiple)


@register.filter(is_safe=True)
def lang(value, language=None):
    """Data written in one language, marked with it on a page in another (decision 0013):
    ``{{ measure.what|lang }}`` (what staff typed: bokmål), ``{{ text|lang:"en" }}``; a
    `Written` value brings its own language. Escapes unless the value is already safe."""
    from familieplan.core.languages import marked

    return marked(value, language)


@register.filter(is_safe=True)
def bdi(value):
    """A person's name, or text in a language nobody knows (what a family member typed),
    isolated for direction: ``<bdi>…</bdi>``. Escapes unless the value is already safe."""
    from familieplan.core.languages import isolated

    return isolated(value)


@register.filter
def object_type_label(code: str) -> str:
    """An access-log object type ("families.family", "portal.copy") in words."""
    from familieplan.core.object_types import object_type_label as label

    return label(code)


@register.simple_tag
def destination(name: str, *args) -> str:
    """The path of a named place another app offers (core/extensions.py `Destination`), or ""
    when no installed app offers it: `{% destination "staff.meeting" family.pk id as url %}`."""
    from familieplan.core import extensions

    return extensions.url_for(name, *args) or ""

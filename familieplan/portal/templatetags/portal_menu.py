"""The family's menu: the portal's own pages and those other apps add (core/extensions.py)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from familieplan.core import extensions

register = template.Library()


@register.inclusion_tag("portal/_menu.html", takes_context=True)
def portal_menu(context):
    request = context["request"]
    viewer = context.get("viewer")
    match = request.resolver_match
    current = match.view_name if match else ""
    current_key = match.kwargs.get("key", "") if match else ""
    items = []
    for page in extensions.portal_pages():
        if viewer is not None and not page.shown(viewer):
            continue
        if page.url_name:
            url, here = reverse(page.url_name), current == page.url_name
        else:
            url = reverse("portal:app_page", args=[page.key])
            here = current == "portal:app_page" and current_key == page.key
        items.append({"label": page.label, "url": url, "current": here})
    return {"items": items}

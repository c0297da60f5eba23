"""The idle warning's settings on the page (templates/base.html, static/familieplan/idle.js)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


def _warning_seconds() -> int:
    return min(int(settings.SESSION_IDLE_WARNING_SECONDS), int(settings.SESSION_COOKIE_AGE))


@register.simple_tag
def idle_attributes() -> str:
    """The <body>'s data attributes: how long a session lasts without a request, how long
    before its end the warning comes, and where «Fortsett å være innlogget» posts."""
    return format_html(
        ' data-idle-seconds="{}" data-idle-warning-seconds="{}" data-keep-alive-url="{}"',
        int(settings.SESSION_COOKIE_AGE),
        _warning_seconds(),
        reverse("core:keep_alive"),
    )


@register.simple_tag
def idle_warning_minutes() -> int:
    """The warning's lead time in whole minutes, as the dialog says it (at least one)."""
    return max(1, round(_warning_seconds() / 60))

"""Deployment checks (`manage.py check --deploy`) for settings whose mistakes are silent."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_address_trusted(app_configs, **kwargs):
    """Behind a proxy without trusting its header, every client has the proxy's address: the
    access log names the proxy, and the lockout per address locks every user out together."""
    behind_proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None
    if behind_proxy and not settings.FAMILIEPLAN_TRUST_X_FORWARDED_FOR:
        return [
            Warning(
                "DJANGO_BEHIND_TLS_PROXY is on but FAMILIEPLAN_TRUST_X_FORWARDED_FOR is off: "
                "every client gets the proxy's address in the access log and the login lockout.",
                hint="Set FAMILIEPLAN_TRUST_X_FORWARDED_FOR=true (and FAMILIEPLAN_TRUSTED_PROXIES "
                "if several proxies add to the header).",
                id="familieplan.W001",
            )
        ]
    return []

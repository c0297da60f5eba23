"""The accounts app's entries in the site's menu (core/extensions.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import Destination, Extension, MainLink
from familieplan.core.roles import Role


def extension() -> Extension:
    return Extension(
        app="accounts",
        urls="familieplan.accounts.urls",
        url_prefix="accounts/",
        main_links=(
            MainLink(
                _("Endringslogg for administrasjonen"),
                "accounts:admin_log",
                frozenset({Role.PRIVACY_OFFICER, Role.ADMINISTRATOR}),
                order=90,
            ),
            MainLink(_("Mine innstillinger"), "accounts:settings", frozenset(), order=100),
        ),
        destinations=(Destination("accounts.logout", lambda: reverse("accounts:logout")),),
    )

"""What core adds through its own contract: the start page, the access log and the admin in
the site's menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import Extension, MainLink
from familieplan.core.roles import Role


def extension() -> Extension:
    return Extension(
        app="core",
        urls="familieplan.core.urls",
        url_prefix="",
        main_links=(
            MainLink(_("Start"), "core:home", frozenset(), order=0),
            MainLink(
                _("Innsynslogg"),
                "core:access_log",
                frozenset({Role.PRIVACY_OFFICER}),
                order=80,
                start=_("Søk i innsynsloggen"),
            ),
            MainLink(
                _("Administrasjon"),
                "admin:index",
                frozenset({Role.ADMINISTRATOR}),
                order=110,
                admin_users_only=True,
                start=_("Administrer enheter og brukere"),
            ),
        ),
    )

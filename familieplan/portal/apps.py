from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "familieplan.portal"
    label = "portal"
    verbose_name = _("Familiens side")

    def ready(self) -> None:
        from familieplan.core.extensions import register
        from familieplan.portal.extension import extension

        register(extension())  # what this app adds to the others (core/extensions.py)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnerPortalConfig(AppConfig):
    name = "familieplan.partner_portal"
    label = "partner_portal"
    verbose_name = _("Samarbeidspartnerens sider")

    def ready(self) -> None:
        from familieplan.core.extensions import register
        from familieplan.partner_portal.extension import extension

        register(extension())  # what this app adds to the others (core/extensions.py)

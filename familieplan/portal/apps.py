from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "familieplan.portal"
    label = "portal"
    verbose_name = _("Familiens side")

    def ready(self) -> None:
        from familieplan.families.hooks import register_family_section
        from familieplan.portal import staff_views

        register_family_section("portal/_family_section.html", staff_views.family_section)

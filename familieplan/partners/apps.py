from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "familieplan.partners"
    label = "partners"
    verbose_name = _("Samarbeidspartnere og samtykke")

    def ready(self) -> None:
        from familieplan.core.extensions import register
        from familieplan.partners.extension import extension

        register(extension())  # what this app adds to the others (core/extensions.py)

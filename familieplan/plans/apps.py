from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "familieplan.plans"
    label = "plans"
    verbose_name = _("Familiens plan")

    def ready(self) -> None:
        from familieplan.core.extensions import register
        from familieplan.plans.extension import extension

        register(extension())  # what this app adds to the others (core/extensions.py)

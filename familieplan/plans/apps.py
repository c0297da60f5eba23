from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "familieplan.plans"
    label = "plans"
    verbose_name = _("Familiens plan")

    def ready(self) -> None:
        from familieplan.plans import counters

        counters.register()

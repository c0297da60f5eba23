from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdayConfig(AppConfig):
    name = "familieplan.workday"
    label = "workday"
    verbose_name = _("Arbeidsdagen")

    def ready(self) -> None:
        from familieplan.core.extensions import register
        from familieplan.workday.extension import extension

        register(extension())  # what this app adds to the others (core/extensions.py)

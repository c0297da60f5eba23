from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "familieplan.core"
    label = "core"
    verbose_name = _("Kommuner, enheter og innsynslogg")

    def ready(self) -> None:
        from familieplan.core.extension import extension
        from familieplan.core.extensions import register

        register(extension())  # what this app adds to the others (core/extensions.py)
        from familieplan.core import checks  # noqa: F401  (registers the deploy checks)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "familieplan.journal"
    label = "journal"
    verbose_name = _("Oppfølging")

    def ready(self) -> None:
        from familieplan.core.extensions import register
        from familieplan.journal.extension import extension

        register(extension())  # what this app adds to the others (core/extensions.py)

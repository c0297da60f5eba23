from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "familieplan.meetings"
    label = "meetings"
    verbose_name = _("Møter")

    def ready(self) -> None:
        from familieplan.core.extensions import register
        from familieplan.meetings.extension import extension

        register(extension())  # what this app adds to the others (core/extensions.py)

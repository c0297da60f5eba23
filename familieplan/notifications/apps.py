from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "familieplan.notifications"
    label = "notifications"
    verbose_name = _("Varsler")

    def ready(self) -> None:
        from familieplan.core.extensions import register
        from familieplan.notifications import receivers
        from familieplan.notifications.extension import extension
        from familieplan.outbox.signals import email_failed

        register(extension())  # what this app adds to the others (core/extensions.py)
        email_failed.connect(receivers.email_failed, dispatch_uid="notifications.email_failed")

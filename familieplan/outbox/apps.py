from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "familieplan.outbox"
    label = "outbox"
    verbose_name = _("Utgående e-post og SMS")

    def ready(self):
        from familieplan.core.outbound import register_email_queue
        from familieplan.outbox.services import email_queue

        register_email_queue(email_queue)

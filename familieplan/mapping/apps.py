from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_shipped_instruments(sender, using="default", **kwargs) -> None:
    """After every migrate (and a test database's flush): the shipped instrument files."""
    from familieplan.mapping import catalogue

    catalogue.sync_shipped()


class MappingConfig(AppConfig):
    name = "familieplan.mapping"
    label = "mapping"
    verbose_name = _("Kartlegging")

    def ready(self) -> None:
        from familieplan.core.extensions import register
        from familieplan.families.hooks import register_enrolment_listener
        from familieplan.mapping import services
        from familieplan.mapping.extension import extension

        register(extension())  # what this app adds to the others (core/extensions.py)
        register_enrolment_listener(services.refresh_schedule)
        post_migrate.connect(_load_shipped_instruments, sender=self)

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_shipped(sender, using="default", **kwargs) -> None:
    """After every migrate (and a test database's flush): the shipped schemes and rates."""
    from familieplan.economy import shipped

    shipped.sync_shipped()


class EconomyConfig(AppConfig):
    name = "familieplan.economy"
    label = "economy"
    verbose_name = _("Økonomi")

    def ready(self) -> None:
        from familieplan.core.extensions import register
        from familieplan.economy.extension import extension

        register(extension())  # what this app adds to the others (core/extensions.py)
        post_migrate.connect(_load_shipped, sender=self)

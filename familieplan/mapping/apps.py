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
        from familieplan.families.hooks import (
            register_enrolment_listener,
            register_family_section,
        )
        from familieplan.mapping import counters, services, views

        counters.register()
        register_enrolment_listener(services.refresh_schedule)
        register_family_section("mapping/_family_section.html", views.family_section)
        post_migrate.connect(_load_shipped_instruments, sender=self)

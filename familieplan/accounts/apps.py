from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "familieplan.accounts"
    label = "accounts"
    verbose_name = _("Brukere og roller")

    def ready(self) -> None:
        from familieplan.accounts.extension import extension
        from familieplan.core.extensions import register

        register(extension())  # what this app adds to the others (core/extensions.py)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "familieplan.families"
    label = "families"
    verbose_name = _("Familier")

    def ready(self):
        from familieplan.core.extensions import register
        from familieplan.families.extension import extension

        register(extension())  # what this app adds to the others (core/extensions.py)
        # ID-porten login (accounts.oidc) asks families who an identity number belongs to.
        from familieplan.accounts.oidc import register_identity_lookup
        from familieplan.families.identity_login import member_logins

        register_identity_lookup(member_logins)

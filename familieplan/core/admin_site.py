from django.utils.translation import gettext_lazy as _


def configure_admin_site(site) -> None:
    site.site_header = _("Familieplan – administrasjon")
    site.site_title = _("Familieplan")
    site.index_title = _("Oppsett for kommunen")

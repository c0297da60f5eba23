"""The site's URLconf: every app's pages at the prefix its extension gives
(core/extensions.py), then the Django admin. No app is named here."""

from django.contrib import admin
from django.urls import include, path

from familieplan.core import extensions
from familieplan.core.admin_site import configure_admin_site

configure_admin_site(admin.site)

urlpatterns = [path(prefix, include(module)) for prefix, module in extensions.url_mounts()]
urlpatterns.append(path("admin/", admin.site.urls))

handler400 = "familieplan.core.views.errors.bad_request"
handler403 = "familieplan.core.views.errors.permission_denied"
handler404 = "familieplan.core.views.errors.page_not_found"
handler500 = "familieplan.core.views.errors.server_error"

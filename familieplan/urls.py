from django.contrib import admin
from django.urls import include, path

from familieplan.core.admin_site import configure_admin_site

configure_admin_site(admin.site)

urlpatterns = [
    path("", include("familieplan.core.urls")),
    path("accounts/", include("familieplan.accounts.urls")),
    path("families/", include("familieplan.families.urls")),
    path("plans/", include("familieplan.plans.urls")),
    path("partners/", include("familieplan.partners.urls")),
    path("meetings/", include("familieplan.meetings.urls")),
    path("journal/", include("familieplan.journal.urls")),
    path("mapping/", include("familieplan.mapping.urls")),
    path("partner/", include("familieplan.partner_portal.urls")),
    path("family/", include("familieplan.portal.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "familieplan.core.views.errors.bad_request"
handler403 = "familieplan.core.views.errors.permission_denied"
handler404 = "familieplan.core.views.errors.page_not_found"
handler500 = "familieplan.core.views.errors.server_error"

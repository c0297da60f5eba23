"""The Django admin, as one rule over all its URL patterns (tests/matrix.py `ADMIN_NAMESPACE`).

Nobody but the administrator gets an admin page: every other persona is sent to the admin's
login, on GET and on POST, whatever the page. The administrator's own pages without an object
are listed here: the models they manage answer, the operations' own are closed. What the
administrator sees on those pages (only their municipality's rows, no case data) is tested in
tests/admin/ (test_takeover.py `test_admin_b_sees_nothing_of_municipality_a`, test_case_data.py
`test_no_admin_page_shows_case_data`) and tests/test_admin_scoping.py; the object pages there too.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse

from tests.matrix import ADMIN_NAMESPACE, PUBLIC
from tests.urlwalk import Route, routes

#: Models the administrator does not manage at all (operations keep them): 403.
CLOSED = {
    "auth_group",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "django_tasks_database_dbtaskresult",
}
#: Models the administrator reads (or changes) but never adds to: the add page answers 403.
NO_ADD = {
    "core_municipality",
    "accounts_adminauditentry",
    "outbox_outgoingemail",
    "outbox_outgoingsms",
}
#: The admin site's own pages: (GET, POST) for the administrator.
SITE = {
    "admin:index": (200, 200),
    "admin:password_change": (200, 200),
    "admin:password_change_done": (200, 405),
    "admin:autocomplete": (403, 405),  # without the field it asks for
}


def registered() -> list[str]:
    """`app_model` of every model in the admin."""
    return sorted(f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry)


def admin_routes() -> list[Route]:
    """Every admin URL pattern but the public ones, as a path (an app's page for each app)."""
    found = []
    for route in routes():
        if not route.name.startswith(ADMIN_NAMESPACE) or route.name in PUBLIC:
            continue
        if route.name == "admin:app_list":
            labels = sorted({m._meta.app_label for m in admin.site._registry})
            found += [
                Route(reverse("admin:app_list", args=[label]), route.name) for label in labels
            ]
        else:
            found.append(route)
    return found


def administrator_pages() -> dict[str, tuple[int, int]]:
    """Path → (GET, POST) for the administrator: the site's pages, every model's list and
    add page."""
    pages = {reverse(name): both for name, both in SITE.items()}
    for key in registered():
        listing = 403 if key in CLOSED else 200
        adding = 403 if key in CLOSED or key in NO_ADD else 200
        pages[reverse(f"admin:{key}_changelist")] = (listing, listing)
        pages[reverse(f"admin:{key}_add")] = (adding, adding)
    return pages

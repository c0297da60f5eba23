from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from familieplan.core import extensions
from familieplan.core.roles import Role

STAFF_ROLES = frozenset(
    {
        Role.COORDINATOR,
        Role.TEAM_LEAD,
        Role.PARTNER,
        Role.RESEARCHER,
        Role.ADMINISTRATOR,
        Role.PRIVACY_OFFICER,
    }
)


def offered_languages(user) -> list[tuple[str, str]]:
    """All languages for family members and visitors (the login pages); bokmål and English for
    anyone with a staff role, since staff pages are translated into those two only. A staff
    user whose remembered language is a family-only one still sees it listed, as chosen."""
    codes = settings.FAMILY_LANGUAGES
    if user is not None and user.is_authenticated:
        roles = user.role_codes()
        if roles & STAFF_ROLES or not roles:
            codes = list(settings.STAFF_LANGUAGES)
            current = translation.get_language()
            if current in settings.FAMILY_LANGUAGES and current not in codes:
                codes.append(current)
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in codes if code in names]


def navigation(request):
    """The site's menu: every app's `MainLink` (core/extensions.py) for the roles it names."""
    user = getattr(request, "user", None)
    links = []
    logout_url = None
    header_items: object = []
    if user is not None and user.is_authenticated:
        links = [
            {"label": link.label, "url_name": link.url_name, "url": reverse(link.url_name)}
            for link in extensions.main_links_for(user)
        ]
        logout_url = extensions.url_for("accounts.logout")
        # Read only where a template shows the header (base.html), not for every fragment
        # htmx swaps in: the bell's count is a query.
        header_items = SimpleLazyObject(lambda: header_items_for(request))
    return {
        "header_items": header_items,
        "languages": offered_languages(user),
        "demo_mode": settings.DEMO_MODE,
        "main_links": links,
        "logout_url": logout_url,
    }


def header_items_for(request) -> list[dict]:
    """The header's items from every app (the bell), each with its own template and context."""
    items = []
    for item in extensions.header_items():
        context = item.context(request)
        if context is not None:
            items.append({"template": item.template, "context": context})
    return items

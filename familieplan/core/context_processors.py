from django.conf import settings
from django.utils import translation

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
    user = getattr(request, "user", None)
    nav = {}
    if user is not None and user.is_authenticated:
        roles = user.role_codes()
        nav = {
            "families": bool(roles & {Role.COORDINATOR, Role.TEAM_LEAD}),
            "partners": bool(roles & {Role.COORDINATOR, Role.TEAM_LEAD, Role.ADMINISTRATOR}),
            "partner_portal": Role.PARTNER in roles,
            "portal": Role.FAMILY_MEMBER in roles,
            "access_log": Role.PRIVACY_OFFICER in roles,
            "admin_log": bool(roles & {Role.PRIVACY_OFFICER, Role.ADMINISTRATOR}),
            "figures": bool(roles & {Role.TEAM_LEAD, Role.ADMINISTRATOR}),
            "admin": user.is_staff and (Role.ADMINISTRATOR in roles or user.is_superuser),
        }
    return {"languages": offered_languages(user), "demo_mode": settings.DEMO_MODE, "perms_nav": nav}

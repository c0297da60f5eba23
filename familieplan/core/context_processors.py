from django.conf import settings

from familieplan.core.roles import Role


def navigation(request):
    user = getattr(request, "user", None)
    nav = {}
    if user is not None and user.is_authenticated:
        roles = user.role_codes()
        nav = {
            "families": bool(roles & {Role.COORDINATOR, Role.TEAM_LEAD}),
            "partners": bool(roles & {Role.COORDINATOR, Role.TEAM_LEAD, Role.ADMINISTRATOR}),
            "partner_portal": Role.PARTNER in roles,
            "access_log": Role.PRIVACY_OFFICER in roles,
            "figures": bool(roles & {Role.TEAM_LEAD, Role.ADMINISTRATOR}),
            "admin": user.is_staff and (Role.ADMINISTRATOR in roles or user.is_superuser),
        }
    return {"languages": settings.LANGUAGES, "demo_mode": settings.DEMO_MODE, "perms_nav": nav}

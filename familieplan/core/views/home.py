from django.shortcuts import redirect, render

from familieplan.core.roles import Role


def home(request):
    """Start page: what this user can do, by role."""
    roles = request.user.role_codes()
    if roles == {Role.FAMILY_MEMBER}:  # the family's own entrance
        return redirect("portal:home")
    return render(
        request,
        "core/home.html",
        {
            "memberships": request.user.active_memberships,
            "is_case_worker": bool(roles & {Role.COORDINATOR, Role.TEAM_LEAD}),
            "is_privacy_officer": Role.PRIVACY_OFFICER in roles,
            "is_partner": Role.PARTNER in roles,
            "is_administrator": Role.ADMINISTRATOR in roles and request.user.is_staff,
        },
    )

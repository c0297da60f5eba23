from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from familieplan.core import extensions
from familieplan.core.roles import Role


@require_safe
def home(request):
    """Start page: what this user can do, by role."""
    roles = request.user.role_codes()
    if len(roles) == 1:  # a role with its own entrance (the family's pages)
        home = extensions.home_for(next(iter(roles)))
        if home:
            return redirect(home)
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

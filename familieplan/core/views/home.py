from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from familieplan.core import extensions


@require_safe
def home(request):
    """Start page: what this user can do, by role."""
    roles = request.user.role_codes()
    if len(roles) == 1:  # a role with its own entrance (the family's pages)
        home = extensions.home_for(next(iter(roles)))
        if home:
            return redirect(home)
    cards = [
        {"label": link.start, "url": reverse(link.url_name)}
        for link in extensions.main_links_for(request.user)
        if link.start
    ]
    sections = []
    for section in extensions.start_sections():
        context = section.context(request)
        if context is not None:
            sections.append({"template": section.template, "context": context})
    return render(
        request,
        "core/home.html",
        {"memberships": request.user.active_memberships, "cards": cards, "sections": sections},
    )

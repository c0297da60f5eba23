"""«Fortsett å være innlogget»: the idle warning's button (static/familieplan/idle.js)."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_POST


@require_POST
def keep_alive(request):
    """A request by a logged-in person: the session runs `SESSION_COOKIE_AGE` from now (every
    request is saved, settings.SESSION_SAVE_EVERY_REQUEST). Nothing to show: 204."""
    request.session.modified = True
    return HttpResponse(status=204)

from typing import Literal, cast

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

#: What a cookie's SameSite may be (settings.LANGUAGE_COOKIE_SAMESITE is one of them).
SameSite = Literal["Lax", "Strict", "None", False] | None


@login_not_required
@require_POST
def set_language(request):
    """Switch language; remembered in a cookie and, for a logged-in person, on their user."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite=cast(SameSite, settings.LANGUAGE_COOKIE_SAMESITE),
            httponly=True,
        )
        if request.user.is_authenticated and request.user.language != language:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response

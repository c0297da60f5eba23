"""Activate a logged-in user's chosen language (remembered per person), for this request only."""

from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request.user, "language", "")
        if not language:
            return self.get_response(request)
        request.LANGUAGE_CODE = language
        # Restored afterwards, so nothing else this thread runs (a background task, the next
        # request before its own middleware runs) inherits the person's language.
        with translation.override(language):
            return self.get_response(request)

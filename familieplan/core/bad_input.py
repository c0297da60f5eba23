"""A NUL byte in the address or the query string is refused with a clear 400 page, before
any view runs.

No name, word, date or id contains one, PostgreSQL cannot store or compare one in text (the
query fails), and a search box sends what was typed or pasted. Form fields refuse it on the
form itself, with a message next to the field (Django's CharField does); this covers what is
read from the query string and the path, where there is no form to answer on.
"""

from __future__ import annotations

from django.shortcuts import render

NUL = "\x00"


def has_nul(request) -> bool:
    if NUL in request.path:
        return True
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()
    )


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return render(request, "errors/bad_characters.html", status=400)
        return self.get_response(request)

"""A page as a PDF download: the same HTML template the browser shows, rendered by WeasyPrint
(links and images resolved against the site), with a file name the browser saves it under."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def pdf_response(request: HttpRequest, html: str, filename: str) -> HttpResponse:
    from weasyprint import HTML  # imported here: only the downloads need it (it loads slowly)

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

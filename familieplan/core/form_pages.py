"""The one form page every app uses (templates/includes/form_page.html), and service errors
put on the form: a ValidationError from a service names model fields; known ones go next to
their input, the rest into the error summary."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render


def form_page(request, form, *, title, submit, back_url: str, back_label: str, intro: str = ""):
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "back_url": back_url,
            "back_label": back_label,
        },
    )


def add_service_errors(form, error: ValidationError, mapping: dict | None = None) -> None:
    """`mapping` renames service fields to form fields (e.g. starts_at → start_time)."""
    mapping = mapping or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = mapping.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)

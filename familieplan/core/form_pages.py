"""The one form page every app uses (templates/includes/form_page.html), service errors put on
the form, and the one way a form is saved (`submit`).

A ValidationError from a service names model fields; known ones go next to their input, the
rest into the error summary. `submit` saves a form once, from the version it was made from
(core/concurrency.py): a second press of a form that made a record finds that record, an edit
of a row someone else saved meanwhile shows their values beside the editor's input.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.shortcuts import render

from familieplan.core.concurrency import (
    ALREADY_SAVED,
    StaleEdit,
    StoredValue,
    check_version,
    create_once,
    show_stale,
)
from familieplan.core.kept_forms import restore_kept


def form_page(
    request,
    form,
    *,
    title,
    submit,
    back_url: str,
    back_label: str,
    intro: str = "",
    draft=None,
):
    """`draft`: the form keeps drafts as it is typed (`core.drafts.offer_draft`)."""
    restore_kept(request, form)  # text typed before the session ended (core/kept_forms.py)
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
            "draft": draft,
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


@dataclass(frozen=True)
class Saved:
    """What `submit` did: `row` is what the form saved (None: the form shows why not);
    `first` is False when this was a second press of a form saved before."""

    row: object = None
    first: bool = True

    def __bool__(self) -> bool:
        return self.row is not None


def already_submitted(form, model: type[models.Model], *, within: dict):
    """The record an earlier press of this same form made (its token), or None."""
    token = _posted_token(form)
    if token is None:
        return None
    return model._base_manager.filter(**within, submit_token=token).first()


def _posted_token(form) -> uuid.UUID | None:
    if "submit_token" not in form.fields:
        return None
    try:
        return uuid.UUID(str(form.data.get(form.add_prefix("submit_token"), "")))
    except ValueError:
        return None


def submit(
    form,
    *,
    save: Callable[[], object],
    creates: type[models.Model] | None = None,
    within: dict | None = None,
    edits: models.Model | None = None,
    stored: Callable[[models.Model], list[StoredValue]] | None = None,
    errors: dict | None = None,
) -> Saved:
    """Validate `form` and run `save()` in one transaction.

    `creates`: the model of the record `save()` returns, made once per form token `within`
    its municipality (or parent): a second press returns the first record, whether or not
    the form would still validate. `edits`: the row whose version the form carries; another
    version refuses the save and the form shows `stored(current)` (by default, for a
    ModelForm, its fields as stored now). A ValidationError from `save()` goes on the form
    (`errors` renames service fields to form fields)."""
    if creates is not None:
        if within is None:
            raise TypeError("submit(creates=...) needs within=...")
        found = already_submitted(form, creates, within=within)
        if found is not None:
            return Saved(found, first=False)
    if not form.is_valid():
        return Saved()

    def run():
        if edits is not None and "version" in form.fields:
            check_version(edits, form.cleaned_data.get("version"))
        return save()

    try:
        with transaction.atomic():
            if creates is None:
                return Saved(run())
            assert within is not None  # checked above, with creates
            row, first = create_once(
                creates, within=within, token=form.cleaned_data.get("submit_token"), create=run
            )
            return Saved(row, first)
    except StaleEdit as stale:
        if show_stale(form, stale, stored(stale.current) if stored else None):
            return Saved()
        return Saved(edits, first=False)  # the same edit, saved by an earlier press
    except ValidationError as error:
        add_service_errors(form, error, errors)
        return Saved()


def saved_message(request, saved: Saved, text: str) -> None:
    """The success message, or for a second press: saved once, here it is."""
    if saved.first:
        messages.success(request, text)
    else:
        messages.info(request, ALREADY_SAVED)

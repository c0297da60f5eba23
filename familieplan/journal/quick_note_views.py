"""The quick note: a contact, its ordinary note and the minutes spent, in a few fields, from the
family page or the caseload row.

One view answers three ways. An htmx request (the link opens the form in place) gets the form
as a fragment that assumes nothing about the page around it; a save answers with a redirect
to the fragment that says it was saved (`?saved=<contact>`: post/redirect/get, so the access
log records the create), errors come back in the fragment. A plain request gets the form as a
page and, once saved, goes back to the family page with a message. «Flere felt» moves what was
typed to the full contact form (as that form's draft, so no case text travels in an address).

Nothing typed is lost: the form keeps a draft as it is typed (core/drafts.py), and a quick note
sent after the session ended is saved after the same person has logged in again
(`kept_forms.replayed_after_login`), or comes back with its errors.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from familieplan.core import drafts, extensions
from familieplan.core.access import Action
from familieplan.core.concurrency import ALREADY_SAVED
from familieplan.core.form_pages import submit
from familieplan.core.kept_forms import replayed_after_login, replayed_from, restore_kept
from familieplan.families.access import access_family
from familieplan.journal import services
from familieplan.journal.draft_forms import CONTACT, QUICK_NOTE
from familieplan.journal.forms import QuickNoteForm
from familieplan.journal.models import Contact, Note


def _within(family) -> dict:
    return {"municipality_id": family.municipality_id}


@replayed_after_login
def quick_note(request, family_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    if request.method == "GET" and "saved" in request.GET:
        return _answer(request, "journal/quick_note_saved.html", _saved_context(request, family))
    form = QuickNoteForm(request.POST if request.method == "POST" else None, family=family)
    if request.method == "POST" and "more" in request.POST:
        moved = _to_full_form(request, family)
        if moved is not None:
            return moved
        form.is_valid()  # too much to move: the form says what is too long
    elif request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.quick_note_record(
                family=family, by=request.user, **form.service_data
            ),
            creates=Contact,
            within=_within(family),
            errors={"at": "day", "summary": "text"},
        )
        if saved:
            drafts.draft_discard(user=request.user, name=QUICK_NOTE, target=family)
            return _after_save(request, family, saved)
        if replayed_from(request):
            messages.warning(
                request,
                _(
                    "Du ble logget ut før notatet ble lagret, og noe må rettes. Det du skrev, "
                    "står i skjemaet."
                ),
            )
    draft = drafts.offer_draft(
        request, form, name=QUICK_NOTE, target=family, creates=Contact, within=_within(family)
    )
    restore_kept(request, form)  # (a kept POST of a view that is replayed is sent, not shown)
    return _answer(
        request,
        "journal/quick_note_fragment.html",
        {"family": family, "form": form, "draft": draft},
    )


def _url(family) -> str:
    return reverse("journal:quick_note", args=[family.pk])


def _answer(request, fragment: str, context: dict):
    """The fragment for htmx (opened in place), else a page around it."""
    context = {
        **context,
        "fragment": fragment,
        "quick_note_url": _url(context["family"]),
        "errors_id": f"quick-note-{context['family'].pk}-errors",
        "inline": bool(request.htmx),
    }
    template = fragment if request.htmx else "journal/quick_note.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _after_save(request, family, saved):
    if request.htmx:
        query = f"?saved={saved.row.pk}" + ("" if saved.first else "&again=1")
        return redirect(_url(family) + query)
    back = replayed_from(request)
    if back is not None:
        text = _("Notatet ditt ble lagret etter at du logget inn igjen.")
        messages.success(request, text if saved.first else ALREADY_SAVED)
        if back.split("?")[0] == _url(family):  # sent from the quick note's own page
            back = None
    else:
        messages.success(request, _("Notatet er lagret.") if saved.first else ALREADY_SAVED)
    return redirect(back or reverse("families:detail", args=[family.pk]))


def _saved_context(request, family) -> dict:
    try:
        contact_id = uuid.UUID(request.GET.get("saved", ""))
    except ValueError:
        contact_id = None
    contact = family.contacts.filter(pk=contact_id).first() if contact_id else None
    note = family.notes.filter(contact=contact).order_by("created_at").first() if contact else None
    return {
        "family": family,
        "contact": contact,
        "note": note,
        "again": request.GET.get("again") == "1",
        "timeline_url": reverse("journal:timeline", args=[family.pk]),
    }


def _to_full_form(request, family):
    """«Flere felt»: what was typed becomes the full contact form's draft (the text as the
    contact's ordinary note, its first line as the summary), and the person goes there.
    None when it is more than a draft holds (the quick note then shows what is too long)."""
    posted = request.POST
    text = posted.get("text", "")
    typed = {
        "kind": [posted.get("kind", "")],
        "day": [posted.get("day", "")],
        "minutes": [posted.get("minutes", "")],
        "members": posted.getlist("members"),
        "summary": [services.summary_of(text)],
        "note": [text],
        "note_level": [Note.Level.ORDINARY],
    }
    form = extensions.draft_form(CONTACT)
    if form is not None:
        try:
            drafts.draft_save(user=request.user, form=form, target=family, data=typed, token=None)
        except drafts.DraftTooLarge:
            return None
    drafts.draft_discard(user=request.user, name=QUICK_NOTE, target=family)
    full = reverse("journal:contact_create", args=[family.pk])
    return HttpResponseClientRedirect(full) if request.htmx else redirect(full)

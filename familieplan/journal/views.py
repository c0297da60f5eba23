"""Pages of the follow-up record: the family's timeline, new contacts, notes, corrections and
time, search across what the user may read, and the time overview with exports.

Family pages reach the family through `families.access.access_family` (logged); notes are
fetched through the visibility filter, so a note the user may not read is a 404.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familieplan.core import drafts
from familieplan.core.access import Action, Subject, home_municipality, log_shown
from familieplan.core.form_pages import form_page, saved_message, submit
from familieplan.core.query import query_moment
from familieplan.core.roles import Role
from familieplan.families.access import access_family, can_write_family
from familieplan.families.models import Family
from familieplan.journal import draft_forms, services
from familieplan.journal.exports import time_export
from familieplan.journal.forms import (
    ContactForm,
    CorrectionForm,
    NoteForm,
    PeriodForm,
    TimeEntryForm,
)
from familieplan.journal.models import Contact, Note, TimeEntry
from familieplan.journal.search import search as run_search
from familieplan.journal.time_overview import overview
from familieplan.journal.timeline import kinds as timeline_kinds
from familieplan.journal.timeline import timeline
from familieplan.journal.visibility import staff_note_filter

STAFF = (Role.COORDINATOR, Role.TEAM_LEAD)


def _form_page(request, family, form, *, title, submit, intro="", draft=None):
    return form_page(
        request,
        form,
        title=title,
        submit=submit,
        intro=intro,
        back_url=reverse("journal:timeline", args=[family.pk]),
        back_label=_("Oppfølging: %(family)s") % {"family": family.name},
        draft=draft,
    )


def _draft(request, family, form, name: str, creates):
    """The form keeps a draft as it is typed (core/drafts.py), filled from it on a GET."""
    return drafts.offer_draft(
        request, form, name=name, target=family, creates=creates, within=_within(family)
    )


@require_safe
def family_timeline(request, family_id):
    family = access_family(request, family_id)
    kinds = timeline_kinds()
    chosen = {k for k in request.GET.getlist("kinds") if k in kinds} or set(kinds)
    before = query_moment(request, "before")
    events, next_before = timeline(request.user, family, kinds=chosen, before=before)
    return render(
        request,
        "journal/timeline.html",
        {
            "family": family,
            "can_write": can_write_family(request.user, family),
            "events": events,
            "kinds": kinds,
            "chosen": chosen,
            "next_before": next_before.isoformat() if next_before else "",
            "all_chosen": chosen == set(kinds),
        },
    )


def _within(family) -> dict:
    return {"municipality_id": family.municipality_id}


def contact_create(request, family_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    form = ContactForm(request.POST or None, family=family)

    def record():
        data = form.cleaned_data
        contact = services.contact_record(
            family=family,
            by=request.user,
            at=data["at"],
            kind=data["kind"],
            minutes=data["minutes"],
            summary=data["summary"],
            members=data["members"],
            partners=data.get("partners", ()),
            goals=data.get("goals", ()),
            measures=data.get("measures", ()),
        )
        if data["note"].strip():
            services.note_write(
                family=family,
                by=request.user,
                text=data["note"],
                level=data["note_level"],
                contact=contact,
            )
        return contact

    if request.method == "POST":
        saved = submit(
            form, save=record, creates=Contact, within=_within(family), errors={"at": "at_time"}
        )
        if saved:
            drafts.draft_discard(user=request.user, name=draft_forms.CONTACT, target=family)
            saved_message(request, saved, _("Kontakten er registrert."))
            return _to_timeline(family, f"contact-{saved.row.pk}")
    return _form_page(
        request,
        family,
        form,
        title=_("Registrer kontakt"),
        submit=_("Registrer kontakten"),
        draft=_draft(request, family, form, draft_forms.CONTACT, Contact),
    )


def _to_timeline(family, anchor: str):
    return redirect(reverse("journal:timeline", args=[family.pk]) + f"#{anchor}")


def note_create(request, family_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    form = NoteForm(request.POST or None, family=family)
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.note_write(family=family, by=request.user, **form.service_data),
            creates=Note,
            within=_within(family),
        )
        if saved:
            drafts.draft_discard(user=request.user, name=draft_forms.NOTE, target=family)
            saved_message(request, saved, _("Notatet er lagret. Det kan ikke endres, bare rettes."))
            return _to_timeline(family, f"note-{saved.row.pk}")
    return _form_page(
        request,
        family,
        form,
        title=_("Nytt notat"),
        submit=_("Lagre notatet"),
        draft=_draft(request, family, form, draft_forms.NOTE, Note),
    )


def note_correct(request, family_id, note_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    note = (
        family.notes.filter(staff_note_filter(request.user))
        .select_related("family", "about")
        .filter(pk=note_id)
        .first()
    )
    if note is None:
        raise Http404
    form = CorrectionForm(request.POST or None, initial={"text": note.text, "level": note.level})
    if request.method == "POST":
        try:
            saved = submit(
                form,
                save=lambda: services.note_correct(note=note, by=request.user, **form.service_data),
                creates=Note,
                within=_within(family),
            )
        except PermissionDenied:
            raise Http404 from None
        if saved:
            saved_message(
                request, saved, _("Rettelsen er lagret. Det opprinnelige notatet vises som rettet.")
            )
            return _to_timeline(family, f"note-{saved.row.pk}")
    return _form_page(
        request,
        family,
        form,
        title=_("Rett notatet"),
        submit=_("Lagre rettelsen"),
        intro=_("Det opprinnelige notatet blir stående i historikken, merket som rettet."),
    )


def time_create(request, family_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    form = TimeEntryForm(request.POST or None)
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.time_record(family=family, by=request.user, **form.service_data),
            creates=TimeEntry,
            within=_within(family),
        )
        if saved:
            saved_message(request, saved, _("Tiden er ført."))
            return redirect("journal:timeline", family_id=family.pk)
    return _form_page(request, family, form, title=_("Før tid"), submit=_("Før tiden"))


def _require_staff(request) -> None:
    if not request.user.role_codes() & set(STAFF):
        raise PermissionDenied


@require_safe
def search(request):
    """Search in the notes and contacts the user may read. Logged once per family among the
    hits (a search without hits once, under the user's municipality); never its words, which
    may name people."""
    _require_staff(request)
    query = request.GET.get("q", "").strip()[:200]
    hits = run_search(request.user, query) if query else []
    if query:
        log_shown(
            request,
            action=Action.SEARCH,
            object_type="journal.search",
            families=(
                Subject(municipality_id=h.municipality_id, family_id=uuid.UUID(h.family_id))
                for h in hits
            ),
            nothing_shown=home_municipality(request),
        )
    return render(
        request,
        "journal/search.html",
        {"q": query, "hits": hits, "full_text": connection.vendor == "postgresql"},
    )


def _period_query(period: dict) -> str:
    return f"start={period['start']:%Y-%m-%d}&end={period['end']:%Y-%m-%d}"


@require_safe
def time_overview(request):
    """Minutes per family, month and person: team leads see their units (or municipality),
    coordinators the families they coordinate. CSV and Excel with the same rows."""
    _require_staff(request)
    chosen = "start" in request.GET or "end" in request.GET
    form = PeriodForm(request.GET if chosen else None, initial=PeriodForm.default())
    period = form.cleaned_data if chosen and form.is_valid() else PeriodForm.default()
    families = Family.objects.visible_to(request.user)
    if not request.user.has_role(Role.TEAM_LEAD):
        families = families.coordinated_by(request.user)
    report = overview(families, start=period["start"], end=period["end"])
    fmt = request.GET.get("format")
    export = fmt in ("csv", "xlsx") and not form.errors
    # One entry per family in the overview or the download (its names and time spent).
    log_shown(
        request,
        action=Action.EXPORT if export else Action.READ,
        object_type="journal.time",
        families=(
            Subject(municipality_id=municipality_id, family_id=family_id)
            for family_id, municipality_id in report.families
        ),
    )
    if export:
        return time_export(report, fmt=fmt)
    return render(
        request,
        "journal/time_overview.html",
        {"form": form, "report": report, "query": _period_query(period)},
    )

"""Pages of the follow-up record: the family's timeline, new contacts, notes, corrections and
time, search across what the user may read, and the time overview with exports.

Family pages reach the family through `families.access.access_family` (logged); notes are
fetched through the visibility filter, so a note the user may not read is a 404.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from familieplan.core.access import Action, log_access
from familieplan.core.form_pages import add_service_errors, form_page
from familieplan.core.roles import Role
from familieplan.families.access import access_family, can_write_family
from familieplan.families.models import Family
from familieplan.journal import services
from familieplan.journal.exports import time_export
from familieplan.journal.forms import (
    ContactForm,
    CorrectionForm,
    NoteForm,
    PeriodForm,
    TimeEntryForm,
)
from familieplan.journal.search import search as run_search
from familieplan.journal.time_overview import overview
from familieplan.journal.timeline import KINDS, timeline
from familieplan.journal.visibility import staff_note_filter

STAFF = (Role.COORDINATOR, Role.TEAM_LEAD)


def _form_page(request, family, form, *, title, submit, intro=""):
    return form_page(
        request,
        form,
        title=title,
        submit=submit,
        intro=intro,
        back_url=reverse("journal:timeline", args=[family.pk]),
        back_label=_("Oppfølging: %(family)s") % {"family": family.name},
    )


def family_timeline(request, family_id):
    family = access_family(request, family_id)
    chosen = {k for k in request.GET.getlist("kinds") if k in KINDS} or set(KINDS)
    before = None
    if cursor := request.GET.get("before"):
        try:
            before = datetime.fromisoformat(cursor)
        except ValueError:
            before = None
    events, next_before = timeline(request.user, family, kinds=chosen, before=before)
    return render(
        request,
        "journal/timeline.html",
        {
            "family": family,
            "can_write": can_write_family(request.user, family),
            "events": events,
            "kinds": KINDS,
            "chosen": chosen,
            "next_before": next_before.isoformat() if next_before else "",
            "all_chosen": chosen == set(KINDS),
        },
    )


def contact_create(request, family_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    form = ContactForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
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
        except ValidationError as error:
            add_service_errors(form, error, {"at": "at_time"})
        else:
            messages.success(request, _("Kontakten er registrert."))
            return redirect("journal:timeline", family_id=family.pk)
    return _form_page(
        request, family, form, title=_("Registrer kontakt"), submit=_("Registrer kontakten")
    )


def note_create(request, family_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    form = NoteForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_write(family=family, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Notatet er lagret. Det kan ikke endres, bare rettes."))
            return redirect("journal:timeline", family_id=family.pk)
    return _form_page(request, family, form, title=_("Nytt notat"), submit=_("Lagre notatet"))


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
    if request.method == "POST" and form.is_valid():
        try:
            services.note_correct(note=note, by=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Rettelsen er lagret. Det opprinnelige notatet vises som rettet.")
            )
            return redirect("journal:timeline", family_id=family.pk)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.time_record(family=family, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tiden er ført."))
            return redirect("journal:timeline", family_id=family.pk)
    return _form_page(request, family, form, title=_("Før tid"), submit=_("Før tiden"))


def _require_staff(request) -> None:
    if not request.user.role_codes() & set(STAFF):
        raise PermissionDenied


def search(request):
    """Search in the notes and contacts the user may read; the search itself is logged (not
    its words, which may name people)."""
    _require_staff(request)
    query = request.GET.get("q", "").strip()[:200]
    hits = run_search(request.user, query) if query else []
    if query:
        log_access(request, action=Action.SEARCH, object_type="journal.search")
    return render(
        request,
        "journal/search.html",
        {"q": query, "hits": hits, "full_text": connection.vendor == "postgresql"},
    )


def _period_query(period: dict) -> str:
    return f"start={period['start']:%Y-%m-%d}&end={period['end']:%Y-%m-%d}"


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
    if fmt in ("csv", "xlsx") and not form.errors:
        log_access(request, action=Action.EXPORT, object_type="journal.time")
        return time_export(report, fmt=fmt)
    return render(
        request,
        "journal/time_overview.html",
        {"form": form, "report": report, "query": _period_query(period)},
    )

"""Meeting pages for coordinators and team leads. Every view reaches the meeting through the
family's access helper; the meeting is fetched from the family it returned."""

from __future__ import annotations

from datetime import time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familieplan.core.access import Action
from familieplan.core.concurrency import StoredValue
from familieplan.core.form_pages import form_page, saved_message, submit
from familieplan.core.kept_forms import restore_kept
from familieplan.core.query import query_moment
from familieplan.families.access import access_family, can_write_family
from familieplan.families.queries import eligible_coordinators
from familieplan.meetings import invitations, services
from familieplan.meetings.forms import (
    CancelForm,
    DecisionForm,
    DecisionMeasureForm,
    MeetingForm,
    MinutesForm,
)
from familieplan.meetings.models import Decision, Meeting
from familieplan.outbox.models import OutgoingEmail
from familieplan.outbox.services import email_retry_now
from familieplan.plans.models import current_plan_of


def _meeting(family, meeting_id) -> Meeting:
    return get_object_or_404(family.meetings.select_related("created_by"), pk=meeting_id)


@require_safe
def meeting_list(request, family_id):
    family = access_family(request, family_id)
    now = timezone.now()
    meetings = family.meetings.all()
    return render(
        request,
        "meetings/list.html",
        {
            "family": family,
            "can_write": can_write_family(request.user, family),
            "upcoming": meetings.filter(status=Meeting.Status.PLANNED, ends_at__gte=now).order_by(
                "starts_at"
            ),
            "past": meetings.exclude(status=Meeting.Status.PLANNED, ends_at__gte=now),
        },
    )


def _form_page(request, family, form, *, title, submit, back):
    name, args = back
    return form_page(
        request,
        form,
        title=title,
        submit=submit,
        back_url=reverse(name, args=args),
        back_label=_("Tilbake: %(family)s") % {"family": family.name},
    )


def meeting_create(request, family_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    form = MeetingForm(
        request.POST or None,
        family=family,
        initial={
            "kind": Meeting.Kind.COOPERATION,
            "include_coordinator": True,
            **_start_initial(request),
        },
    )
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.meeting_schedule(
                family=family,
                by=request.user,
                invitees=form.invitees(coordinator=family.coordinator or request.user),
                held=form.cleaned_data["held"],
                **form.meeting_fields(),
            ),
            creates=Meeting,
            within={"municipality_id": family.municipality_id},
            errors=TIME_FIELDS,
        )
        if saved:
            meeting = saved.row
            saved_message(
                request,
                saved,
                _("Møtet er registrert.")
                if meeting.status == Meeting.Status.HELD
                else _("Møtet er satt opp. Invitasjoner sendes til deltakere med e-post."),
            )
            return redirect("meetings:detail", family_id=family.pk, meeting_id=meeting.pk)
    return _form_page(
        request,
        family,
        form,
        title=_("Nytt møte"),
        submit=_("Sett opp møtet"),
        back=("meetings:list", [family.pk]),
    )


def _start_initial(request) -> dict:
    """The day and times from `?start=` (an empty slot of the calendar): an hour from the
    start, within the day."""
    start = query_moment(request, "start")
    if start is None:
        return {}
    local = timezone.localtime(start).replace(second=0, microsecond=0)
    end = local + timedelta(hours=1)
    return {
        "day": local.date(),
        "start_time": local.time(),
        "end_time": end.time() if end.date() == local.date() else time(23, 59),
    }


#: The services speak of starts_at/ends_at; the form has a day and two times.
TIME_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}


@require_safe
def meeting_detail(request, family_id, meeting_id):
    family = access_family(request, family_id)
    meeting = _meeting(family, meeting_id)
    can_write = can_write_family(request.user, family)
    plan = current_plan_of(family)
    decision_form = DecisionForm() if can_write else None
    restore_kept(request, decision_form)  # a decision typed before the session ended
    return render(
        request,
        "meetings/detail.html",
        {
            "family": family,
            "meeting": meeting,
            "can_write": can_write,
            "participants": meeting.participants.select_related("member", "partner", "user"),
            "decisions": meeting.decisions.select_related("measure"),
            "decision_form": decision_form,
            "has_plan": plan is not None,
            "emails": invitations.emails_for(meeting)[:50],
            "now": timezone.now(),
        },
    )


def _meeting_now(meeting) -> list[StoredValue]:
    """What the other person saved, as the meeting page says it."""
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return [
        StoredValue(_("Status"), meeting.get_status_display()),
        StoredValue(_("Tid"), f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"),
        StoredValue(_("Sted"), meeting.place or meeting.video_link or "–"),
        StoredValue(_("Referat"), Truncator(meeting.minutes).words(30) or "–"),
    ]


def meeting_edit(request, family_id, meeting_id):
    family = access_family(request, family_id, write=True)
    meeting = _meeting(family, meeting_id)
    if meeting.status != Meeting.Status.PLANNED:
        messages.error(request, _("Bare planlagte møter kan endres."))
        return redirect("meetings:detail", family_id=family.pk, meeting_id=meeting.pk)
    form = MeetingForm(
        request.POST or None, family=family, edit=True, initial=MeetingForm.initial_for(meeting)
    )
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.meeting_update(
                meeting=meeting,
                by=request.user,
                expected_sequence=form.cleaned_data["sequence"],
                invitees=form.invitees(coordinator=family.coordinator or request.user),
                **form.meeting_fields(),
            ),
            stored=_meeting_now,
            errors=TIME_FIELDS,
        )
        if saved:
            messages.success(request, _("Møtet er endret. Deltakerne får en oppdatering."))
            return redirect("meetings:detail", family_id=family.pk, meeting_id=meeting.pk)
    return _form_page(
        request,
        family,
        form,
        title=_("Endre møtet"),
        submit=_("Lagre og send oppdatering"),
        back=("meetings:detail", [family.pk, meeting.pk]),
    )


def meeting_cancel(request, family_id, meeting_id):
    family = access_family(request, family_id, write=True)
    meeting = _meeting(family, meeting_id)
    form = CancelForm(request.POST or None, initial={"sequence": meeting.sequence})
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.meeting_cancel(
                meeting=meeting,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_sequence=form.cleaned_data["sequence"],
            ),
            stored=_meeting_now,
        )
        if saved:
            messages.success(request, _("Møtet er avlyst. Deltakerne får beskjed."))
            return redirect("meetings:detail", family_id=family.pk, meeting_id=meeting.pk)
    return _form_page(
        request,
        family,
        form,
        title=_("Avlys møtet"),
        submit=_("Avlys og gi beskjed"),
        back=("meetings:detail", [family.pk, meeting.pk]),
    )


def minutes_edit(request, family_id, meeting_id):
    family = access_family(request, family_id, write=True)
    meeting = _meeting(family, meeting_id)
    initial = {
        "minutes": meeting.minutes,
        "child_experience": meeting.child_experience,
        "child_experience_of": meeting.child_experience_of_id,
        "next_meeting_on": meeting.next_meeting_on,
        "attended": [str(p.pk) for p in meeting.participants.all() if p.attended],
        "sequence": meeting.sequence,
    }
    form = MinutesForm(request.POST or None, meeting=meeting, initial=initial)

    def record():
        data = form.cleaned_data
        return services.minutes_record(
            meeting=meeting,
            by=request.user,
            expected_sequence=data["sequence"],
            attended={p.pk for p in meeting.participants.all() if str(p.pk) in data["attended"]},
            minutes=data["minutes"],
            child_experience=data.get("child_experience", ""),
            child_experience_of=data.get("child_experience_of"),
            next_meeting_on=data.get("next_meeting_on"),
        )

    if request.method == "POST":
        saved = submit(form, save=record, stored=_meeting_now, errors=TIME_FIELDS)
        if saved:
            messages.success(
                request,
                _("Referatet er lagret. Deltakerne ser det når du sender det ut."),
            )
            return redirect("meetings:detail", family_id=family.pk, meeting_id=meeting.pk)
    return _form_page(
        request,
        family,
        form,
        title=_("Referat: %(meeting)s") % {"meeting": meeting.label},
        submit=_("Lagre referatet"),
        back=("meetings:detail", [family.pk, meeting.pk]),
    )


@require_POST
def minutes_release(request, family_id, meeting_id):
    family = access_family(request, family_id, write=True)
    meeting = _meeting(family, meeting_id)
    try:
        services.minutes_release(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Referatet er sendt ut. Deltakerne kan nå lese det."))
    return redirect("meetings:detail", family_id=family.pk, meeting_id=meeting.pk)


@require_POST
def decision_create(request, family_id, meeting_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    meeting = _meeting(family, meeting_id)
    form = DecisionForm(request.POST)
    saved = submit(
        form,
        save=lambda: services.decision_add(meeting=meeting, by=request.user, **form.service_data),
        creates=Decision,
        within={"municipality_id": family.municipality_id},
    )
    if saved:
        saved_message(request, saved, _("Beslutningen er lagt til."))
    elif "text" in form.errors:
        messages.error(request, _("Skriv beslutningen."))
    else:
        for message in form.non_field_errors() or [_("Skriv beslutningen.")]:
            messages.error(request, message)
    return redirect("meetings:detail", family_id=family.pk, meeting_id=meeting.pk)


def decision_measure(request, family_id, meeting_id, decision_id):
    """One step from a decision to a measure in the plan, linked back to the meeting."""
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    meeting = _meeting(family, meeting_id)
    decision = get_object_or_404(meeting.decisions, pk=decision_id)
    plan = current_plan_of(family)
    if plan is None:
        messages.error(request, _("Familien har ingen plan ennå. Lag planen først."))
        return redirect("meetings:detail", family_id=family.pk, meeting_id=meeting.pk)
    form = DecisionMeasureForm(
        request.POST or None,
        family=family,
        plan=plan,
        coordinators=eligible_coordinators(family),
        initial={"what": decision.text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_to_measure(decision=decision, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Beslutningen er nå et tiltak i planen."))
            return redirect("meetings:detail", family_id=family.pk, meeting_id=meeting.pk)
    return _form_page(
        request,
        family,
        form,
        title=_("Gjør beslutningen til et tiltak"),
        submit=_("Legg tiltaket i planen"),
        back=("meetings:detail", [family.pk, meeting.pk]),
    )


@require_safe
def meeting_calendar(request, family_id, meeting_id):
    family = access_family(request, family_id, action=Action.EXPORT)
    meeting = _meeting(family, meeting_id)
    response = HttpResponse(
        invitations.calendar_download(meeting), content_type="text/calendar; charset=utf-8"
    )
    day = timezone.localtime(meeting.starts_at)
    response["Content-Disposition"] = f'attachment; filename="mote-{day:%Y%m%d}.ics"'
    return response


@require_POST
def email_retry(request, family_id, meeting_id, email_id):
    family = access_family(request, family_id, write=True)
    meeting = _meeting(family, meeting_id)
    email = (
        OutgoingEmail.objects.for_reference(invitations.reference_of(meeting))
        .filter(pk=email_id)
        .first()
    )
    if email is None:
        raise Http404
    try:
        email_retry_now(email=email)
    except ValueError:
        messages.error(request, _("E-posten er allerede sendt eller ligger i kø."))
    else:
        messages.success(request, _("E-posten sendes på nytt."))
    return redirect("meetings:detail", family_id=family.pk, meeting_id=meeting.pk)

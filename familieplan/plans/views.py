"""The plan pages. Every view reaches the plan through the family's access helper.

Forms are saved through `core.form_pages.submit`: a form that makes a record makes it once
(a second press shows the first), an edit from an older version keeps what was typed and
shows what is stored now; the status controls on the plan page come back with what was typed
after an expired session (`inline_kept.py`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familieplan.core.access import Action
from familieplan.core.concurrency import FORM_KEYS, StoredValue, stored_values
from familieplan.core.form_pages import Saved, form_page, saved_message, submit
from familieplan.core.pdf import pdf_response
from familieplan.families.access import access_family, can_write_family
from familieplan.families.queries import eligible_coordinators
from familieplan.plans import queries, services
from familieplan.plans.diff import diff
from familieplan.plans.forms import (
    AgreementForm,
    GoalCreateForm,
    GoalEditForm,
    MeasureCreateForm,
    MeasureEditForm,
    MeasureMoveForm,
    PlanCreateForm,
    PlanEditForm,
    ReopenForm,
    ReviewForm,
)
from familieplan.plans.inline_kept import kept_inline
from familieplan.plans.models import (
    FamilyPlan,
    Goal,
    Measure,
    PlanAgreement,
    Review,
    current_plan_of,
)
from familieplan.plans.moves import kept_move, move_attempt

#: The fields of a status control on the plan page (a kept one comes back to its measure).
MOVE_FIELDS = ("measure_id", "to", "reason", "version")


def _current_plan(family):
    plan = current_plan_of(family)
    if plan is None:
        raise Http404
    return plan


@require_safe
def plan_detail(request, family_id):
    family = access_family(request, family_id)
    return _detail(request, family)


def _detail(request, family, *, failed: MeasureMoveForm | None = None):
    """The plan page; `failed` is a status move that was refused, shown at its measure."""
    plan = current_plan_of(family)
    can_write = can_write_family(request.user, family)
    context = {"family": family, "plan": plan, "can_write": can_write}
    kept = kept_inline(request, *MOVE_FIELDS) if plan and can_write and failed is None else None
    if plan:
        goals = list(
            plan.goals.select_related("domain", "member").prefetch_related(
                "measures__responsible_user",
                "measures__responsible_member",
                "measures__responsible_partner",
                "measures__comments",
                "measures__meeting_decision__meeting",
            )
        )
        for goal in goals:
            goal.measure_list = list(goal.measures.all())
            for measure in goal.measure_list:
                if failed is not None and failed.measure.pk == measure.pk:
                    measure.move_form = failed
                elif can_write and not measure.is_final:
                    measure.move_form = kept_move(kept, measure) or MeasureMoveForm(measure=measure)
        context.update(
            goals=goals,
            agreement=plan.agreements.select_related("member").first(),
            agreed_is_current=queries.agreed_version_is_current(plan),
            versions=plan.versions.select_related("by")[:10],
            reviews=plan.reviews.exclude(held_on=None).order_by("-held_on"),
        )
    return render(request, "plans/plan_detail.html", context)


def _form_page(request, family, form, *, title, submit):
    return form_page(
        request,
        form,
        title=title,
        submit=submit,
        back_url=reverse("plans:detail", args=[family.pk]),
        back_label=_("Familiens plan: %(family)s") % {"family": family.name},
    )


def _data(form) -> dict:
    """What the form says for the service, without its token and version."""
    return {k: v for k, v in form.cleaned_data.items() if k not in FORM_KEYS}


def _within(family) -> dict:
    return {"municipality_id": family.municipality_id}


def _to_plan(family, anchor: str = ""):
    url = reverse("plans:detail", args=[family.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def plan_create(request, family_id):
    family = access_family(request, family_id, write=True)
    enrolment = family.enrolments.exclude(status="ended").first()
    initial = {
        "period_start": timezone.localdate(),
        "period_end": enrolment.planned_end if enrolment else None,
    }
    form = PlanCreateForm(request.POST or None, initial=initial)
    return _create(
        request,
        family,
        form,
        creates=FamilyPlan,
        save=lambda: services.plan_create(family=family, by=request.user, **_data(form)),
        success=_("Planen er opprettet."),
        anchor=None,
        title=_("Ny plan"),
        submit_label=_("Opprett planen"),
    )


def goal_create(request, family_id):
    family = access_family(request, family_id, write=True)
    plan = _current_plan(family)
    form = GoalCreateForm(request.POST or None, family=family)
    return _create(
        request,
        family,
        form,
        creates=Goal,
        save=lambda: services.goal_add(plan=plan, by=request.user, **_data(form)),
        success=_("Målet er lagt til."),
        anchor="goal",
        title=_("Nytt mål"),
        submit_label=_("Legg til mål"),
    )


def measure_create(request, family_id, goal_id):
    family = access_family(request, family_id, write=True)
    goal = get_object_or_404(_current_plan(family).goals, pk=goal_id)
    form = MeasureCreateForm(
        request.POST or None, family=family, coordinators=eligible_coordinators(family)
    )
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.measure_add(goal=goal, by=request.user, **_data(form)),
            creates=Measure,
            within=_within(family),
        )
        if saved:
            saved_message(request, saved, _("Tiltaket er lagt til."))
            return _to_plan(family, f"measure-{saved.row.pk}")
    return _form_page(
        request,
        family,
        form,
        title=_("Nytt tiltak for «%(goal)s»") % {"goal": goal.own_words[:60]},
        submit=_("Legg til tiltak"),
    )


@require_POST
def measure_move(request, family_id, measure_id):
    """A status move; a refused one shows the plan page again with the error at the measure
    (the form's address ends in `#measure-<id>`, so the browser lands there) and the choice
    and the reason kept."""
    family = access_family(request, family_id, write=True)
    measure = get_object_or_404(_current_plan(family).measures(), pk=measure_id)
    move = move_attempt(request.POST, measure=measure, by=request.user)
    if move.refused is not None:
        return _detail(request, family, failed=move.refused)
    saved_message(request, move.saved, _("Tiltaket er oppdatert."))
    return _to_plan(family)  # the browser keeps the form's #measure-<id>


def _plan_now(plan) -> list[StoredValue]:
    return [StoredValue(_("Planens versjon nå"), str(plan.version))]


def plan_agree(request, family_id):
    """Record a member's agreement to the version on the page; a plan changed since the form
    was opened is refused with the form again (at the newer version, the choices kept)."""
    family = access_family(request, family_id, write=True)
    plan = _current_plan(family)
    form = AgreementForm(
        request.POST or None,
        family=family,
        initial={"agreed_on": timezone.localdate(), "version": plan.version},
    )
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.plan_agree(
                plan=plan,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **_data(form),
            ),
            creates=PlanAgreement,
            within=_within(family),
            stored=_plan_now,
        )
        if saved:
            saved_message(
                request,
                saved,
                _("Enigheten om versjon %(n)s er registrert.") % {"n": saved.row.version_number},
            )
            return _to_plan(family)
        plan.refresh_from_db(fields=["version"])
    return _form_page(
        request,
        family,
        form,
        title=_("Familien er enig i planen (versjon %(n)s)") % {"n": plan.version},
        submit=_("Registrer"),
    )


@require_safe
def plan_history(request, family_id):
    """Versions of the current plan; the plan as of a date; two versions compared."""
    family = access_family(request, family_id)
    plan = _current_plan(family)
    versions = plan.versions.select_related("by")
    shown = compared = None
    as_of = request.GET.get("as_of", "")
    if as_of:
        try:
            day = datetime.strptime(as_of, "%Y-%m-%d").date()
        except ValueError:
            messages.error(request, _("Skriv datoen som dd.mm.åååå."))
        else:
            moment = timezone.make_aware(datetime.combine(day, time.max))
            shown = queries.version_as_of(plan, moment)
            if shown is None:
                messages.info(request, _("Planen fantes ikke ennå på den datoen."))
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if a.isdigit() and b.isdigit():
        old, new = versions.filter(number=int(a)).first(), versions.filter(number=int(b)).first()
        if old and new:
            compared = {"old": old, "new": new, "changes": diff(old.snapshot, new.snapshot)}
    return render(
        request,
        "plans/history.html",
        {
            "family": family,
            "plan": plan,
            "versions": versions,
            "shown": shown,
            "as_of": as_of,
            "compared": compared,
        },
    )


WEEKS_AHEAD = 3
PRINT_LANGUAGES = ("nb", "en")


@require_safe
def this_week(request, family_id):
    """A plain to-do list: what each person (or service) should do in the coming weeks."""
    family = access_family(request, family_id)
    plan = _current_plan(family)
    today = timezone.localdate()
    measures = (
        plan.measures()
        .filter(due_on__lte=today + timedelta(weeks=WEEKS_AHEAD))
        .open()
        .select_related("goal", "responsible_user", "responsible_member")
        .order_by("due_on")
    )
    people: dict[str, list] = {}
    for measure in measures:
        people.setdefault(measure.responsible_label, []).append(
            {"measure": measure, "overdue": measure.is_overdue_on(today)}
        )
    return render(
        request, "plans/this_week.html", {"family": family, "people": people, "weeks": WEEKS_AHEAD}
    )


@require_safe
def plan_print(request, family_id):
    """The plan a family can hold: the same template as HTML or PDF, in bokmål or English.

    Printing (and downloading the PDF) is written to the access log.
    """
    family = access_family(request, family_id, action=Action.PRINT)
    plan = _current_plan(family)
    language = request.GET.get("lang", "nb")
    if language not in PRINT_LANGUAGES:
        language = "nb"
    with translation.override(language):
        html = render_to_string(
            "plans/print.html",
            {
                "family": family,
                "plan": plan,
                "goals": plan.goals.select_related("domain", "member").prefetch_related(
                    "measures__responsible_user",
                    "measures__responsible_member",
                    "measures__responsible_partner",
                ),
                "printed_on": timezone.localdate(),
                "language": language,
            },
            request=request,
        )
    if request.GET.get("format") != "pdf":
        return HttpResponse(html)
    return pdf_response(request, html, f"familiens-plan-{language}.pdf")


def review_create(request, family_id):
    family = access_family(request, family_id, write=True)
    plan = _current_plan(family)
    form = ReviewForm(request.POST or None, initial={"held_on": timezone.localdate()})
    return _create(
        request,
        family,
        form,
        creates=Review,
        save=lambda: services.review_record(plan=plan, by=request.user, **_data(form)),
        success=_("Evalueringen er registrert."),
        anchor="review",
        title=_("Registrer evaluering"),
        submit_label=_("Registrer evaluering"),
    )


def _create(request, family, form, *, creates, save, success, anchor, title, submit_label):
    """A form that makes a permanent row (once, by its submit token): back to the plan at the
    new row (`anchor`-<id>), or the form again with its errors."""
    if request.method == "POST":
        saved = submit(form, save=save, creates=creates, within=_within(family))
        if saved:
            saved_message(request, saved, success)
            return _to_plan(family, f"{anchor}-{saved.row.pk}" if anchor else "")
    return _form_page(request, family, form, title=title, submit=submit_label)


def _stored_now(form, current) -> list[StoredValue] | None:
    """What is stored now where it differs from what was typed (a coordinator by name);
    None when nothing does: the same edit, saved by an earlier press."""
    values = stored_values(form, current)
    coordinator = form.fields.get("responsible_user")
    if coordinator is not None and getattr(current, "responsible_user", None) is not None:
        name = current.responsible_user.display_name
        values = [
            StoredValue(v.label, name) if v.label == str(coordinator.label) else v for v in values
        ]
    return values or None


def _edit(request, family, form, *, row, save, title, success):
    """An edit that states the version it was made from (`row`'s, checked by the service):
    from an older one, the form keeps what was typed and shows what is stored now, and a
    second press saves; the same edit pressed twice is saved once."""
    if request.method == "POST":
        saved = submit(form, save=save, stored=lambda current: _stored_now(form, current))
        # Nothing differs from what is stored: saved before. (An empty POST leaves the form
        # unbound: it is given back.)
        if not saved and form.is_bound and not form.errors:
            saved = Saved(row, first=False)
        if saved:
            saved_message(request, saved, success)
            return _to_plan(family)
    return _form_page(request, family, form, title=title, submit=_("Lagre"))


def goal_edit(request, family_id, goal_id):
    family = access_family(request, family_id, write=True)
    goal = get_object_or_404(_current_plan(family).goals, pk=goal_id)
    title = _("Endre målet «%(goal)s»") % {"goal": goal.own_words[:60]}
    form = GoalEditForm(request.POST or None, instance=goal, family=family)
    return _edit(
        request,
        family,
        form,
        row=goal,
        save=lambda: services.goal_update(
            goal=goal, by=request.user, expected_version=form.seen_version, **_data(form)
        ),
        title=title,
        success=_("Målet er oppdatert."),
    )


def measure_reopen(request, family_id, measure_id):
    """A closed measure is never changed: reopening makes a new one linked to it."""
    family = access_family(request, family_id, write=True)
    measure = get_object_or_404(_current_plan(family).measures(), pk=measure_id)
    form = ReopenForm(request.POST or None)
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.measure_reopen(
                measure=measure, by=request.user, due_on=form.cleaned_data["due_on"]
            ),
            creates=Measure,
            within=_within(family),
        )
        if saved:
            saved_message(request, saved, _("Et nytt tiltak er laget, koblet til det gamle."))
            return _to_plan(family, f"measure-{saved.row.pk}")
    return _form_page(
        request,
        family,
        form,
        title=_("Gjenåpne «%(what)s»") % {"what": measure.what[:60]},
        submit=_("Lag nytt tiltak"),
    )


def measure_edit(request, family_id, measure_id):
    family = access_family(request, family_id, write=True)
    measure = get_object_or_404(_current_plan(family).measures(), pk=measure_id)
    form = MeasureEditForm(
        request.POST or None,
        instance=measure,
        family=family,
        coordinators=eligible_coordinators(family),
    )
    return _edit(
        request,
        family,
        form,
        row=measure,
        save=lambda: services.measure_update(
            measure=measure, by=request.user, expected_version=form.seen_version, **_data(form)
        ),
        title=_("Endre tiltak"),
        success=_("Tiltaket er oppdatert."),
    )


def plan_edit(request, family_id):
    family = access_family(request, family_id, write=True)
    plan = _current_plan(family)
    form = PlanEditForm(request.POST or None, instance=plan)
    return _edit(
        request,
        family,
        form,
        row=plan,
        save=lambda: services.plan_update(
            plan=plan, by=request.user, expected_version=form.seen_version, **_data(form)
        ),
        title=_("Endre planens rammer"),
        success=_("Planen er oppdatert."),
    )

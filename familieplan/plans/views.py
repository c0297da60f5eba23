"""The plan pages. Every view reaches the plan through the family's access helper."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familieplan.core.access import Action
from familieplan.core.form_pages import add_service_errors, form_page
from familieplan.families.access import access_family, can_write_family
from familieplan.families.services import eligible_coordinators
from familieplan.plans import services
from familieplan.plans.diff import diff
from familieplan.plans.forms import (
    AgreementForm,
    GoalEditForm,
    GoalForm,
    MeasureEditForm,
    MeasureForm,
    MeasureMoveForm,
    PlanEditForm,
    PlanForm,
    ReopenForm,
    ReviewForm,
)
from familieplan.plans.models import Measure
from familieplan.plans.moves import move_attempt


def _current_plan(family):
    plan = family.plans.filter(is_current=True).first()
    if plan is None:
        raise Http404
    return plan


def plan_detail(request, family_id):
    family = access_family(request, family_id)
    return _detail(request, family)


def _detail(request, family, *, failed: MeasureMoveForm | None = None):
    """The plan page; `failed` is a status move that was refused, shown at its measure."""
    plan = family.plans.filter(is_current=True).first()
    can_write = can_write_family(request.user, family)
    context = {"family": family, "plan": plan, "can_write": can_write}
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
                    measure.move_form = MeasureMoveForm(measure=measure)
        context.update(
            goals=goals,
            agreement=plan.agreements.select_related("member").first(),
            agreed_is_current=services.agreed_version_is_current(plan),
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


def plan_create(request, family_id):
    family = access_family(request, family_id, write=True)
    enrolment = family.enrolments.exclude(status="ended").first()
    initial = {
        "period_start": timezone.localdate(),
        "period_end": enrolment.planned_end if enrolment else None,
    }
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_create(family=family, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Planen er opprettet."))
            return redirect("plans:detail", family_id=family.pk)
    return _form_page(request, family, form, title=_("Ny plan"), submit=_("Opprett planen"))


def goal_create(request, family_id):
    family = access_family(request, family_id, write=True)
    plan = _current_plan(family)
    form = GoalForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.goal_add(plan=plan, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Målet er lagt til."))
            return redirect("plans:detail", family_id=family.pk)
    return _form_page(request, family, form, title=_("Nytt mål"), submit=_("Legg til mål"))


def measure_create(request, family_id, goal_id):
    family = access_family(request, family_id, write=True)
    goal = get_object_or_404(_current_plan(family).goals, pk=goal_id)
    form = MeasureForm(
        request.POST or None, family=family, coordinators=eligible_coordinators(family)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_add(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tiltaket er lagt til."))
            return redirect("plans:detail", family_id=family.pk)
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
    measure = get_object_or_404(
        Measure, goal__plan__family=family, goal__plan__is_current=True, pk=measure_id
    )
    form = move_attempt(request.POST, measure=measure, by=request.user)
    if form is None:
        messages.success(request, _("Tiltaket er oppdatert."))
        return redirect("plans:detail", family_id=family.pk)
    return _detail(request, family, failed=form)


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
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.plan_agree(plan=plan, by=request.user, expected_version=version, **data)
        except ValidationError as error:
            if getattr(error, "code", None) == "stale":
                plan.refresh_from_db()
                again = request.POST.copy()
                again["version"] = str(plan.version)
                form = AgreementForm(again, family=family)
                form.is_valid()
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Enigheten om versjon %(n)s er registrert.") % {"n": plan.version}
            )
            return redirect("plans:detail", family_id=family.pk)
    return _form_page(
        request,
        family,
        form,
        title=_("Familien er enig i planen (versjon %(n)s)") % {"n": plan.version},
        submit=_("Registrer"),
    )


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
            shown = services.version_as_of(plan, moment)
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


def this_week(request, family_id):
    """A plain to-do list: what each person (or service) should do in the coming weeks."""
    family = access_family(request, family_id)
    plan = _current_plan(family)
    today = timezone.localdate()
    measures = (
        Measure.objects.filter(goal__plan=plan, due_on__lte=today + timedelta(weeks=WEEKS_AHEAD))
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
    from weasyprint import HTML  # imported here: only this view needs it

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="familiens-plan-{language}.pdf"'
    return response


def review_create(request, family_id):
    family = access_family(request, family_id, write=True)
    plan = _current_plan(family)
    form = ReviewForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Evalueringen er registrert."))
            return redirect("plans:detail", family_id=family.pk)
    return _form_page(
        request, family, form, title=_("Registrer evaluering"), submit=_("Registrer evaluering")
    )


def _versioned_edit(request, family, *, make_form, save, reload, title, success):
    """An edit that states the version it was made from; an older version is refused and the
    form shows the newer one with a message (no lost updates)."""
    form = make_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            save(version, data)
        except services.StaleEdit as stale:
            reload()
            messages.error(request, stale.messages[0])
            form = make_form(None)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect("plans:detail", family_id=family.pk)
    return _form_page(request, family, form, title=title, submit=_("Lagre"))


def goal_edit(request, family_id, goal_id):
    family = access_family(request, family_id, write=True)
    goal = get_object_or_404(_current_plan(family).goals, pk=goal_id)
    return _versioned_edit(
        request,
        family,
        make_form=lambda data: GoalEditForm(
            data, instance=goal, family=family, initial={"version": goal.version}
        ),
        save=lambda version, data: services.goal_update(
            goal=goal, by=request.user, expected_version=version, **data
        ),
        reload=goal.refresh_from_db,
        title=_("Endre målet «%(goal)s»") % {"goal": goal.own_words[:60]},
        success=_("Målet er oppdatert."),
    )


def measure_reopen(request, family_id, measure_id):
    """A closed measure is never changed: reopening makes a new one linked to it."""
    family = access_family(request, family_id, write=True)
    measure = get_object_or_404(
        Measure, goal__plan__family=family, goal__plan__is_current=True, pk=measure_id
    )
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_reopen(
                measure=measure, by=request.user, due_on=form.cleaned_data["due_on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Et nytt tiltak er laget, koblet til det gamle."))
            return redirect("plans:detail", family_id=family.pk)
    return _form_page(
        request,
        family,
        form,
        title=_("Gjenåpne «%(what)s»") % {"what": measure.what[:60]},
        submit=_("Lag nytt tiltak"),
    )


def measure_edit(request, family_id, measure_id):
    family = access_family(request, family_id, write=True)
    measure = get_object_or_404(
        Measure, goal__plan__family=family, goal__plan__is_current=True, pk=measure_id
    )
    coordinators = eligible_coordinators(family)
    return _versioned_edit(
        request,
        family,
        make_form=lambda data: MeasureEditForm(
            data,
            instance=measure,
            family=family,
            coordinators=coordinators,
            initial={"version": measure.version},
        ),
        save=lambda version, data: services.measure_update(
            measure=measure, by=request.user, expected_version=version, **data
        ),
        reload=measure.refresh_from_db,
        title=_("Endre tiltak"),
        success=_("Tiltaket er oppdatert."),
    )


def plan_edit(request, family_id):
    family = access_family(request, family_id, write=True)
    plan = _current_plan(family)
    return _versioned_edit(
        request,
        family,
        make_form=lambda data: PlanEditForm(data, instance=plan, initial={"version": plan.version}),
        save=lambda version, data: services.plan_update(
            plan=plan, by=request.user, expected_version=version, **data
        ),
        reload=plan.refresh_from_db,
        title=_("Endre planens rammer"),
        success=_("Planen er oppdatert."),
    )

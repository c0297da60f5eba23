"""Screening against the programme's rules, the intake decision, enrolment and coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familieplan.core.concurrency import (
    ALREADY_SAVED,
    StaleEdit,
    StoredValue,
    check_version,
    posted_version,
)
from familieplan.core.form_pages import saved_message, submit
from familieplan.core.kept_forms import restore_kept
from familieplan.families import queries, services
from familieplan.families.access import access_family
from familieplan.families.explain import explain_screening
from familieplan.families.forms.intake import (
    AssignCoordinatorForm,
    DecisionForm,
    EnrolmentChangeForm,
    ScreeningForm,
)
from familieplan.families.models import (
    CoordinatorAssignment,
    Enrolment,
    EnrolmentEvent,
    IntakeDecision,
    ProgrammeSettings,
    Screening,
)


def _within(family) -> dict:
    return {"municipality_id": family.municipality_id}


def screening_create(request, family_id):
    family = access_family(request, family_id, write=True)
    programme = ProgrammeSettings.for_municipality(family.municipality)
    form = ScreeningForm(request.POST if request.method == "POST" else None, programme=programme)
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.screening_perform(
                family=family,
                by=request.user,
                income_year=form.cleaned_data["income_year"],
                incomes=form.incomes(),
                months_on_social_assistance=form.cleaned_data.get("months_on_social_assistance"),
                manual_confirmed=form.cleaned_data.get("manual_confirmed", []),
            ),
            creates=Screening,
            within=_within(family),
        )
        if saved:
            if not saved.first:
                messages.info(request, ALREADY_SAVED)
            return redirect("families:screening", family_id=family.pk, screening_id=saved.row.pk)
    restore_kept(request, form)
    return render(
        request,
        "families/screening_form.html",
        {"family": family, "form": form, "programme": programme},
    )


@require_safe
def screening_detail(request, family_id, screening_id):
    family = access_family(request, family_id)
    screening = get_object_or_404(family.screenings.select_related("performed_by"), pk=screening_id)
    return render(
        request,
        "families/screening_detail.html",
        {"family": family, "screening": screening, "explained": explain_screening(screening)},
    )


def decision_create(request, family_id):
    family = access_family(request, family_id, write=True)
    screening = family.screenings.first()
    form = DecisionForm(request.POST if request.method == "POST" else None, family=family)
    if request.method == "POST":

        def decide():
            data = form.cleaned_data
            return services.intake_decide(
                family=family,
                by=request.user,
                outcome=data["outcome"],
                reason=data["reason"],
                screening=screening,
                consent_given_by=data["consent_given_by"],
                consent_form=data["consent_form"],
                consent_given_on=data["consent_given_on"],
            )

        saved = submit(
            form,
            save=decide,
            creates=IntakeDecision,
            within=_within(family),
        )
        if saved:
            saved_message(request, saved, _("Inntaksbeslutningen er registrert."))
            return redirect("families:detail", family_id=family.pk)
    restore_kept(request, form)
    return render(
        request,
        "families/decision_form.html",
        {
            "family": family,
            "form": form,
            "screening": screening,
            "explained": explain_screening(screening) if screening else None,
        },
    )


def enrolment_change(request, family_id, enrolment_id):
    family = access_family(request, family_id, write=True)
    enrolment = get_object_or_404(family.enrolments, pk=enrolment_id)
    form = EnrolmentChangeForm(
        request.POST if request.method == "POST" else None, enrolment=enrolment
    )

    def move():
        data = form.cleaned_data
        services.enrolment_change(
            enrolment=enrolment,
            to=data["to"],
            by=request.user,
            on=data["on"],
            note=data["note"],
            end_reason=data["end_reason"],
        )
        return enrolment.events.order_by("-at", "-id").first()  # the move just recorded

    if request.method == "POST":
        saved = submit(
            form,
            save=move,
            creates=EnrolmentEvent,
            within=_within(family),
            edits=enrolment,
            stored=lambda current: [StoredValue(_("Status nå"), current.get_status_display())],
        )
        if saved:
            saved_message(request, saved, _("Deltakelsen er oppdatert."))
            return redirect("families:detail", family_id=family.pk)
    restore_kept(request, form)
    return render(
        request,
        "families/enrolment_form.html",
        {
            "family": family,
            "form": form,
            "enrolment": enrolment,
            "is_final": enrolment.status == Enrolment.Status.ENDED,
        },
    )


def _coordinators_now(family) -> list[StoredValue]:
    nobody = _("Ikke tildelt")
    return [
        StoredValue(
            _("Familiekoordinator"),
            family.coordinator.display_name if family.coordinator else nobody,
        ),
        StoredValue(
            _("Medkoordinator"),
            family.co_coordinator.display_name if family.co_coordinator else nobody,
        ),
    ]


def coordinator_assign(request, family_id):
    family = access_family(request, family_id, write=True)
    form = AssignCoordinatorForm(
        request.POST if request.method == "POST" else None,
        coordinators=queries.eligible_coordinators(family),
        family=family,
    )
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.family_assign_coordinator(
                family=family,
                coordinator=form.cleaned_data["coordinator"],
                kind=form.cleaned_data["kind"],
                by=request.user,
                on=timezone.localdate(),
                note=form.cleaned_data["note"],
            ),
            creates=CoordinatorAssignment,
            within=_within(family),
            edits=family,
            stored=_coordinators_now,
        )
        if saved:
            saved_message(request, saved, _("Koordinatoren er tildelt."))
            return redirect("families:detail", family_id=family.pk)
    restore_kept(request, form)
    return render(request, "families/assign_form.html", {"family": family, "form": form})


@require_POST
def co_coordinator_remove(request, family_id):
    """The button on the family page carries the family's version: a co-coordinator assigned
    since the page was shown is not removed unseen."""
    family = access_family(request, family_id, write=True)
    if family.co_coordinator_id:
        try:
            with transaction.atomic():
                check_version(family, posted_version(request))
                services.family_remove_co_coordinator(
                    family=family, by=request.user, on=timezone.localdate()
                )
        except StaleEdit:
            messages.error(
                request,
                _("Koordinatorene er endret mens du så på siden. Se over og prøv igjen."),
            )
        else:
            messages.success(
                request, _("Medkoordinatoren er fjernet. Tildelingen ligger i historikken.")
            )
    return redirect("families:detail", family_id=family.pk)

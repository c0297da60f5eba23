"""Screening against the programme's rules, the intake decision, enrolment and coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familieplan.families import services
from familieplan.families.access import access_family
from familieplan.families.explain import explain_screening
from familieplan.families.forms.intake import (
    AssignCoordinatorForm,
    DecisionForm,
    EnrolmentChangeForm,
    ScreeningForm,
)
from familieplan.families.models import Enrolment, ProgrammeSettings


def screening_create(request, family_id):
    family = access_family(request, family_id, write=True)
    programme = ProgrammeSettings.for_municipality(family.municipality)
    form = ScreeningForm(request.POST if request.method == "POST" else None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.screening_perform(
                family=family,
                by=request.user,
                income_year=form.cleaned_data["income_year"],
                incomes=form.incomes(),
                months_on_social_assistance=form.cleaned_data.get("months_on_social_assistance"),
                manual_confirmed=form.cleaned_data.get("manual_confirmed", []),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("families:screening", family_id=family.pk, screening_id=screening.pk)
    return render(
        request,
        "families/screening_form.html",
        {"family": family, "form": form, "programme": programme},
    )


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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.intake_decide(
                family=family,
                by=request.user,
                outcome=data["outcome"],
                reason=data["reason"],
                screening=screening,
                consent_given_by=data["consent_given_by"],
                consent_form=data["consent_form"],
                consent_given_on=data["consent_given_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Inntaksbeslutningen er registrert."))
            return redirect("families:detail", family_id=family.pk)
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enrolment_change(
                enrolment=enrolment,
                to=data["to"],
                by=request.user,
                on=data["on"],
                note=data["note"],
                end_reason=data["end_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Deltakelsen er oppdatert."))
            return redirect("families:detail", family_id=family.pk)
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


def coordinator_assign(request, family_id):
    family = access_family(request, family_id, write=True)
    form = AssignCoordinatorForm(
        request.POST if request.method == "POST" else None,
        coordinators=services.eligible_coordinators(family),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.family_assign_coordinator(
                family=family,
                coordinator=data["coordinator"],
                kind=data["kind"],
                by=request.user,
                on=timezone.localdate(),
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Koordinatoren er tildelt."))
            return redirect("families:detail", family_id=family.pk)
    return render(request, "families/assign_form.html", {"family": family, "form": form})


@require_POST
def co_coordinator_remove(request, family_id):
    family = access_family(request, family_id, write=True)
    if family.co_coordinator_id:
        services.family_remove_co_coordinator(
            family=family, by=request.user, on=timezone.localdate()
        )
        messages.success(
            request, _("Medkoordinatoren er fjernet. Tildelingen ligger i historikken.")
        )
    return redirect("families:detail", family_id=family.pk)

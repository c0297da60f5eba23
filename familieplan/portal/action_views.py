"""What the family does from its own pages: propose a goal or a change, comment on a goal or a
measure, mark its own measure done, agree to the plan, give or withdraw a consent, and fill
in its own mapping questionnaires. Every action goes through `viewer_for` (logged as a
change) and finds its object among what the viewer may see (`object_in`: else a logged 404).
Bad input shows the form again with what was typed; a stale or double submit gets a message:
each form that makes a record carries a `submit_token` (sent twice, it makes one and shows
it), the questionnaire its response's version, and the two buttons on the plan page find what
an earlier press did (`services.measure_done`, `services.plan_agree`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familieplan.core.access import Action
from familieplan.core.form_pages import Saved, form_page, saved_message, submit
from familieplan.core.kept_forms import restore_kept
from familieplan.core.languages import Written
from familieplan.families.models import ProgrammeSettings
from familieplan.mapping import catalogue
from familieplan.mapping import services as mapping_services
from familieplan.mapping.forms import ResponseForm
from familieplan.mapping.models import Assessment, Instrument
from familieplan.mapping.texts import written
from familieplan.partners.models import Consent
from familieplan.plans.models import Goal, Measure, MeasureComment
from familieplan.plans.services import StaleEdit
from familieplan.portal import services
from familieplan.portal.access import not_found, object_in, viewer_for
from familieplan.portal.forms import ConsentForm, ProposalForm, TextForm
from familieplan.portal.models import Proposal
from familieplan.portal.plan_page import Refused, plan_page
from familieplan.portal.visibility import consents_for, current_plan, goals_for, measures_for


def _goals(viewer) -> QuerySet[Goal]:
    plan = current_plan(viewer)
    return goals_for(viewer, plan) if plan else Goal.objects.none()


def _measures(viewer) -> QuerySet[Measure]:
    plan = current_plan(viewer)
    return measures_for(viewer, plan) if plan else Measure.objects.none()


def _back(label: str, url: str) -> dict:
    return {"back_url": url, "back_label": label}


def _within(viewer) -> dict:
    return {"municipality_id": viewer.family.municipality_id}


def _to_plan(anchor: str = ""):
    url = reverse("portal:plan")
    return redirect(f"{url}#{anchor}" if anchor else url)


def propose(request):
    viewer = viewer_for(request, page="propose", action=Action.CREATE)
    form = ProposalForm(request.POST or None, viewer=viewer)
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.propose(
                viewer=viewer,
                user=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                domain=form.cleaned_data["domain"],
                about=form.about_member(),
            ),
            creates=Proposal,
            within=_within(viewer),
        )
        if saved:
            saved_message(request, saved, _("Forslaget er sendt til koordinatoren."))
            return _to_plan(f"proposal-{saved.row.pk}")
    return form_page(
        request,
        form,
        title=_("Foreslå et mål eller en endring"),
        submit=_("Send forslaget"),
        intro=_("Koordinatoren leser forslaget og tar det opp med dere."),
        **_back(_("Planen vår"), reverse("portal:plan")),
    )


def goal_comment(request, goal_id):
    viewer = viewer_for(request, page="comment", action=Action.CREATE)
    goal = object_in(request, viewer, _goals(viewer), goal_id, action=Action.CREATE)
    form = TextForm(request.POST or None)
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.propose(
                viewer=viewer,
                user=request.user,
                kind=Proposal.Kind.COMMENT,
                text=form.cleaned_data["text"],
                goal=goal,
            ),
            creates=Proposal,
            within=_within(viewer),
        )
        if saved:
            saved_message(request, saved, _("Kommentaren er sendt til koordinatoren."))
            return _to_plan(f"proposal-{saved.row.pk}")
    return form_page(
        request,
        form,
        title=_("Kommentar til målet: %(goal)s") % {"goal": goal.own_words[:80]},
        submit=_("Send kommentaren"),
        **_back(_("Planen vår"), reverse("portal:plan")),
    )


def measure_comment(request, measure_id):
    viewer = viewer_for(request, page="comment", action=Action.CREATE)
    measure = object_in(request, viewer, _measures(viewer), measure_id, action=Action.CREATE)
    form = TextForm(request.POST or None)
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.measure_comment(
                viewer=viewer, user=request.user, measure=measure, text=form.cleaned_data["text"]
            ),
            creates=MeasureComment,
            within=_within(viewer),
        )
        if saved:
            saved_message(request, saved, _("Kommentaren er sendt."))
            return _to_plan(f"measure-{measure.pk}")
    return form_page(
        request,
        form,
        title=_("Kommentar til tiltaket: %(what)s") % {"what": measure.what[:80]},
        submit=_("Send kommentaren"),
        **_back(_("Planen vår"), reverse("portal:plan")),
    )


@require_POST
def measure_done(request, measure_id):
    """Mark one's own measure done; a refusal is shown at that measure on the plan page, a
    measure done already (a second press) is shown done."""
    viewer = viewer_for(request, page="measure_done", action=Action.CHANGE)
    measure = object_in(request, viewer, _measures(viewer), measure_id, action=Action.CHANGE)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        _done, first = services.measure_done(
            viewer=viewer, user=request.user, measure=measure, expected_version=version
        )
    except StaleEdit:
        message = _("Tiltaket er endret mens du så på det. Se over det nye før du prøver igjen.")
    except ValidationError as error:
        message = " ".join(error.messages)
    else:
        if first:
            messages.success(request, _("Tiltaket er merket som gjort."))
        else:
            messages.info(request, _("Tiltaket er allerede merket som gjort."))
        return _to_plan()  # the browser keeps the form's #measure-<id>
    return plan_page(request, viewer, refused=Refused(measure.pk, message))


@require_POST
def plan_agree(request):
    """Agree to the version of the plan one read; a refusal is shown at the agreement."""
    viewer = viewer_for(request, page="agree", action=Action.CHANGE)
    plan = current_plan(viewer)
    if plan is None:
        messages.error(request, _("Dere har ikke en plan ennå."))
        return redirect("portal:plan")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        agreement, first = services.plan_agree(
            viewer=viewer, user=request.user, plan=plan, expected_version=version
        )
    except ValidationError as error:
        return plan_page(request, viewer, refused=Refused("agree", " ".join(error.messages)))
    saved_message(
        request, Saved(agreement, first), _("Takk! Det er registrert at du er enig i planen.")
    )
    return _to_plan()  # the browser keeps the form's #agree


@require_POST
def consent_withdraw(request, consent_id):
    viewer = viewer_for(request, page="consent_withdraw", action=Action.CHANGE)
    consent = object_in(request, viewer, consents_for(viewer), consent_id, action=Action.CHANGE)
    try:
        services.consent_withdraw(viewer=viewer, user=request.user, consent=consent)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Samtykket er trukket tilbake. Tjenesten får ikke lenger se opplysningene."),
        )
    return redirect("portal:consents")


def consent_give(request):
    viewer = viewer_for(request, page="consent_give", action=Action.CREATE)
    form = ConsentForm(request.POST or None, viewer=viewer)

    def give():
        data = form.cleaned_data
        return services.consent_give(
            viewer=viewer,
            user=request.user,
            partner=data["partner"],
            subject=form.subject_member(),
            topics=data["topics"],
            purpose=data["purpose"],
            valid_until=data["valid_until"],
        )

    if request.method == "POST":
        saved = submit(form, save=give, creates=Consent, within=_within(viewer))
        if saved:
            saved_message(request, saved, _("Samtykket er gitt. Det gjelder fra i dag."))
            return redirect(reverse("portal:consents") + f"#consent-{saved.row.pk}")
    return form_page(
        request,
        form,
        title=_("Gi samtykke"),
        submit=_("Gi samtykke"),
        intro=_(
            "Tjenesten får se det du krysser av for, til datoen du velger. Du kan trekke "
            "samtykket tilbake når du vil. Samtykke om helse og barnevern må gis skriftlig "
            "til koordinatoren."
        ),
        **_back(_("Samtykker"), reverse("portal:consents")),
    )


def open_questionnaires(viewer) -> list[tuple[Assessment, Instrument, Written]]:
    """Questionnaires the viewer fills in themselves in mappings not yet completed."""
    result = []
    drafts = viewer.family.assessments.filter(status=Assessment.Status.DRAFT)
    language = get_language() or "nb"
    programme = ProgrammeSettings.for_municipality(viewer.family.municipality)
    for assessment in drafts.order_by("held_on"):
        for instrument in catalogue.current(programme):
            spec = instrument.spec
            if "self" not in spec.answered_by:
                continue
            if catalogue.applies_to(spec, viewer.member, assessment.held_on) or (
                spec.about == "family" and viewer.is_guardian
            ):
                result.append((assessment, instrument, written(spec.name, language)))
    return result


def questionnaire(request, assessment_id, instrument_key):
    viewer = viewer_for(request, page="questionnaire", action=Action.CHANGE)
    choices = {(a.pk, i.key): (a, i) for a, i, _name in open_questionnaires(viewer)}
    match = choices.get((assessment_id, instrument_key))
    if match is None:
        not_found(request, viewer, Assessment, assessment_id, action=Action.CHANGE)
    assessment, instrument = match
    spec = catalogue.spec_for(instrument, viewer.family.municipality_id)
    member = None if spec.about == "family" else viewer.member
    existing = assessment.responses.filter(instrument_key=instrument.key, member=member).first()
    form = ResponseForm(request.POST or None, spec=spec, response=existing)
    form.fields["answered_by"].choices = [("self", _("Jeg selv"))]
    form.fields["answered_by"].initial = "self"
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: mapping_services.response_save(
                assessment=assessment,
                instrument=existing.instrument if existing else instrument,
                member=member,
                answered_by="self",
                answers=form.answers(),
                final=request.POST.get("final") == "1",
                by=request.user,
                expected_version=form.cleaned_data["version"],
            ),
            stored=form.stored_now,
            errors=form.error_fields(),
        )
        if saved:
            messages.success(request, _("Takk! Svarene er lagret."))
            return redirect("portal:progress")
    restore_kept(request, form)  # answers given before the session ended (core/kept_forms.py)
    language = get_language() or "nb"
    return render(
        request,
        "portal/questionnaire.html",
        {
            "viewer": viewer,
            "family": viewer.family,
            "form": form,
            "name": written(spec.name, language),
            "description": written(spec.description, language),
            "source": written(spec.source, language),
            "licence": written(spec.licence, language),
            "spec": spec,
        },
    )

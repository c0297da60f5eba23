"""Pages for mapping: the family's schedule and mappings, filling in one instrument about one
person, completing a mapping, and the progress page (also printed and as PDF). Every page goes
through `access_family`, which checks and logs the access.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familieplan.core.form_pages import saved_message, submit
from familieplan.core.kept_forms import restore_kept
from familieplan.core.languages import marked
from familieplan.core.models import AccessLog
from familieplan.core.pdf import pdf_response
from familieplan.families.access import access_family, can_write_family
from familieplan.families.models import Member, ProgrammeSettings
from familieplan.mapping import catalogue, economy_answers, queries, schedule, services
from familieplan.mapping.flag_words import flag_lines
from familieplan.mapping.forms import ResponseForm, StartForm
from familieplan.mapping.models import Assessment, Instrument, Response
from familieplan.mapping.progress import progress_of

Action = AccessLog.Action

STATE_LABELS = {
    schedule.State.DONE: ("success", gettext_lazy("Gjort")),
    schedule.State.DUE: ("warning", gettext_lazy("Nå")),
    schedule.State.LATE: ("danger", gettext_lazy("Forsinket")),
    schedule.State.UPCOMING: ("neutral", gettext_lazy("Senere")),
}
PRINT_LANGUAGES = ("nb", "en")


def occasion_label(kind: str, number: int) -> str:
    return Assessment(occasion=kind, number=number).label


def family_mapping(request, family_id):
    """The schedule, the mappings so far, starting one, and the progress so far."""
    family = access_family(request, family_id)
    can_write = can_write_family(request.user, family)
    occasions = queries.schedule_for(family)
    enrolment = queries.current_enrolment(family)
    ended = enrolment is not None and enrolment.ended_on is not None
    # What can be started now: occasions due or late (an ended family: only the exit
    # mapping); anything else is an extra mapping.
    startable = [
        o
        for o in occasions
        if o.state in (schedule.State.DUE, schedule.State.LATE)
        and (not ended or o.kind == schedule.EXIT)
    ]
    started = {
        (a.occasion, a.number)
        for a in family.assessments.exclude(occasion=Assessment.Occasion.EXTRA)
    }
    startable = [o for o in startable if (o.kind, o.number) not in started]
    form = None
    if can_write and enrolment is not None:
        form = StartForm(
            request.POST or None,
            open_occasions=[(o, occasion_label(o.kind, o.number)) for o in startable],
        )
        if request.method == "POST":
            saved = submit(
                form,
                save=lambda: services.assessment_start(
                    family=family,
                    by=request.user,
                    occasion=form.occasion_parts()[0],
                    number=form.occasion_parts()[1],
                    held_on=form.cleaned_data["held_on"],
                ),
                creates=Assessment,
                within={"municipality_id": family.municipality_id},
            )
            if saved:
                saved_message(request, saved, _("Kartleggingen er startet."))
                return redirect("mapping:assessment", family.pk, saved.row.pk)
    elif request.method == "POST":
        access_family(request, family_id, write=True)  # 403 and logged
    programme = ProgrammeSettings.for_municipality(family.municipality)
    return render(
        request,
        "mapping/family.html",
        {
            "family": family,
            "can_write": can_write,
            "occasions": [
                (o, occasion_label(o.kind, o.number), *STATE_LABELS[o.state]) for o in occasions
            ],
            "grace": programme.mapping_grace_days,
            "assessments": family.assessments.select_related("created_by").order_by(
                "-held_on", "-created_at"
            ),
            "form": form,
            "progress": progress_of(family),
        },
    )


def family_section(request, family) -> dict | None:
    """The family page's mapping section: the next due date and the progress so far."""
    if family.stage not in ("active", "paused", "ended"):
        return None
    today = timezone.localdate()
    return {
        "family": family,
        "late": family.mapping_late_on is not None and family.mapping_late_on <= today,
        "progress": progress_of(family),
    }


def _assessment(family, assessment_id) -> Assessment:
    assessment = family.assessments.filter(pk=assessment_id).first()
    if assessment is None:
        raise Http404
    return assessment


@dataclass
class Target:
    """One instrument about one person (or the family) in a mapping."""

    instrument: Instrument
    member: Member | None
    response: Response | None

    @property
    def slug(self) -> str:
        return str(self.member.pk) if self.member else "family"

    @property
    def who(self) -> str:
        return self.member.full_name if self.member else _("Hele familien")

    @property
    def who_in_sentence(self) -> str:
        return self.member.full_name if self.member else _("hele familien")


def targets_of(assessment: Assessment) -> list[Target]:
    """What this mapping asks: each instrument in use about each person it applies to; a
    completed mapping shows what was answered."""
    family = assessment.family
    responses = {
        (r.instrument_key, r.member_id): r
        for r in assessment.responses.select_related("instrument", "member")
    }
    if assessment.is_completed:
        return [Target(r.instrument, r.member, r) for r in responses.values()]
    programme = ProgrammeSettings.for_municipality(family.municipality)
    members = [m for m in family.members.all() if m.in_household_on(assessment.held_on)]
    targets = []
    for instrument in catalogue.current(programme):
        spec = instrument.spec
        for member in [None, *members]:
            if catalogue.applies_to(spec, member, assessment.held_on):
                response = responses.get((instrument.key, member.pk if member else None))
                used = response.instrument if response else instrument
                targets.append(Target(used, member, response))
    return targets


def assessment_detail(request, family_id, assessment_id):
    family = access_family(request, family_id, write=request.method == "POST")
    assessment = _assessment(family, assessment_id)
    if request.method == "POST":
        try:
            services.assessment_complete(assessment=assessment, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Kartleggingen er fullført."))
            return redirect("mapping:family", family.pk)
    targets = targets_of(assessment)
    language = get_language() or "nb"
    return render(
        request,
        "mapping/assessment.html",
        {
            "family": family,
            "assessment": assessment,
            "can_write": can_write_family(request.user, family) and not assessment.is_completed,
            "targets": [
                (t, t.instrument.spec.name.get(language), _result_lines(t, language))
                for t in targets
            ],
        },
    )


def _result_lines(target: Target, language: str) -> list[str]:
    """The scores, categories and flags of a final response, as short lines."""
    response = target.response
    if response is None or not response.is_final:
        return []
    spec = catalogue.spec_for(response.instrument, response.municipality_id)
    lines = []
    for rule in spec.scores:
        value = response.scores.get(rule.key)
        if rule.kind == "numeric" and value is not None and not rule.key.startswith("domain:"):
            lines.append(f"{rule.label.get(language)}: {_number(value)}")
        elif rule.key in response.unscored:
            lines.append(f"{rule.label.get(language)}: {_('ikke skåret')}")
    for category in spec.categories:
        group = response.categories.get(category.key)
        labels = {g.value: g.label.get(language) for g in (*category.groups, category.otherwise)}
        if group:
            lines.append(f"{category.label.get(language)}: {labels.get(group, group)}")
    for line in flag_lines(spec, response, language):
        lines.append(format_html("⚑ {} ({})", marked(line.reason), line.facts))
    return lines


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text if get_language() == "en" else text.replace(".", ",")


def response_fill(request, family_id, assessment_id, instrument_key, target):
    family = access_family(
        request, family_id, write=True, action=Action.CHANGE if request.method == "POST" else None
    )
    assessment = _assessment(family, assessment_id)
    match = [
        t for t in targets_of(assessment) if t.instrument.key == instrument_key and t.slug == target
    ]
    if not match:
        raise Http404
    chosen = match[0]
    spec = catalogue.spec_for(chosen.instrument, family.municipality_id)
    form = ResponseForm(request.POST or None, spec=spec, response=chosen.response)
    if not assessment.is_completed:
        economy_answers.lock_field(form, economy_answers.snapshot_for(spec, assessment))
    if request.method == "POST" and not assessment.is_completed:
        final = request.POST.get("final") == "1"
        saved = submit(
            form,
            save=lambda: services.response_save(
                assessment=assessment,
                instrument=chosen.instrument,
                member=chosen.member,
                answered_by=form.cleaned_data["answered_by"],
                answers=form.answers(),
                final=final,
                by=request.user,
                expected_version=form.cleaned_data["version"],
            ),
            stored=form.stored_now,
            errors=form.error_fields(),
        )
        if saved:
            messages.success(
                request,
                _("Svarene er lagret som ferdige.")
                if final
                else _("Svarene er lagret som utkast."),
            )
            language = get_language() or "nb"
            for rule in spec.scores:
                if rule.key in saved.row.unscored:
                    messages.warning(
                        request,
                        _("«%(score)s» er ikke regnet ut, fordi det mangler svar.")
                        % {"score": rule.label.get(language)},
                    )
            return redirect("mapping:assessment", family.pk, assessment.pk)
    restore_kept(request, form)  # answers given before the session ended (core/kept_forms.py)
    language = get_language() or "nb"
    return render(
        request,
        "mapping/fill.html",
        {
            "family": family,
            "assessment": assessment,
            "target": chosen,
            "spec": spec,
            "name": spec.name.get(language),
            "description": spec.description.get(language),
            "licence": spec.licence.get(language),
            "source": spec.source.get(language),
            "form": form,
            "read_only": assessment.is_completed,
        },
    )


@require_safe
def family_progress_print(request, family_id):
    """The progress page to print or download as PDF (logged as print)."""
    family = access_family(request, family_id, action=Action.PRINT)
    language = request.GET.get("lang", "nb")
    if language not in PRINT_LANGUAGES:
        language = "nb"
    with translation.override(language):
        html = render_to_string(
            "mapping/print.html",
            {
                "family": family,
                "progress": progress_of(family),
                "printed_on": timezone.localdate(),
                "language": language,
            },
            request=request,
        )
    if request.GET.get("format") != "pdf":
        return HttpResponse(html)
    return pdf_response(request, html, f"framgang-{language}.pdf")

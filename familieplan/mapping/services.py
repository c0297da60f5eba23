"""Workflows for mapping: start a mapping on an occasion, save answers (draft or final, scored
when final), complete the mapping, and keep the family's next mapping date in step.

Bad input raises a ValidationError (the field or item as key) and saves nothing. Answers
saved from a form carry the version of the response the form was made from; answers saved
since (another tab, another person) refuse the save with `StaleEdit` (core/concurrency.py),
unless they are the same answers (the button pressed twice). Access to the family is the
caller's job (views go through `families.access.access_family`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familieplan.core.concurrency import StaleEdit, check_version
from familieplan.families.models import Enrolment, Family, Member, ProgrammeSettings
from familieplan.mapping import catalogue, economy_answers, schedule, scoring
from familieplan.mapping.forms import RADIO_STEPS
from familieplan.mapping.models import (
    Assessment,
    EconomyAtMapping,
    Instrument,
    Response,
    ScoreValue,
)
from familieplan.mapping.queries import current_enrolment, schedule_for

OCCASION_KIND = {
    schedule.INTAKE: Assessment.Occasion.INTAKE,
    schedule.YEARLY: Assessment.Occasion.YEARLY,
    schedule.EXIT: Assessment.Occasion.EXIT,
}


def refresh_schedule(family: Family) -> None:
    """Store the next open occasion's due date (and the day it is late) on the family."""
    enrolment = current_enrolment(family)
    due = late = None
    if enrolment is not None and family.stage in (
        Family.Stage.ACTIVE,
        Family.Stage.PAUSED,
        Family.Stage.ENDED,
    ):
        programme = ProgrammeSettings.for_municipality(family.municipality)
        following = schedule.next_open(
            schedule_for(family), ended=enrolment.status == Enrolment.Status.ENDED
        )
        if following is not None:
            due = following.due_on
            late = schedule.late_from(following.due_on, programme.mapping_grace_days)
    if (family.mapping_due_on, family.mapping_late_on) != (due, late):
        family.mapping_due_on, family.mapping_late_on = due, late
        family.save(update_fields=["mapping_due_on", "mapping_late_on"])


@transaction.atomic
def assessment_start(
    *, family: Family, by, occasion: str, number: int = 0, held_on: date
) -> Assessment:
    """A new mapping of `family` on an occasion of its schedule (or an extra one)."""
    enrolment = current_enrolment(family)
    if enrolment is None:
        raise ValidationError(_("Familien har ikke startet i programmet, og kan ikke kartlegges."))
    errors = {}
    if held_on < enrolment.started_on:
        errors["held_on"] = _("Datoen er før familien startet i programmet (%(start)s).") % {
            "start": f"{enrolment.started_on:%d.%m.%Y}"
        }
    elif held_on > timezone.localdate():
        errors["held_on"] = _("Datoen kan ikke være fram i tid.")
    due_on = None
    if occasion != Assessment.Occasion.EXTRA:
        planned = {(o.kind, o.number): o for o in schedule_for(family)}
        match = planned.get((occasion, number))
        if match is None:
            errors["occasion"] = _(
                "Denne kartleggingen står ikke i familiens plan for kartlegging."
            )
        else:
            due_on = match.due_on
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                municipality_id=family.municipality_id,
                family=family,
                enrolment=enrolment,
                occasion=occasion,
                number=number if occasion == Assessment.Occasion.YEARLY else 0,
                due_on=due_on,
                held_on=held_on,
                cohort=enrolment.started_on.year,
                created_by=by,
            )
    except IntegrityError:
        raise ValidationError(
            {"occasion": _("Denne kartleggingen er allerede startet. Åpne den i listen.")}
        ) from None


PROBLEM_TEXT = {
    scoring.Problem.REQUIRED: lambda: _("Må besvares."),
    scoring.Problem.NOT_A_NUMBER: lambda: _("Skriv et tall."),
    scoring.Problem.OUT_OF_SCALE: lambda: _("Svaret er utenfor skalaen."),
    scoring.Problem.UNKNOWN_CHOICE: lambda: _("Velg et av svarene."),
    scoring.Problem.UNKNOWN_ITEM: lambda: _("Ukjent spørsmål."),
}


def _problem_text(spec, key: str, problem: scoring.Problem) -> str:
    """One message per problem; on radio buttons (a choice, or a short integer ladder) the
    answer is picked, so anything wrong there reads "pick one of the answers"."""
    scale = next((i.scale for i in spec.items if i.key == key), None)
    picked = scale is not None and (
        scale.kind == "choice"
        or (
            scale.kind == "integer"
            and scale.minimum is not None
            and scale.maximum is not None
            and scale.maximum - scale.minimum < RADIO_STEPS
        )
    )
    if picked and problem is not scoring.Problem.REQUIRED:
        return PROBLEM_TEXT[scoring.Problem.UNKNOWN_CHOICE]()
    return PROBLEM_TEXT[problem]()


def _check_target(assessment: Assessment, spec, member: Member | None) -> None:
    if member is not None and member.family_id != assessment.family_id:
        raise ValidationError({"member": _("Personen hører ikke til denne familien.")})
    if not catalogue.applies_to(spec, member, assessment.held_on):
        raise ValidationError(
            {
                "member": _("Skjemaet «%(name)s» gjelder ikke denne personen.")
                % {"name": spec.name.get("nb")}
            }
        )


@transaction.atomic
def response_save(
    *,
    assessment: Assessment,
    instrument: Instrument,
    member: Member | None,
    answered_by: str,
    answers: Mapping[str, object],
    final: bool,
    by,
    expected_version: int | None = None,
) -> Response:
    """Save the answers about one member (or the family): a draft keeps what is there; final
    needs every required answer and stores the scores, flags and categories.

    `expected_version`: the response's version the form was made from (0: none yet); a newer
    one refuses the save with StaleEdit, unless it holds these very answers (returned as
    they are). None: saved without the check (the demo and imports)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_completed:
        raise ValidationError(_("Kartleggingen er fullført og kan ikke endres."))
    spec = catalogue.spec_for(instrument, assessment.municipality_id)
    _check_target(assessment, spec, member)
    if answered_by not in spec.answered_by:
        raise ValidationError({"answered_by": _("Velg hvem som fylte ut skjemaet.")})
    answers = economy_answers.with_economy(answers, economy_answers.snapshot_for(spec, assessment))
    cleaned, problems = scoring.clean_answers(spec, answers, final=final)
    if problems:
        raise ValidationError({key: _problem_text(spec, key, p) for key, p in problems.items()})
    status = Response.Status.FINAL if final else Response.Status.DRAFT
    response = Response.objects.filter(
        assessment=assessment, instrument_key=instrument.key, member=member
    ).first()
    if response is None:
        response = Response(
            municipality_id=assessment.municipality_id,
            assessment=assessment,
            instrument_key=instrument.key,
            member=member,
            version=1,  # a form made before these first answers (version 0) is refused
        )
    elif expected_version is not None:
        try:
            stored = check_version(response, expected_version)
        except StaleEdit as stale:
            now = stale.current
            if (now.answers, now.answered_by, now.status) == (cleaned, answered_by, status):
                return now  # the same answers, saved by an earlier press of this form
            raise
        stored.version, response = response.version, stored
    response.instrument = instrument
    response.answered_by = answered_by
    response.answers = cleaned
    response.filled_by = by
    response.status = status
    if final:
        result = scoring.score(spec, cleaned)
        response.scores = result.scores
        response.unscored = result.unscored
        response.categories = result.categories
        response.flags = [
            {"key": f.key, "reason": dict(f.reason.values), "detail": f.detail}
            for f in result.flags
        ]
    else:
        response.scores, response.unscored, response.categories, response.flags = {}, {}, {}, []
    response.save()
    return response


@transaction.atomic
def assessment_complete(*, assessment: Assessment, by) -> Assessment:
    """Complete the mapping: every response final, at least one; the scores become figures."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_completed:
        raise ValidationError(_("Kartleggingen er allerede fullført."))
    responses = list(assessment.responses.select_related("instrument"))
    if not any(r.is_final for r in responses):
        raise ValidationError(_("Fyll ut minst ett skjema som ferdig før du fullfører."))
    drafts = [r for r in responses if not r.is_final]
    if drafts:
        raise ValidationError(
            _("Noen skjemaer er bare lagret som utkast: %(names)s. Gjør dem ferdige først.")
            % {"names": ", ".join(sorted({r.instrument.name for r in drafts}))}
        )
    family = assessment.family
    ScoreValue.objects.bulk_create(
        ScoreValue(
            municipality_id=assessment.municipality_id,
            response=response,
            assessment=assessment,
            family_id=assessment.family_id,
            member_id=response.member_id,
            unit_id=family.unit_id,
            cohort=assessment.cohort,
            occasion=assessment.occasion,
            number=assessment.number,
            held_on=assessment.held_on,
            instrument_key=response.instrument_key,
            score_key=key,
            value=value,
            category=category,
        )
        for response in responses
        for key, value, category in _values(response, assessment.municipality_id)
    )
    link_baselines(assessment.enrolment_id)
    economy_keep(assessment, family)
    assessment.status = Assessment.Status.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.completed_by = by
    if assessment.due_on is not None:
        grace = ProgrammeSettings.for_municipality(family.municipality).mapping_grace_days
        assessment.on_time = abs((assessment.held_on - assessment.due_on).days) <= grace
    assessment.save(update_fields=["status", "completed_at", "completed_by", "on_time"])
    refresh_schedule(family)
    return assessment


def economy_keep(assessment: Assessment, family: Family) -> None:
    """The economy on the mapping's day, kept with it (none when no income is recorded)."""
    kept = economy_answers.economy_snapshot(family, assessment.held_on)
    if kept is None:
        return
    EconomyAtMapping.objects.create(
        municipality_id=assessment.municipality_id,
        assessment=assessment,
        family=family,
        unit_id=family.unit_id,
        cohort=assessment.cohort,
        occasion=assessment.occasion,
        number=assessment.number,
        income_per_unit=kept.income_per_unit,
        line=kept.line,
        share_percent=kept.share_percent,
        below_line=kept.below_line,
        median_year=kept.median_year,
        debt_in_collection=kept.debt_in_collection,
    )


def _values(response: Response, municipality_id: int):
    """(score key, number, category) for each score of a final response: an amount as a number,
    a categorical score (and each category rule) as its category."""
    spec = catalogue.spec_for(response.instrument, municipality_id)
    kinds = {rule.key: rule.kind for rule in spec.scores}
    for key, value in response.scores.items():
        if value is None:
            continue
        if kinds.get(key) == "categorical":
            yield key, None, f"{value:g}"
        else:
            yield key, float(value), ""
    for key, group in response.categories.items():
        if group is not None:
            yield f"category:{key}", None, group


def link_baselines(enrolment_id) -> int:
    """Give the later mappings' scores of an enrolment their intake value (`baseline`), and
    mark one row per family for each (mapping, instrument, score) (`family_first`), so the
    programme figures need neither a self-join nor COUNT(DISTINCT). Run when a mapping is
    completed, whichever of intake and the later ones comes first. Returns rows changed."""
    rows = list(
        ScoreValue.objects.filter(assessment__enrolment_id=enrolment_id, value__isnull=False)
        .only(
            "id",
            "assessment_id",
            "occasion",
            "instrument_key",
            "score_key",
            "member_id",
            "value",
            "baseline",
            "family_first",
        )
        .order_by("assessment_id", "instrument_key", "score_key", "member_id")
    )
    intake = {
        (r.instrument_key, r.score_key, r.member_id): r.value
        for r in rows
        if r.occasion == Assessment.Occasion.INTAKE
    }
    counted = {(r.assessment_id, r.instrument_key, r.score_key) for r in rows if r.family_first}
    changed = []
    for row in rows:
        if row.occasion not in (Assessment.Occasion.YEARLY, Assessment.Occasion.EXIT):
            continue
        base = intake.get((row.instrument_key, row.score_key, row.member_id))
        if base is None or row.baseline is not None:
            continue
        row.baseline = base
        key = (row.assessment_id, row.instrument_key, row.score_key)
        row.family_first = key not in counted
        counted.add(key)
        changed.append(row)
    ScoreValue.objects.bulk_update(changed, ["baseline", "family_first"], batch_size=1000)
    return len(changed)

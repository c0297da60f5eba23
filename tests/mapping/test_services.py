"""Mapping workflows against the database: starting a mapping on an occasion, answers checked
against the instrument (nothing saved on bad input), scoring when final, completing, and the
family's next mapping date that the caseload counts on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from familieplan.families import services as family_services
from familieplan.families.caseload import CaseloadContext, count_needs
from familieplan.families.models import Enrolment, Family
from familieplan.mapping import services
from familieplan.mapping.models import Assessment, Response, ScoreValue
from tests.factories import make_family, make_member
from tests.mapping.conftest import WHO5, instrument


def start(shared, **kwargs):
    today = timezone.localdate()
    values = {"occasion": "intake", "number": 0, "held_on": today - timedelta(days=95)}
    values.update(kwargs)
    return services.assessment_start(family=shared.family, by=shared.world.coordinator, **values)


def save(shared, assessment, key, member, answers, *, final=True, answered_by="with_coordinator"):
    return services.response_save(
        assessment=assessment,
        instrument=instrument(key),
        member=member,
        answered_by=answered_by,
        answers=answers,
        final=final,
        by=shared.world.coordinator,
    )


def test_the_intake_mapping_is_due_on_the_start_date(enrolled):
    family = enrolled.family
    start_on = family.enrolments.get().started_on
    assert family.mapping_due_on == start_on
    assert family.mapping_late_on == start_on + timedelta(days=31)  # 30 grace days


def test_an_intake_decision_schedules_the_first_mapping(world):
    family = make_family(unit=world.unit_a, name="Familien Ny", coordinator=world.coordinator)
    make_member(family=family, first_name="Åse")
    start_on = timezone.localdate() - timedelta(days=3)
    family_services.intake_decide(
        family=family,
        by=world.team_lead,
        outcome="included",
        reason="I målgruppen.",
        consent_given_by=family.members.get(),
        consent_form="written",
        consent_given_on=start_on,
        start_on=start_on,
    )
    family.refresh_from_db()
    assert (family.stage, family.mapping_due_on) == (Family.Stage.ACTIVE, start_on)


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"held_on": "before"}, "held_on", "før familien startet"),
        ({"held_on": "future"}, "held_on", "fram i tid"),
        ({"occasion": "yearly", "number": 7}, "occasion", "står ikke"),
    ],
)
def test_a_mapping_outside_the_schedule_is_refused(enrolled, kwargs, field, words):
    start_on = enrolled.family.enrolments.get().started_on
    dates = {"before": start_on - timedelta(days=1), "future": timezone.localdate() + timedelta(1)}
    if kwargs.get("held_on") in dates:
        kwargs = {**kwargs, "held_on": dates[kwargs["held_on"]]}
    with pytest.raises(ValidationError) as error:
        start(enrolled, **kwargs)
    assert words in " ".join(error.value.message_dict[field])
    assert not Assessment.objects.exists()


def test_the_same_occasion_twice_is_refused_but_extra_mappings_are_not(enrolled):
    start(enrolled)
    with pytest.raises(ValidationError, match="allerede startet"):
        start(enrolled)
    start(enrolled, occasion="extra")
    start(enrolled, occasion="extra")
    assert Assessment.objects.count() == 3


def test_who5_is_scored_when_final(enrolled):
    assessment = start(enrolled)
    response = save(enrolled, assessment, "who5", enrolled.mother, WHO5)
    assert response.scores == {"raw": 15.0, "percent": 60.0}
    assert response.flags == []
    low = save(enrolled, assessment, "who5", enrolled.mother, {**WHO5, "q1": 0, "q2": 2})
    assert low.pk == response.pk  # one response per instrument and person
    assert low.scores["raw"] == 11.0
    assert {f["key"] for f in low.flags} == {"low_wellbeing", "low_item"}
    assert all(f["reason"]["nb"] and f["detail"] for f in low.flags)


@pytest.mark.parametrize(
    ("answers", "item", "message"),
    [
        ({**WHO5, "q3": "6"}, "q3", "Velg et av svarene"),
        ({**WHO5, "q3": "-1"}, "q3", "Velg et av svarene"),
        ({**WHO5, "q3": "mye"}, "q3", "Velg et av svarene"),
        ({k: v for k, v in WHO5.items() if k != "q5"}, None, None),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(enrolled, answers, item, message):
    assessment = start(enrolled)
    if item is None:  # a missing answer is fine in a draft; final needs what is required
        draft = save(enrolled, assessment, "who5", enrolled.mother, answers, final=False)
        assert (draft.status, draft.scores) == (Response.Status.DRAFT, {})
        final = save(enrolled, assessment, "who5", enrolled.mother, answers)
        assert final.scores["raw"] is None and "q5" not in final.answers
        return
    with pytest.raises(ValidationError) as error:
        save(enrolled, assessment, "who5", enrolled.mother, answers)
    assert message in " ".join(error.value.message_dict[item])
    assert not Response.objects.exists()


def test_a_member_of_another_family_or_of_the_wrong_age_is_refused(enrolled, world):
    assessment = start(enrolled)
    stranger = make_member(family=world.family_b, first_name="Per")
    with pytest.raises(ValidationError, match="hører ikke til denne familien"):
        save(enrolled, assessment, "who5", stranger, WHO5)
    with pytest.raises(ValidationError, match="gjelder ikke denne personen"):
        save(enrolled, assessment, "who5", enrolled.child, WHO5)  # a child of 9
    with pytest.raises(ValidationError, match="hvem som fylte ut"):
        save(enrolled, assessment, "who5", enrolled.mother, WHO5, answered_by="coordinator")
    assert not Response.objects.exists()


def test_completing_needs_final_answers_and_makes_the_figures(enrolled):
    assessment = start(enrolled)
    with pytest.raises(ValidationError, match="minst ett skjema"):
        services.assessment_complete(assessment=assessment, by=enrolled.world.coordinator)
    save(enrolled, assessment, "who5", enrolled.mother, WHO5)
    save(enrolled, assessment, "cantril", enrolled.mother, {"now": 7}, final=False)
    with pytest.raises(ValidationError, match="utkast"):
        services.assessment_complete(assessment=assessment, by=enrolled.world.coordinator)
    save(enrolled, assessment, "cantril", enrolled.mother, {"now": 7, "future": 8})
    done = services.assessment_complete(assessment=assessment, by=enrolled.world.coordinator)
    assert done.is_completed and done.on_time is True  # 5 days after the due date: in time
    values = {
        (v.instrument_key, v.score_key): (v.value, v.category) for v in ScoreValue.objects.all()
    }
    assert values[("who5", "percent")] == (60.0, "")
    assert values[("cantril", "category:ladder")] == (None, "thriving")
    with pytest.raises(ValidationError, match="fullført"):
        save(enrolled, assessment, "who5", enrolled.mother, WHO5)
    family = Family.objects.get(pk=enrolled.family.pk)
    start_on = family.enrolments.get().started_on
    assert family.mapping_due_on == start_on.replace(year=start_on.year + 1)


def test_the_caseload_counts_late_and_due_mappings(enrolled, world):
    today = timezone.localdate()
    ctx = CaseloadContext(today=today, now=timezone.now(), no_contact_days=30)
    visible = Family.objects.filter(pk=enrolled.family.pk)
    assert count_needs(visible, ctx)["mapping_late"] == 1  # intake due 100 days ago
    assert count_needs(visible, ctx)["mapping_due"] == 0
    assessment = start(enrolled, held_on=today - timedelta(days=99))
    save(enrolled, assessment, "who5", enrolled.mother, WHO5)
    services.assessment_complete(assessment=assessment, by=world.coordinator)
    assert count_needs(visible, ctx)["mapping_late"] == 0
    later = CaseloadContext(
        today=today + timedelta(days=250), now=timezone.now(), no_contact_days=30
    )
    assert count_needs(visible, later)["mapping_due"] == 1  # year 1 due within a month


def test_ending_the_enrolment_asks_for_the_exit_mapping_only(enrolled, world):
    enrolment = Enrolment.objects.get(family=enrolled.family)
    end_on = timezone.localdate() - timedelta(days=1)
    family_services.enrolment_change(
        enrolment=enrolment, to="ended", by=world.team_lead, on=end_on, end_reason="completed"
    )
    family = Family.objects.get(pk=enrolled.family.pk)
    assert family.mapping_due_on == end_on  # the missed intake is history now
    assessment = start(enrolled, occasion="exit", held_on=end_on)
    save(enrolled, assessment, "who5", enrolled.mother, WHO5)
    services.assessment_complete(assessment=assessment, by=world.coordinator)
    family.refresh_from_db()
    assert (family.mapping_due_on, family.mapping_late_on) == (None, None)


def test_later_scores_get_their_intake_value_whatever_the_order(enrolled, world):
    """The figures compare each score with the same person's at intake (`baseline`) and count
    each family once per score (`family_first`), also when intake is completed last."""
    father = make_member(family=enrolled.family, first_name="Ali")
    today = timezone.localdate()
    family = enrolled.family
    enrolment = family.enrolments.get()
    enrolment.started_on = today - timedelta(days=400)
    enrolment.save(update_fields=["started_on"])
    year1 = start(enrolled, occasion="yearly", number=1, held_on=today - timedelta(days=30))
    for adult, level in ((enrolled.mother, 4), (father, 2)):
        save(enrolled, year1, "who5", adult, dict.fromkeys(WHO5, level))
    services.assessment_complete(assessment=year1, by=world.coordinator)
    assert not ScoreValue.objects.filter(baseline__isnull=False).exists()  # no intake yet
    intake = start(enrolled, held_on=today - timedelta(days=399))
    for adult, level in ((enrolled.mother, 1), (father, 1)):
        save(enrolled, intake, "who5", adult, dict.fromkeys(WHO5, level))
    services.assessment_complete(assessment=intake, by=world.coordinator)
    later = ScoreValue.objects.filter(assessment=year1, score_key="percent")
    assert sorted((v.value, v.baseline) for v in later) == [(40.0, 20.0), (80.0, 20.0)]
    assert sum(v.family_first for v in later) == 1

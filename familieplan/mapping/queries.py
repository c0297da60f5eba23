"""Reads for mapping: the family's current enrolment and the schedule of its mappings."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from familieplan.families.models import Enrolment, Family, ProgrammeSettings
from familieplan.mapping import schedule
from familieplan.mapping.models import Assessment


def current_enrolment(family: Family) -> Enrolment | None:
    """The open enrolment, else the latest one (an ended family may still be mapped at exit)."""
    enrolments = list(family.enrolments.exclude(started_on=None).order_by("-started_on"))
    open_ = [e for e in enrolments if e.status != Enrolment.Status.ENDED]
    return (open_ or enrolments or [None])[0]


def schedule_for(family: Family, *, today: date | None = None) -> list[schedule.Occasion]:
    enrolment = current_enrolment(family)
    if enrolment is None:
        return []
    programme = ProgrammeSettings.for_municipality(family.municipality)
    done = {
        (a.occasion, a.number): a.held_on
        for a in enrolment.assessments.filter(status=Assessment.Status.COMPLETED)
        if a.occasion != Assessment.Occasion.EXTRA
    }
    return schedule.occasions(
        started_on=enrolment.started_on,
        planned_end=enrolment.planned_end,
        ended_on=enrolment.ended_on,
        interval_months=programme.mapping_interval_months,
        at_exit=programme.mapping_at_exit,
        grace=programme.mapping_grace_days,
        done=done,
        today=today or timezone.localdate(),
    )

"""The demo's start page ("I dag"): what the other apps' demo data does not give the demo
coordinator — in Familien Warsame (with the family's and the school's logins) Amina's comment
on the school's reading course yesterday, the school's comment on it and its status set to
«pågår», and a home visit later today (or on the next working day). Times are in office
hours for staff and the school, in the evening for the family. The rest comes from the apps
that own it: meetings this week, overdue measures, mappings due, consents that run out and
families without contact from the demo's families as they are built, proposals from the
portal's demo step."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from familieplan.families.models import Family
from familieplan.meetings import services as meeting_services
from familieplan.meetings.models import Meeting
from familieplan.meetings.services import Invitee
from familieplan.plans import services as plan_services
from familieplan.plans.models import FamilyPlan, Measure, MeasureComment, PlanVersion


def _working_day_before(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _moment(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _comment(measure: Measure, *, by, label: str, text: str, at: datetime) -> None:
    comment = plan_services.measure_comment(measure=measure, by=by, author_label=label, text=text)
    MeasureComment.objects.filter(pk=comment.pk).update(created_at=at)


def build_today(families, users, today, seed) -> None:
    family = Family.objects.filter(name="Familien Warsame").first()
    if family is None:
        return
    amina = family.members.get(first_name="Amina")
    coordinator = family.coordinator or users["koordinator"]
    course = Measure.objects.filter(
        goal__plan__family=family, goal__plan__is_current=True, what__startswith="Lesekurs"
    ).first()
    if course is not None:
        # The school answers on the last working day, Amina wrote the evening before.
        answered = _working_day_before(today)
        school_at = _moment(answered, 13, 40)
        _comment(
            course,
            by=users["forelder"],
            label=amina.full_name,
            text="Sagal gleder seg til kurset, men tirsdager passer dårlig for oss.",
            at=_moment(answered - timedelta(days=1), 20, 15),
        )
        _comment(
            course,
            by=users["partner"],
            label=course.responsible_partner.name if course.responsible_partner else "",
            text="Sagal har vært på de to første gangene. Vi kan flytte tirsdagen til torsdag.",
            at=school_at,
        )
        if course.status == Measure.Status.PLANNED:
            plan_services.measure_move(
                measure=course,
                by=users["partner"],
                to=Measure.Status.IN_PROGRESS,
                expected_version=course.version,
            )
            # The plan's version for it, dated with the school's comment (not at load time).
            PlanVersion.objects.filter(
                plan=course.goal.plan, number=FamilyPlan.objects.get(pk=course.goal.plan_id).version
            ).update(at=school_at + timedelta(minutes=2))
    start = _visit_at(today)
    meeting_services.meeting_schedule(
        family=family,
        by=coordinator,
        kind=Meeting.Kind.HOME_VISIT,
        title="Hjemmebesøk",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Hjemme hos familien",
        invitees=[Invitee(member=amina), Invitee(user=coordinator)],
    )


def _visit_at(today):
    """A home visit at 15:00 later today; on a working day whose office hours have passed,
    or at the weekend, at 10:00 on the next working day (never in the evening)."""
    start = timezone.make_aware(datetime.combine(today, time(15, 0)))
    if today.weekday() < 5 and timezone.now() < start - timedelta(hours=1):
        return start
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return _moment(day, 10, 0)

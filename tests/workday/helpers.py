"""One of everything the start page's blocks list, built by hand in a given family.

`Day(world)` freezes the clock on a Wednesday (so "this week" has days before and after),
and `things(family, coordinator)` makes, in that family, a line for every block and a near
miss beside it that no block may show (a meeting next week, a measure of a service, an
answered proposal, a consent that runs for months …)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.test import Client

from familieplan.core.roles import Role
from familieplan.families.models import Domain, Enrolment, Family, ProgrammeSettings
from familieplan.meetings.models import Meeting
from familieplan.partners.models import Consent, Partner
from familieplan.plans import services as plan_services
from familieplan.plans.models import FamilyPlan, Measure, MeasureComment
from familieplan.portal.models import Proposal
from tests.factories import make_consent, make_member, make_partner, make_user

#: A Wednesday: the week runs to Sunday 15 March.
WEDNESDAY = date(2026, 3, 11)


def at(day: date, hour: int) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class Things:
    family: Family
    meeting_today: Meeting
    meeting_friday: Meeting
    measure_overdue: Measure
    measure_member: Measure
    proposal: Proposal
    family_comment: MeasureComment
    partner_comment: MeasureComment
    partner_update_id: object
    consent: Consent


def partner_for(municipality, *, name: str = "Lunde skole") -> tuple[Partner, object]:
    user = make_user(role=Role.PARTNER, municipality=municipality)
    return make_partner(municipality=municipality, name=name, kind="school", staff=user), user


def things(family: Family, coordinator, *, today: date = WEDNESDAY) -> Things:
    """Everything in `family`, whose coordinator is `coordinator` (its family member, its
    school with a login, its plan)."""
    ProgrammeSettings.for_municipality(family.municipality)
    Family.objects.filter(pk=family.pk).update(
        stage=Family.Stage.ACTIVE,
        last_contact_at=None,
        mapping_due_on=today + timedelta(days=10),
        mapping_late_on=today + timedelta(days=41),
    )
    Enrolment.objects.create(
        municipality=family.municipality,
        family=family,
        status="active",
        started_on=today - timedelta(days=100),
        planned_end=today + timedelta(days=1500),
    )
    parent_user = make_user(role=Role.FAMILY_MEMBER, municipality=family.municipality)
    parent = make_member(family=family, first_name="Mona", user=parent_user)
    school, school_user = partner_for(family.municipality)
    plan = plan_services.plan_create(
        family=family,
        by=coordinator,
        period_start=today - timedelta(days=90),
        period_end=today + timedelta(days=400),
    )
    domain = Domain.objects.get(municipality=family.municipality, code="school")
    goal = plan_services.goal_add(plan=plan, by=coordinator, domain=domain, own_words="Trives")

    def measure(what, kind, due, **who):
        return plan_services.measure_add(
            goal=goal, by=coordinator, what=what, responsible_kind=kind, due_on=due, **who
        )

    overdue = measure(
        "Søke støtte", "coordinator", today - timedelta(days=3), responsible_user=coordinator
    )
    member = measure(
        "Melde på fotball", "member", today + timedelta(days=5), responsible_member=parent
    )
    # Near misses: a service's measure, one due in a fortnight, one done.
    service = measure("Skolemøte", "service", today + timedelta(days=2), responsible_partner=school)
    measure("Senere", "coordinator", today + timedelta(days=14), responsible_user=coordinator)
    done = measure("Ferdig", "coordinator", today + timedelta(days=1), responsible_user=coordinator)
    plan_services.measure_move(
        measure=done, by=coordinator, to="in_progress", expected_version=done.version
    )
    done.refresh_from_db()
    plan_services.measure_move(
        measure=done, by=coordinator, to="done", expected_version=done.version, reason="Gjort"
    )

    def meeting(day, hour, status=Meeting.Status.PLANNED):
        return Meeting.objects.create(
            municipality=family.municipality,
            family=family,
            kind=Meeting.Kind.COOPERATION,
            starts_at=at(day, hour),
            ends_at=at(day, hour + 1),
            status=status,
            created_by=coordinator,
        )

    today_meeting = meeting(today, 14)
    friday = meeting(today + timedelta(days=2), 9)
    meeting(today + timedelta(days=5), 9)  # next Monday
    meeting(today + timedelta(days=1), 9, Meeting.Status.CANCELLED)
    meeting(today - timedelta(days=1), 9, Meeting.Status.HELD)

    proposal = Proposal.objects.create(
        municipality=family.municipality, family=family, kind="new_goal", by=parent, text="Svømming"
    )
    Proposal.objects.create(
        municipality=family.municipality,
        family=family,
        kind="comment",
        by=parent,
        text="Takk",
        answer="Bra",
        answered_at=at(today, 8),
        answered_by=coordinator,
    )
    family_comment = plan_services.measure_comment(
        measure=member, by=parent_user, author_label="Mona", text="Vi har søkt"
    )
    old = plan_services.measure_comment(
        measure=member, by=parent_user, author_label="Mona", text="Gammel"
    )
    MeasureComment.objects.filter(pk=old.pk).update(created_at=at(today - timedelta(days=20), 9))
    plan_services.measure_comment(
        measure=member, by=coordinator, author_label="Koordinator", text="Min egen"
    )
    partner_comment = plan_services.measure_comment(
        measure=service, by=school_user, author_label="Lunde skole", text="Avtalt"
    )
    plan_services.measure_move(
        measure=service, by=school_user, to="in_progress", expected_version=service.version
    )
    update_id = plan.versions.order_by("-number").values_list("pk", flat=True).first()

    consent = make_consent(
        family=family,
        partner=school,
        subject=parent,
        valid_from=today - timedelta(days=300),
        valid_until=today + timedelta(days=10),
        recorded_by=coordinator,
    )
    make_consent(family=family, partner=school, subject=parent, recorded_by=coordinator)
    return Things(
        family=family,
        meeting_today=today_meeting,
        meeting_friday=friday,
        measure_overdue=overdue,
        measure_member=member,
        proposal=proposal,
        family_comment=family_comment,
        partner_comment=partner_comment,
        partner_update_id=update_id,
        consent=consent,
    )


def blocks(client: Client, query: str = "") -> dict[str, dict]:
    """The "I dag" blocks of the start page, by key (none: the section is not there)."""
    response = client.get("/" + query)
    assert response.status_code == 200
    for section in response.context["sections"]:
        if section["template"] == "workday/_today.html":
            return {block["key"]: block for block in section["context"]["blocks"]}
    return {}


def ids(block: dict) -> set:
    return {line.object_id for line in block["lines"]}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


__all__ = ["FamilyPlan", "at", "blocks", "client_for", "ids", "things"]

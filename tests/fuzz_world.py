"""A test world with one of everything a URL can name, for the walks that visit every page.

Builds on the partner tests' family (tests/partners/conftest.py: mother, child of 9, youth of
16, a plan with goals and measures, Lunde skole) and adds what the other pages need: a consent
to the school, a screening, a planned meeting with invitations and a held one with minutes and
a decision, a note and a contact, a mapping under way, a proposal from the family, and the
world's family member as the mother's login. `ids` maps every URL parameter name to a real
id; `overrides` gives some routes other ids (the planned meeting for the meeting's edit pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from familieplan.core.models import Draft
from familieplan.economy import services as economy
from familieplan.economy.models import IncomeSource, ScenarioChange, Scheme
from familieplan.families import services as family_services
from familieplan.families.models import Family
from familieplan.journal import services as journal
from familieplan.mapping import services as mapping
from familieplan.meetings import services as meetings
from familieplan.meetings.invitations import emails_for
from familieplan.meetings.models import Meeting
from familieplan.meetings.services import Invitee
from familieplan.notifications.models import Notification
from familieplan.notifications.services import notify
from familieplan.portal.models import Proposal
from tests.factories import make_consent


@dataclass
class FuzzWorld:
    shared: object
    users: dict[str, object]
    ids: dict[str, str]
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def build(shared) -> FuzzWorld:
    world = shared.world
    family = shared.family
    coordinator = world.coordinator
    family.stage = Family.Stage.ACTIVE
    family.save(update_fields=["stage"])
    shared.mother.user = world.family_member
    shared.mother.save(update_fields=["user"])
    consent = make_consent(
        family=family,
        partner=shared.school,
        subject=shared.mother,
        topics=("plan", "meetings", "school"),
        recorded_by=coordinator,
    )
    screening = family_services.screening_perform(
        family=family,
        by=coordinator,
        income_year=2022,
        incomes={2020: Decimal(1), 2021: Decimal(1), 2022: Decimal(1)},
        months_on_social_assistance=None,
        manual_confirmed=[],
    )
    planned = meetings.meeting_schedule(
        family=family,
        by=coordinator,
        kind="cooperation",
        starts_at=_at(2, 10),
        ends_at=_at(2, 11),
        place="Skolen",
        invitees=[
            Invitee(member=shared.mother, email="mona@example.no"),
            Invitee(partner=shared.school, email="skole@example.no"),
        ],
    )
    # Held yesterday but not yet minuted: its edit, cancel and minutes pages all answer.
    Meeting.objects.filter(pk=planned.pk).update(starts_at=_at(-1, 10), ends_at=_at(-1, 11))
    held = meetings.meeting_schedule(
        family=family,
        by=coordinator,
        kind="cooperation",
        starts_at=_at(-3, 10),
        ends_at=_at(-3, 11),
        place="Skolen",
        held=True,
        invitees=[Invitee(partner=shared.school)],
    )
    held = meetings.minutes_record(
        meeting=held,
        by=coordinator,
        expected_sequence=held.sequence,
        minutes="Referat.",
        attended=set(),
    )
    decision = meetings.decision_add(meeting=held, by=coordinator, text="Skolen følger opp.")
    contact = journal.contact_record(
        family=family,
        by=coordinator,
        at=timezone.now() - timedelta(days=2),
        kind="home_visit",
        minutes=45,
        summary="Hjemmebesøk.",
        members=[shared.mother],
    )
    note = journal.note_write(
        family=family, by=coordinator, text="Notat om familien.", level="ordinary"
    )
    mapping.refresh_schedule(family)
    enrolment = family.enrolments.get()
    assessment = mapping.assessment_start(
        family=family, by=coordinator, occasion="intake", held_on=enrolment.started_on
    )
    proposal = Proposal.objects.create(
        municipality=family.municipality,
        family=family,
        kind=Proposal.Kind.NEW_GOAL,
        by=shared.mother,
        text="Vi vil lære å svømme.",
    )
    # The coordinator's notification of the family's proposal (tests/matrix_rows/notifications.py).
    notification = notify(
        family=family,
        kind=Notification.Kind.FAMILY_PROPOSAL,
        url=f"/families/{family.pk}/",
        recipients=[coordinator],
    )[0]
    # The coordinator's draft of family A's quick note: its page shows «Forkast utkastet».
    Draft.objects.create(
        municipality_id=family.municipality_id,
        user=coordinator,
        key=f"journal.quick_note:{family.pk}",
        data={"text": ["Utkast til et hurtignotat."]},
        updated_at=timezone.now(),
    )
    # The family's economy: an income, a scenario and one change (tests/matrix_rows/economy.py).
    income = economy.row_save(
        family=family,
        by=coordinator,
        row=IncomeSource(
            municipality_id=family.municipality_id,
            family=family,
            member=shared.mother,
            scheme=Scheme.objects.get(code="barnetrygd", municipality=None),
            amount=Decimal(1766),
            rhythm="monthly",
            day_of_month=20,
        ),
    )
    scenario = economy.scenario_create(
        family=family, by=coordinator, name="Deltidsjobb", estimate_assistance=False
    )
    scenario_change = economy.scenario_change_add(
        scenario=scenario,
        change=ScenarioChange(kind="income_ends", starts_on=timezone.localdate(), income=income),
    )
    users = dict(world.users())
    ids = {
        "family_id": family.pk,
        "member_id": shared.mother.pk,
        "screening_id": screening.pk,
        "enrolment_id": enrolment.pk,
        "goal_id": shared.family_goal.pk,
        "measure_id": shared.family_measure.pk,
        "partner_id": shared.school.pk,
        "consent_id": consent.pk,
        "meeting_id": held.pk,
        "decision_id": decision.pk,
        "email_id": emails_for(planned).first().pk,
        "note_id": note.pk,
        "contact_id": contact.pk,
        "assessment_id": assessment.pk,
        "instrument_key": "who5",
        "target": shared.mother.pk,
        "coordinator_id": coordinator.pk,  # the team lead's hand-over page (workday)
        "proposal_id": proposal.pk,
        "notification_id": notification.pk,
        "uidb64": "MQ",
        "token": "x-x",
        "key": "outings",  # the page the test-only app adds (tests/extension_app)
        # Drafts saved as a form is typed (core/drafts.py): family A's quick note.
        "draft_form": "journal.quick_note",
        "object_id": family.pk,
        "kind": "income",
        "row_id": income.pk,
        "scenario_id": scenario.pk,
        "change_id": scenario_change.pk,
    }
    planned_ids = {"meeting_id": planned.pk}
    overrides = {
        "meetings:edit": planned_ids,
        "meetings:cancel": planned_ids,
        "meetings:minutes": planned_ids,
        "meetings:calendar": planned_ids,
        "meetings:email_retry": planned_ids,
        "partner_portal:meeting": planned_ids,
    }
    return FuzzWorld(
        shared,
        users,
        {k: str(v) for k, v in ids.items()},
        {r: {k: str(v) for k, v in o.items()} for r, o in overrides.items()},
    )

"""What one family member sees of their family (MODEL.md §3 item 11, §4).

The rule, in one place (`Viewer.sees`): a member sees what concerns the whole family, what
concerns themselves, and — as a parent or guardian — what concerns a child below the
programme's youth consent age. So a youth's own goals, notes, consents and answers never
reach the parents, and one adult's not another's. Staff-only things (internal and restricted
notes, the coordinator's drafts, other families) are never in these querysets at all.

The same rule as `journal.rules.can_read_note` for notes; `tests/portal/test_visibility.py`
checks that the two agree.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from familieplan.families.models import Family, Member, ProgrammeSettings
from familieplan.journal import rules
from familieplan.journal.models import Contact, Note
from familieplan.meetings.models import Meeting
from familieplan.partners.models import Consent
from familieplan.plans.models import FamilyPlan, Goal, Measure

GUARDIAN_ROLES = (Member.Role.PARENT, Member.Role.GUARDIAN)


@dataclass(frozen=True)
class Viewer:
    member: Member
    family: Family
    is_guardian: bool
    #: Members whose matters this viewer sees: themselves and, for a guardian, the children
    #: below the youth consent age.
    people: frozenset[uuid.UUID]
    youth_consent_age: int
    today: date

    def sees(self, member_id: uuid.UUID | None) -> bool:
        """Whether something about `member_id` (None: the whole family) is shown."""
        return member_id is None or member_id in self.people


def viewer_of(member: Member, *, today: date | None = None) -> Viewer:
    today = today or timezone.localdate()
    family = member.family
    youth_age = ProgrammeSettings.for_municipality(family.municipality).youth_consent_age
    is_guardian = member.role in GUARDIAN_ROLES
    people = {member.pk}
    if is_guardian:
        people |= {
            m.pk
            for m in family.members.all()
            if not m.is_adult_role and m.age_on(today) < youth_age and m.in_household_on(today)
        }
    return Viewer(member, family, is_guardian, frozenset(people), youth_age, today)


def _about(field: str, viewer: Viewer) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__in": viewer.people})


def current_plan(viewer: Viewer) -> FamilyPlan | None:
    return FamilyPlan.objects.filter(family=viewer.family, is_current=True).first()


def goals_for(viewer: Viewer, plan: FamilyPlan) -> QuerySet[Goal]:
    return plan.goals.filter(_about("member", viewer)).select_related("domain", "member")


def measures_for(viewer: Viewer, plan: FamilyPlan) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(goal__in=goals_for(viewer, plan))
        .select_related("goal", "responsible_user", "responsible_member", "responsible_partner")
        .order_by("due_on")
    )


def meetings_for(viewer: Viewer) -> QuerySet[Meeting]:
    """Meetings where the viewer (or a child they see for) takes part."""
    return (
        Meeting.objects.filter(family=viewer.family, participants__member_id__in=viewer.people)
        .distinct()
        .order_by("-starts_at")
    )


def contacts_for(viewer: Viewer) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(family=viewer.family, members__in=viewer.people)
        .distinct()
        .order_by("-at")
    )


def notes_for(viewer: Viewer) -> QuerySet[Note]:
    """Ordinary notes about the family or someone the viewer sees for (never internal or
    restricted ones), corrected ones left out."""
    return (
        Note.objects.current()
        .filter(family=viewer.family, level=rules.ORDINARY)
        .filter(_about("about", viewer))
        .select_related("about")
        .order_by("-created_at")
    )


def consents_for(viewer: Viewer) -> QuerySet[Consent]:
    """Consents about the viewer (or a child they see for), and those the viewer gave."""
    return (
        Consent.objects.filter(family=viewer.family)
        .filter(Q(subject_id__in=viewer.people) | Q(given_by=viewer.member))
        .select_related("partner", "subject", "given_by")
        .order_by("-given_on")
    )

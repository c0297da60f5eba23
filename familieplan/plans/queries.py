"""Reads of the plan that decide what a page offers: who may agree to it, whether the agreement is
to the version in force, the version as of a moment."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from familieplan.families.models import Family, Member, ProgrammeSettings
from familieplan.plans import rules
from familieplan.plans.models import (
    FamilyPlan,
    PlanVersion,
)


def may_agree(member: Member, *, on: date | None = None) -> bool:
    """Whether `member` may be recorded as agreeing to the plan on `on` (today): an adult in
    the household, or a youth from the programme's self-consent age (`rules.may_agree`)."""
    on = on or timezone.localdate()
    youth_age = ProgrammeSettings.for_municipality(member.family.municipality).youth_consent_age
    return rules.may_agree(
        adult_role=member.is_adult_role,
        age=member.age_on(on),
        youth_consent_age=youth_age,
        in_household=member.in_household_on(on),
    )


def agreeing_members(family: Family, *, on: date | None = None) -> list[Member]:
    """The members who may agree to the family's plan today (the staff form offers these)."""
    return [m for m in family.members.select_related("family") if may_agree(m, on=on)]


def agreed_version_is_current(plan: FamilyPlan) -> bool | None:
    """None when nobody has agreed yet; False when the plan changed after the agreement."""
    latest = plan.agreements.order_by("-version_number").first()
    return None if latest is None else latest.version_number == plan.version


def version_as_of(plan: FamilyPlan, moment: datetime) -> PlanVersion | None:
    """The plan as it stood at `moment`: the newest version saved at or before it."""
    return plan.versions.filter(at__lte=moment).order_by("-number").first()

"""Families: the household as one case, how it comes in, and its enrolment over years."""

from familieplan.families.models.enrolment import (
    CoordinatorAssignment,
    Enrolment,
    EnrolmentEvent,
)
from familieplan.families.models.household import Address, Family, FamilyQuerySet, Member
from familieplan.families.models.intake import IntakeDecision, Referral, Screening
from familieplan.families.models.programme import Domain, ProgrammeSettings, ReferenceMedian

__all__ = [
    "Address",
    "CoordinatorAssignment",
    "Domain",
    "Enrolment",
    "EnrolmentEvent",
    "Family",
    "FamilyQuerySet",
    "IntakeDecision",
    "Member",
    "ProgrammeSettings",
    "ReferenceMedian",
    "Referral",
    "Screening",
]

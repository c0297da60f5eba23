"""What a partner service may see of a family: follows from the valid consents, today.

Read docs/decisions/0007-consent-scope.md. In short:

- A partner user works for one or more services (`PartnerStaff`) and has a partner membership
  in a municipality. They see a family of that municipality while at least one consent to one
  of their services is valid today.
- A consent concerns one person. Topics consented about an adult cover the family's shared
  matters (family-wide goals and measures, meetings); topics consented about a child or youth
  cover only what concerns that person.
- Nothing is cached: an expiry or a withdrawal takes effect on the next page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.utils import timezone

from familieplan.core.roles import Role
from familieplan.families.models import Family
from familieplan.partners.models import Consent, PartnerStaff
from familieplan.partners.rules import ADULT_AGE


def partner_ids_of(user) -> set[uuid.UUID]:
    """The services a partner user works for (none without an active partner membership)."""
    if not user.is_authenticated or not user.has_role(Role.PARTNER):
        return set()
    cached = getattr(user, "_partner_ids", None)  # once per request (the user is per request)
    if cached is None:
        cached = set(
            PartnerStaff.objects.filter(user=user, active=True, partner__active=True).values_list(
                "partner_id", flat=True
            )
        )
        user._partner_ids = cached
    return cached


def families_shared_with(user):
    """Families with a consent valid today to one of the user's services, in the user's
    partner municipalities."""
    partner_ids = partner_ids_of(user)
    if not partner_ids:
        return Family.objects.none()
    consents = Consent.objects.valid_now().filter(partner_id__in=partner_ids)
    return Family.objects.filter(
        municipality_id__in=user.municipality_ids(Role.PARTNER),
        pk__in=consents.values("family_id"),
    )


@dataclass(frozen=True)
class PartnerScope:
    """The topics one service may see about one family: shared matters and per person."""

    partner_ids: frozenset[uuid.UUID]
    family_topics: frozenset[str] = frozenset()
    member_topics: dict[uuid.UUID, frozenset[str]] = field(default_factory=dict)

    def allows(self, topic: str, member_id: uuid.UUID | None = None) -> bool:
        """May the service see `topic` about this person (None: the family's shared matters)?"""
        if member_id is None:
            return topic in self.family_topics
        return topic in self.member_topics.get(member_id, frozenset())

    @property
    def member_ids(self) -> set[uuid.UUID]:
        return set(self.member_topics)

    @property
    def all_topics(self) -> frozenset[str]:
        return self.family_topics.union(*self.member_topics.values())


def scope_for(family: Family, partner_ids: set[uuid.UUID]) -> PartnerScope:
    today = timezone.localdate()
    consents = (
        Consent.objects.valid_on(today)
        .filter(family=family, partner_id__in=partner_ids)
        .select_related("subject")
    )
    family_topics: set[str] = set()
    member_topics: dict[uuid.UUID, set[str]] = {}
    for consent in consents:
        member_topics.setdefault(consent.subject_id, set()).update(consent.topics)
        if consent.subject.age_on(today) >= ADULT_AGE:
            family_topics.update(consent.topics)
    return PartnerScope(
        partner_ids=frozenset(partner_ids),
        family_topics=frozenset(family_topics),
        member_topics={k: frozenset(v) for k, v in member_topics.items()},
    )


def sharing_overview(family: Family) -> list[dict]:
    """For the coordinator: per service, who may see what today (and what has lapsed)."""
    today = timezone.localdate()
    rows: dict[uuid.UUID, dict] = {}
    for consent in family.consents.select_related("partner", "subject", "given_by"):
        row = rows.setdefault(
            consent.partner_id, {"partner": consent.partner, "valid": [], "other": []}
        )
        (row["valid"] if consent.state_on(today) == "valid" else row["other"]).append(consent)
    return sorted(rows.values(), key=lambda r: (not r["valid"], r["partner"].name))


def partners_with_topic(family: Family, topic: str) -> set[uuid.UUID]:
    """Services that may see `topic` about at least one person in the family today."""
    consents = Consent.objects.valid_now().filter(family=family).values_list("partner_id", "topics")
    return {partner_id for partner_id, topics in consents if topic in topics}

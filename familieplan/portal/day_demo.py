"""The demo's proposals from families, for the coordinators' start page ("I dag", the block
in `day.py`): Amina Warsame asks for a new goal for Sagal two days ago, and one more active
family of each coordinator sends a proposal or a comment in the last days, unanswered."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from familieplan.families.models import Family, Member
from familieplan.portal.models import Proposal

PROPOSALS = (
    ("new_goal", "Vi ønsker at barna kan være med på en fritidsaktivitet sammen med venner."),
    ("change", "Vi vil flytte møtet med NAV til etter skoletid, så begge kan være med."),
    ("comment", "Det går bedre med leksene nå, takk for hjelpen."),
)


def _propose(family: Family, member: Member, kind: str, text: str, days: int) -> None:
    proposal = Proposal.objects.create(
        municipality_id=family.municipality_id, family=family, kind=kind, by=member, text=text
    )
    # In the evening, when families write; yesterday's when this evening has not come yet.
    day = timezone.localdate() - timedelta(days=days)
    sent = timezone.make_aware(datetime.combine(day, time(18, 30 + 7 * (days % 4))))
    if sent > timezone.now():
        sent -= timedelta(days=1)
    Proposal.objects.filter(pk=proposal.pk).update(created_at=sent)


def build_proposals(families, users, today, seed) -> None:
    warsame = Family.objects.filter(name="Familien Warsame").first()
    if warsame is not None:
        amina = warsame.members.get(first_name="Amina")
        text = "Sagal vil gjerne begynne på dans. Kan det bli et mål?"
        _propose(warsame, amina, "new_goal", text, days=2)
    picked: dict[int, Family] = {}
    others = Family.objects.filter(pk__in=[f.pk for f in families], stage="active")
    for family in others.exclude(name="Familien Warsame").order_by("name", "pk"):
        if family.coordinator_id:
            picked.setdefault(family.coordinator_id, family)
    for n, family in enumerate(sorted(picked.values(), key=lambda f: (f.name, str(f.pk)))):
        adult = family.members.filter(role__in=Member.ADULT_ROLES).order_by("first_name").first()
        if adult is not None:
            kind, text = PROPOSALS[n % len(PROPOSALS)]
            _propose(family, adult, kind, text, days=n % 4)

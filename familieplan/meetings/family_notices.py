"""Generic SMS notices to the family members taking part in a meeting: invited, and minutes
released ("the family's own side", item 7).

The email side of both is the invitation and the minutes notice in `invitations.py`, sent to
every participant with an address (a member's own address by default). These add an SMS to
members with a mobile number: only that a meeting is set or minutes can be read, and the link
to the family's own pages — no kind of meeting, title, agenda, place or names. Rules and
helpers in `outbox/notices.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from familieplan.meetings.invitations import INVITE, MINUTES, reference_of
from familieplan.meetings.models import Meeting, Participant
from familieplan.outbox.notices import notify_member


def _members(participants: Iterable[Participant]):
    return [p.member for p in participants if p.kind == Participant.Kind.MEMBER and p.member_id]


def meeting_set(meeting: Meeting, participants: Iterable[Participant]) -> int:
    """The family members among `participants` (newly invited) are told a meeting is set."""
    return sum(
        notify_member(
            member,
            topic=INVITE,
            reference=reference_of(meeting),
            headline=_("Du er invitert til et møte i Familieplan."),
        )
        for member in _members(participants)
    )


def minutes_released(meeting: Meeting) -> int:
    """The family members who took part in the meeting are told its minutes can be read."""
    participants = meeting.participants.filter(kind=Participant.Kind.MEMBER).select_related(
        "member__user"
    )
    return sum(
        notify_member(
            member,
            topic=MINUTES,
            reference=reference_of(meeting),
            headline=_("Referatet fra et møte i Familieplan er klart."),
        )
        for member in _members(participants)
    )

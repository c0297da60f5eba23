"""The personal calendar feed: a secret address a calendar program (Outlook) subscribes to,
answering the user's own meetings as times and a link.

The token is `secrets.token_urlsafe(32)` (256 random bits); only its SHA-256 hash is stored,
so the address cannot be read back from the database — it is shown once, when it is made. A
new address revokes the one before. The feed is computed at every fetch with the access the
user has then (`agenda.own_meetings`); each event holds only its start, end, stamp, UID,
sequence, status, the word «Møte» and the link to the meeting's page — no family name,
place, video link, agenda, participants or description.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familieplan.accounts.models import User
from familieplan.core.secret_tokens import new_token, plausible, token_hash
from familieplan.meetings import agenda
from familieplan.meetings.calendar import FeedEvent, feed_file
from familieplan.meetings.models import CalendarFeed, Meeting

#: The feed covers meetings from this long ago …
BEFORE = timedelta(days=30)
#: … to this far ahead.
AHEAD = timedelta(days=365)


def active_feed(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_create(*, user) -> str:
    """A new subscription for `user`, revoking the one before; returns the secret token
    (shown once, never stored)."""
    token = new_token()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one at a time per user
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
    return token


def feed_revoke(*, user) -> bool:
    """Revokes the user's subscription; False when there was none."""
    return bool(
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def feed_lookup(token: str) -> CalendarFeed | None:
    """The subscription a token belongs to (revoked ones too), with its user."""
    if not plausible(token):
        return None
    return CalendarFeed.objects.select_related("user").filter(token_hash=token_hash(token)).first()


def feed_url(token: str) -> str:
    return settings.FAMILIEPLAN_BASE_URL + reverse("meetings:feed", args=[token])


def meeting_url(meeting: Meeting) -> str:
    return settings.FAMILIEPLAN_BASE_URL + reverse(
        "meetings:detail", args=[meeting.family_id, meeting.pk]
    )


def feed_body(feed: CalendarFeed, *, now: datetime) -> str:
    """The iCalendar text of the user's meetings from 30 days back to a year ahead, as the
    user may see them now (one query), in the user's remembered language."""
    user = feed.user
    start, end = now - BEFORE, now + AHEAD
    meetings = agenda.for_feed(agenda.own_meetings(user, start=start, end=end))
    with translation.override(user.language or settings.LANGUAGE_CODE):
        summary, name = _("Møte"), _("Familieplan")
        events = [
            FeedEvent(
                uid=f"{meeting.calendar_uid}@familieplan",
                sequence=meeting.sequence,
                start=meeting.starts_at,
                end=meeting.ends_at,
                stamp=now,
                summary=summary,
                url=meeting_url(meeting),
                cancelled=meeting.status == Meeting.Status.CANCELLED,
            )
            for meeting in meetings
        ]
    local = timezone.localtime
    return feed_file(events, name=name, first=local(start).date(), last=local(end).date())


def mark_fetched(feed: CalendarFeed, *, now: datetime) -> None:
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)

"""The family's payment days as a calendar a phone subscribes to: one all-day event per
payment or bill from 30 days back to 180 days ahead, titled "Barnetrygd kommer" or "Husleie
forfaller" — the scheme's or the expense kind's name, never an amount, a typed description,
a creditor or a name, since subscribed calendars are often copied to a cloud service.

The address holds a secret token (core/secret_tokens.py) standing for one family member; it
answers only while that person is an active user living in the family, and is computed at
every fetch from the economy as that person may see it then (the family's pages decide,
`portal/economy_feed_views.py`), in the member's remembered language.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from familieplan.accounts.models import User
from familieplan.core.secret_tokens import new_token, plausible, token_hash
from familieplan.economy.models import Debt, Expense, IncomeSource, MoneyFeed
from familieplan.economy.reading import Economy, entries
from familieplan.lib.rhythm import occurrences

BEFORE = timedelta(days=30)
AHEAD = timedelta(days=180)
PRODID = "-//Familieplan//Betalingsdager//NB"


def active_feed(*, user, family) -> MoneyFeed | None:
    return MoneyFeed.objects.filter(user=user, family=family, revoked_at__isnull=True).first()


def feed_create(*, user, family) -> str:
    """A new subscription, revoking the one before; returns the token (shown once)."""
    token = new_token()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one at a time per user
        MoneyFeed.objects.filter(user=user, family=family, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        MoneyFeed.objects.create(
            municipality_id=family.municipality_id,
            family=family,
            user=user,
            token_hash=token_hash(token),
        )
    return token


def feed_revoke(*, user, family) -> bool:
    return bool(
        MoneyFeed.objects.filter(user=user, family=family, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def feed_lookup(token: str) -> MoneyFeed | None:
    if not plausible(token):
        return None
    return (
        MoneyFeed.objects.select_related("user", "family")
        .filter(token_hash=token_hash(token))
        .first()
    )


def feed_url(token: str) -> str:
    return settings.FAMILIEPLAN_BASE_URL + reverse("portal:economy_feed", args=[token])


def member_of(feed: MoneyFeed, *, today: date):
    """The family member the feed stands for, while active and living in the family."""
    if not feed.active or not feed.user.is_active:
        return None
    for member in feed.family.members.filter(user_id=feed.user_id).select_related("family"):
        if member.in_household_on(today):
            return member
    return None


def _day_event(uid: str, on: date, summary: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", on)
    event.add("dtend", on + timedelta(days=1))
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    return event


def feed_body(feed: MoneyFeed, economy: Economy, *, now: datetime) -> str:
    """The calendar of `economy` (the rows the person may see) around `now`."""
    today = timezone.localdate(now)
    start, end = today - BEFORE, today + AHEAD
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    with translation.override(feed.user.language or settings.LANGUAGE_CODE):
        name = _("Familieplan: betalingsdager")
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
        words = {
            IncomeSource: lambda row: _("%(name)s kommer") % {"name": row.scheme.label},
            Expense: lambda row: _("%(name)s forfaller") % {"name": row.get_kind_display()},
            Debt: lambda row: _("Avdrag forfaller"),
        }
        rows = [
            (entry.key, entry.schedule, words[type(entry.row)](entry.row))
            for entry in entries(economy)
        ]
        for key, schedule, summary in rows:
            for on in occurrences(schedule, start, end):
                calendar.add_component(
                    _day_event(f"{key}-{on.isoformat()}@familieplan", on, str(summary), now)
                )
    return calendar.to_ical().decode("utf-8")


def mark_fetched(feed: MoneyFeed, *, now: datetime) -> None:
    MoneyFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)

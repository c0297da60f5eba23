"""The personal calendar feed: made, shown once, replaced and revoked on its page; fetched
without login by its secret token, it is valid iCalendar that holds times and links and
nothing else, computed with the access the user has at the time of fetching."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from familieplan.accounts.models import Membership
from familieplan.core.models import AccessLog
from familieplan.meetings.models import CalendarFeed
from tests.factories import make_family
from tests.meetings.calendar_world import build, detail_url, make_meeting

PAGE = "/meetings/calendar/feed/"
ALLOWED = {"DTSTART", "DTEND", "DTSTAMP", "UID", "SEQUENCE", "STATUS", "SUMMARY", "URL"}


@pytest.fixture
def cw(world):
    return build(world)


def subscribe(client, user) -> str:
    """Makes a subscription on the page and returns the token from the address shown."""
    client.force_login(user)
    response = client.post(PAGE + "new/")
    assert response.status_code == 302 and response["Location"] == PAGE
    html = client.get(PAGE).content.decode()
    base = re.escape(settings.FAMILIEPLAN_BASE_URL)
    match = re.search(rf'value="{base}/meetings/feed/([A-Za-z0-9_-]+)\.ics"', html)
    assert match, "the new address is shown"
    return match.group(1)


def fetch(token: str):
    return Client().get(f"/meetings/feed/{token}.ics")


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content.decode()).walk("VEVENT")


def test_the_address_is_shown_once_and_only_its_hash_is_stored(client, cw, world):
    token = subscribe(client, world.coordinator)
    assert len(token) >= 43  # 32 random bytes
    again = client.get(PAGE).content.decode()
    assert token not in again and "Laget" in again and "Ikke hentet ennå" in again
    feed = CalendarFeed.objects.get(user=world.coordinator)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(v) for v in CalendarFeed.objects.values_list().get()]
    assert not any(token in value for value in stored)


def test_the_feed_is_valid_and_holds_only_times_and_links(client, cw, world):
    token = subscribe(client, world.coordinator)
    response = fetch(token)
    found = events(response)
    body = response.content.decode()
    assert {str(e["UID"]) for e in found} == {
        f"{m.calendar_uid}@familieplan" for m in (cw.own, cw.co, cw.taking_part, cw.cancelled)
    }
    for event in found:
        assert set(event.keys()) == ALLOWED
        assert str(event["SUMMARY"]) == "Møte"
        assert event.subcomponents == []
    by_uid = {str(e["UID"]): e for e in found}
    own = by_uid[f"{cw.own.calendar_uid}@familieplan"]
    assert str(own["URL"]) == settings.FAMILIEPLAN_BASE_URL + detail_url(cw.own)
    assert own.decoded("DTSTART") == cw.own.starts_at
    assert own.decoded("DTEND") == cw.own.ends_at
    assert str(own["STATUS"]) == "CONFIRMED"
    assert str(by_uid[f"{cw.cancelled.calendar_uid}@familieplan"]["STATUS"]) == "CANCELLED"
    for secret in (
        "Familien",
        "Hansen",
        "Dahl",
        "Storgata",
        "Fjell",
        "Hemmelig",
        "saksliste",
        "video.example.no",
        "Samarbeidsmøte",
        "Evaluering",
        "Hjemmebesøk",
        "Test Bruker",
        "koordinator",
        "Syk",
    ):
        assert secret not in body, secret
    assert "LOCATION" not in body and "DESCRIPTION" not in body and "ATTENDEE" not in body
    assert "ORGANIZER" not in body and "METHOD" not in body


def test_the_feed_covers_30_days_back_to_a_year_ahead(client, cw, world):
    today = timezone.localdate()
    inside = [
        make_meeting(world.family_a, day=today - timedelta(days=29), hour=9, by=world.coordinator),
        make_meeting(world.family_a, day=today + timedelta(days=360), hour=9, by=world.coordinator),
    ]
    outside = [
        make_meeting(world.family_a, day=today - timedelta(days=32), hour=9, by=world.coordinator),
        make_meeting(world.family_a, day=today + timedelta(days=370), hour=9, by=world.coordinator),
    ]
    uids = {str(e["UID"]) for e in events(fetch(subscribe(client, world.coordinator)))}
    assert all(f"{m.calendar_uid}@familieplan" in uids for m in inside)
    assert not any(f"{m.calendar_uid}@familieplan" in uids for m in outside)


def test_a_team_leads_feed_is_their_own_meetings_not_the_teams(client, cw, world):
    lead_family = make_family(unit=world.unit_a, name="Familien Lund", coordinator=world.team_lead)
    theirs = make_meeting(lead_family, day=cw.monday, hour=9, by=world.team_lead)
    uids = {str(e["UID"]) for e in events(fetch(subscribe(client, world.team_lead)))}
    assert uids == {f"{theirs.calendar_uid}@familieplan"}


def test_the_feed_follows_access_at_the_time_of_fetching(client, cw, world):
    token = subscribe(client, world.coordinator)
    assert len(events(fetch(token))) == 4
    # Moved to the other unit: the families of unit A are no longer theirs to see.
    Membership.objects.filter(user=world.coordinator).update(unit=world.unit_a2)
    assert events(fetch(token)) == []
    # No role at all: still a calendar, with nothing in it.
    Membership.objects.filter(user=world.coordinator).update(active=False)
    assert events(fetch(token)) == []
    # Deactivated: the address answers 404.
    world.coordinator.is_active = False
    world.coordinator.save()
    assert fetch(token).status_code == 404


def test_a_new_address_replaces_the_old(client, cw, world):
    first = subscribe(client, world.coordinator)
    second = subscribe(client, world.coordinator)
    assert first != second
    assert fetch(first).status_code == 404
    assert fetch(second).status_code == 200
    assert CalendarFeed.objects.filter(user=world.coordinator, revoked_at__isnull=True).count() == 1
    assert CalendarFeed.objects.filter(user=world.coordinator).count() == 2


def test_a_revoked_address_answers_404_and_is_logged_without_the_token(client, cw, world, caplog):
    token = subscribe(client, world.coordinator)
    assert client.post(PAGE + "revoke/").status_code == 302
    assert "Du har ikke noe kalenderabonnement." in client.get(PAGE).content.decode()
    with caplog.at_level(logging.INFO):
        response = fetch(token)
    assert response.status_code == 404
    feed = CalendarFeed.objects.get(user=world.coordinator)
    refused = AccessLog.objects.get(object_type="meetings.calendarfeed", outcome="not_found")
    assert refused.object_id == str(feed.pk)
    assert refused.municipality_id == world.muni_a.pk and refused.family_id is None
    assert refused.user is None and token not in refused.path
    assert any("refused: revoked" in r.getMessage() for r in caplog.records)
    assert token not in caplog.text


def test_an_unknown_token_answers_404_and_is_logged_without_it(cw, caplog):
    before = AccessLog.objects.count()
    with caplog.at_level(logging.INFO):
        response = fetch("a" * 43)
    assert response.status_code == 404 and response["Content-Type"].startswith("text/plain")
    assert "unknown token" in caplog.text and "a" * 43 not in caplog.text
    assert AccessLog.objects.count() == before  # nobody's data was aimed at
    assert fetch("x" * 5000).status_code == 404


def test_a_fetch_is_logged_as_the_owners_export_and_stamped(client, cw, world, caplog):
    token = subscribe(client, world.coordinator)
    with caplog.at_level(logging.INFO):
        fetch(token)
    entry = AccessLog.objects.get(object_type="meetings.calendarfeed", outcome="allowed")
    assert entry.user == world.coordinator and entry.action == "export"
    assert entry.role == "coordinator" and token not in entry.path
    assert token not in caplog.text
    assert CalendarFeed.objects.get().last_fetched_at is not None
    assert "Sist hentet" in client.get(PAGE).content.decode()


def test_the_feed_answers_in_a_constant_number_of_queries(client, cw, world):
    token = subscribe(client, world.coordinator)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert fetch(token).status_code == 200
        return len(captured)

    before = count()
    for n in range(10):
        family = make_family(
            unit=world.unit_a, name=f"Familien F{n}", coordinator=world.coordinator
        )
        for days in (1, 40, 200):
            make_meeting(family, day=cw.monday + timedelta(days=days), hour=9, by=world.coordinator)
    assert count() == before


def test_the_feed_page_is_for_case_staff(client, world):
    client.force_login(world.partner)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE + "new/").status_code == 403
    assert not CalendarFeed.objects.exists()

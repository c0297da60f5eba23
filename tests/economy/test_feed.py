"""The family's payment days as a subscribed calendar: only the hash of the token is stored;
the events carry the scheme's or the expense kind's name, never an amount, a typed
description or a creditor; a revoked token, or a person who has left the family, gets 404;
fetches are in the access log without the token; the token never reaches a log line."""

from __future__ import annotations

import logging
import re
from datetime import date

import pytest
import time_machine

from familieplan.core.access import Action, Outcome
from familieplan.core.logging import redact
from familieplan.core.models import AccessLog
from familieplan.economy import feed
from familieplan.economy.models import Debt, Expense, IncomeSource, MoneyFeed, Scheme
from familieplan.lib.rhythm import Rhythm
from tests.factories import make_member

TODAY = date(2026, 3, 10)


@pytest.fixture
def family(world):
    family = world.family_a
    make_member(family=family, first_name="Kari", role="parent", user=world.family_member)
    barnetrygd = Scheme.objects.get(code="barnetrygd", municipality=None)
    common = {
        "municipality_id": family.municipality_id,
        "family": family,
        "created_by": world.coordinator,
    }
    IncomeSource.objects.create(
        scheme=barnetrygd, amount=1766, rhythm=Rhythm.MONTHLY, day_of_month=20, **common
    )
    Expense.objects.create(
        kind="rent",
        label_text="Husleie Storgata 3",
        amount=9100,
        rhythm=Rhythm.MONTHLY,
        day_of_month=1,
        **common,
    )
    Debt.objects.create(
        creditor="Inkassobyrået AS",
        kind="collection",
        outstanding=12000,
        instalment=500,
        instalment_day=15,
        **common,
    )
    return family


@time_machine.travel(TODAY, tick=False)
def test_the_feed_has_the_days_and_only_words(client, world, family):
    token = feed.feed_create(user=world.family_member, family=family)
    assert MoneyFeed.objects.get().token_hash != token
    response = client.get(f"/family/economy/feed/{token}.ics")
    assert response.status_code == 200
    body = response.content.decode()
    assert "SUMMARY:Barnetrygd kommer" in body
    assert "SUMMARY:Husleie eller boliglån forfaller" in body
    assert "SUMMARY:Avdrag forfaller" in body
    assert "DTSTART;VALUE=DATE:20260320" in body
    for secret in ("1766", "9100", "Storgata", "Inkasso", "Kari", family.name):
        assert secret not in body
    entry = AccessLog.objects.filter(object_type="economy.moneyfeed").get()
    assert entry.action == Action.EXPORT and entry.user_id == world.family_member.pk
    assert token not in entry.path and entry.family_id == family.pk


@time_machine.travel(TODAY, tick=False)
def test_revoked_unknown_and_left_the_family_are_not_found(client, world, family, caplog):
    token = feed.feed_create(user=world.family_member, family=family)
    second = feed.feed_create(user=world.family_member, family=family)
    with caplog.at_level(logging.WARNING):
        assert client.get(f"/family/economy/feed/{token}.ics").status_code == 404
        assert client.get("/family/economy/feed/not-a-token.ics").status_code == 404
    assert token not in caplog.text
    refused = AccessLog.objects.filter(object_type="economy.moneyfeed").get()
    assert refused.outcome == Outcome.NOT_FOUND
    assert client.get(f"/family/economy/feed/{second}.ics").status_code == 200
    family.members.filter(user=world.family_member).update(left_on=date(2026, 3, 1))
    assert client.get(f"/family/economy/feed/{second}.ics").status_code == 404


def test_the_token_is_masked_in_log_lines():
    assert (
        redact("GET /family/economy/feed/abcDEF_123-x.ics")
        == "GET /family/economy/feed/[token fjernet].ics"
    )


@time_machine.travel(TODAY, tick=False)
def test_the_family_makes_and_stops_its_calendar_and_the_address_is_shown_once(
    client, world, family
):
    client.force_login(world.family_member)
    page = client.get("/family/economy/calendar/").content.decode()
    assert "Lag en ny kalenderadresse" in page and "Stopp kalenderen" not in page
    response = client.post("/family/economy/calendar/")
    assert response.status_code == 302
    shown = client.get("/family/economy/calendar/").content.decode()
    address = re.search(r"(/family/economy/feed/[A-Za-z0-9_\-]+\.ics)", shown).group(1)
    assert client.get(address).status_code == 200
    again = client.get("/family/economy/calendar/").content.decode()
    assert address not in again and "Stopp kalenderen" in again
    client.post("/family/economy/calendar/", {"stop": "1"})
    assert client.get(address).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_a_youths_own_income_is_not_in_a_parents_calendar(client, world, family):
    youth = make_member(family=family, first_name="Ola", role="child", birth_date=date(2009, 1, 5))
    IncomeSource.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        created_by=world.coordinator,
        member=youth,
        scheme=Scheme.objects.get(code="work", municipality=None),
        amount=3000,
        rhythm=Rhythm.MONTHLY,
        day_of_month=25,
    )
    token = feed.feed_create(user=world.family_member, family=family)
    body = client.get(f"/family/economy/feed/{token}.ics").content.decode()
    assert "SUMMARY:Barnetrygd kommer" in body
    assert "Arbeidsinntekt kommer" not in body

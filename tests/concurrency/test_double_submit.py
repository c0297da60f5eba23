"""One form, sent twice (a double click, a resent request, the back button and «Lagre» again),
makes one record; the second press lands on the first one's result with a message. Also when
both requests arrive at the same moment: the unique token waits for the first."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from familieplan.families.models import Address, Member, Referral
from familieplan.journal.models import Contact, Note, TimeEntry
from familieplan.meetings.models import Decision, Meeting
from familieplan.partners.models import Consent, Partner, PartnerContact
from tests.concurrency.helpers import page_form
from tests.factories import make_member, make_partner
from tests.partners.conftest import shared  # noqa: F401

TWICE = "Skjemaet ble sendt mer enn én gang"


@pytest.fixture
def coordinator(client, world):
    client.force_login(world.coordinator)
    return client


def _twice(client, url, data):
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    return first, second


def test_a_note_sent_twice_is_one_note(coordinator, world):
    url = f"/journal/{world.family_a.pk}/notes/new/"
    data = page_form(coordinator, url, text="Samtale om skolestart.", level="internal")
    first, second = _twice(coordinator, url, data)
    assert first.status_code == 302
    note = Note.objects.get()
    assert first["Location"].endswith(f"#note-{note.pk}")
    assert TWICE in second.content.decode() and "Samtale om skolestart." in second.content.decode()
    assert second.redirect_chain[-1][0].endswith(f"#note-{note.pk}")


def test_a_new_form_makes_a_new_note(coordinator, world):
    url = f"/journal/{world.family_a.pk}/notes/new/"
    for text in ("Første.", "Andre."):
        coordinator.post(url, page_form(coordinator, url, text=text, level="internal"))
    assert Note.objects.count() == 2


def test_a_second_press_wins_even_when_the_form_would_now_be_refused(coordinator, world):
    """An address from that date exists after the first press: the second finds the first
    record instead of an error about the date."""
    url = f"/families/{world.family_a.pk}/addresses/new/"
    data = page_form(
        coordinator,
        url,
        street="Storgata 1",
        postal_code="0150",
        city="Oslo",
        valid_from=timezone.localdate().isoformat(),
    )
    first, second = _twice(coordinator, url, data)
    assert first.status_code == 302 and Address.objects.count() == 1
    assert TWICE in second.content.decode()


CREATES = [
    (
        "contact",
        lambda w: f"/journal/{w.family_a.pk}/contacts/new/",
        {"kind": "phone", "minutes": "20", "summary": "Telefon om timen."},
        Contact,
    ),
    (
        "time",
        lambda w: f"/journal/{w.family_a.pk}/time/new/",
        {"kind": "travel", "minutes": "30"},
        TimeEntry,
    ),
    (
        "member",
        lambda w: f"/families/{w.family_a.pk}/members/new/",
        {"role": "parent", "first_name": "Per", "last_name": "Hansen", "birth_date": "1980-02-03"},
        Member,
    ),
    (
        "partner",
        lambda w: "/partners/new/",
        {"name": "Lunde skole", "kind": "school"},
        Partner,
    ),
]


@pytest.mark.parametrize(("name", "path", "fields", "model"), CREATES, ids=[c[0] for c in CREATES])
def test_each_record_form_sent_twice_makes_one_record(
    coordinator, world, name, path, fields, model
):
    url = path(world)
    before = model.objects.count()
    first, second = _twice(coordinator, url, page_form(coordinator, url, **fields))
    assert first.status_code == 302, first.content.decode()[:2000]
    assert model.objects.count() == before + 1
    assert TWICE in second.content.decode()


def test_a_partner_contact_sent_twice_is_one_contact(coordinator, world):
    partner = make_partner(municipality=world.muni_a, name="Lunde skole", kind="school")
    url = f"/partners/{partner.pk}/contacts/new/"
    _twice(coordinator, url, page_form(coordinator, url, name="Siri Lunde"))
    assert PartnerContact.objects.count() == 1


def test_a_consent_sent_twice_is_one_consent(coordinator, world):
    mother = make_member(family=world.family_a, first_name="Mona")
    make_partner(municipality=world.muni_a, name="Lunde skole", kind="school")
    url = f"/partners/families/{world.family_a.pk}/consents/new/"
    today = timezone.localdate()
    data = page_form(
        coordinator,
        url,
        subject=str(mother.pk),
        given_by=str(mother.pk),
        decision="given",
        topics=["plan"],
        purpose="Samarbeid.",
        method="written",
        given_on=today.isoformat(),
        valid_from=today.isoformat(),
        valid_until=(today + timedelta(days=300)).isoformat(),
    )
    first, second = _twice(coordinator, url, data)
    assert first.status_code == 302, re.findall(r"id=\"(\w+)_error\"", first.content.decode())
    assert Consent.objects.count() == 1 and TWICE in second.content.decode()


def test_a_referral_sent_twice_is_one_family(coordinator, world):
    from tests.families.helpers import ADULT, referral_post

    url = "/families/referral/new/"
    token = page_form(coordinator, url)["referral-submit_token"]
    data = {**referral_post(unit=world.unit_a, members=[ADULT]), "referral-submit_token": token}
    first, second = _twice(coordinator, url, data)
    assert first.status_code == 302
    assert Referral.objects.count() == 1 and TWICE in second.content.decode()


def test_a_meeting_and_a_decision_sent_twice_are_one_each(coordinator, world, shared):  # noqa: F811
    from familieplan.meetings import services

    start = timezone.localtime() + timedelta(days=3)
    url = f"/meetings/{shared.family.pk}/new/"
    data = page_form(
        coordinator,
        url,
        kind="cooperation",
        day=start.date().isoformat(),
        start_time="10:00",
        end_time="11:00",
        place="Kontoret",
    )
    first, _second = _twice(coordinator, url, data)
    assert first.status_code == 302 and Meeting.objects.count() == 1
    meeting = services.meeting_schedule(
        family=shared.family,
        by=world.coordinator,
        kind="cooperation",
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(days=1) + timedelta(hours=1),
        held=True,
        invitees=[],
    )
    services.minutes_record(
        meeting=meeting, by=world.coordinator, expected_sequence=0, minutes="Ok.", attended=set()
    )
    page = f"/meetings/{shared.family.pk}/{meeting.pk}/"
    html = coordinator.get(page).content.decode()
    from tests import fuzzing

    form = next(f for f in fuzzing.forms_on(page, html) if f.action.endswith("/decisions/new/"))
    decision = {**form.baseline(), "text": "Skolen følger opp."}
    decision.pop("csrfmiddlewaretoken")
    _twice(coordinator, form.action, decision)
    assert Decision.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database refuses a second writer at once",
)
def test_two_presses_at_the_same_moment_make_one_note(world):
    """Both requests pass the «already saved?» check before either has saved: the database's
    unique token makes the second wait for the first and find its note."""
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(world.coordinator)
    url = f"/journal/{world.family_a.pk}/notes/new/"
    data = page_form(clients[0], url, text="Samtidig.", level="internal")
    start = threading.Barrier(2)
    statuses = []

    def press(client):
        try:
            start.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert Note.objects.filter(text="Samtidig.").count() == 1

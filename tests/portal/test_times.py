"""Times a family reads are Norwegian local time in the reader's format: a meeting at 10:00 in
Oslo, in winter (+01:00) and in summer (+02:00), reads 10:00 in the copy of everything (JSON:
ISO 8601 in local time with the offset, labelled; PDF: the reader's language) and in the
invitation email, in bokmål, English and Arabic."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from familieplan.lib.times import OSLO
from familieplan.meetings import services as meetings
from familieplan.meetings.services import Invitee
from familieplan.outbox.models import OutgoingEmail

WINTER = datetime(2026, 12, 9, 10, 0, tzinfo=OSLO)
SUMMER = datetime(2026, 6, 10, 10, 0, tzinfo=OSLO)
PDF_TIMES = {
    "nb": ("09.12.2026 10.00", "10.06.2026 10.00"),
    "en": ("9 Dec 2026, 10:00", "10 Jun 2026, 10:00"),
    "ar": ("09/12/2026", "10/06/2026"),
}


@pytest.fixture
def two_meetings(portal):
    shared = portal.shared
    shared.mother.email = "mona@example.org"
    shared.mother.save(update_fields=["email"])
    for start in (WINTER, SUMMER):
        meetings.meeting_schedule(
            family=shared.family,
            by=shared.world.coordinator,
            kind="evaluation",
            starts_at=start,
            ends_at=start + timedelta(hours=1, minutes=30),
            invitees=[Invitee(member=shared.mother, email=shared.mother.email)],
            held=start < timezone.now(),
        )
    return portal


def _speak(portal, language):
    portal.mother_user.language = language
    portal.mother_user.save(update_fields=["language"])


def test_the_json_copy_has_local_times_with_the_offset(client, two_meetings):
    client.force_login(two_meetings.mother_user)
    data = json.loads(client.get("/family/copy/?format=json").content)
    starts = sorted(m["starts"] for m in data["meetings"])
    assert starts == ["2026-06-10T10:00:00+02:00", "2026-12-09T10:00:00+01:00"]
    assert data["time_zone"] == "Europe/Oslo"
    made = datetime.fromisoformat(data["made_at"])
    assert made.utcoffset() == timezone.localtime().utcoffset()
    for line in data["access_log"]:
        assert datetime.fromisoformat(line["at"]).utcoffset() is not None


@pytest.mark.parametrize("language", sorted(PDF_TIMES))
def test_the_pdf_copy_shows_ten_oclock_in_the_readers_format(client, two_meetings, language):
    from pypdf import PdfReader

    _speak(two_meetings, language)
    client.force_login(two_meetings.mother_user)
    response = client.get("/family/copy/?format=pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in PDF_TIMES[language]:
        assert expected in text, (language, expected)
    assert "T10:00" not in text and "T09:00" not in text and "+01:00" not in text


@pytest.mark.parametrize(
    ("language", "when"),
    [
        ("nb", "09.12.2026 10.00–11.30"),
        ("en", "9 Dec 2026, 10:00–11:30"),
        ("ar", "09/12/2026 10:00–11:30"),
    ],
)
def test_the_invitation_email_is_in_local_time_and_the_readers_format(portal, language, when):
    shared = portal.shared
    _speak(portal, language)
    shared.mother.email = "mona@example.org"
    shared.mother.save(update_fields=["email"])
    meetings.meeting_schedule(
        family=shared.family,
        by=shared.world.coordinator,
        kind="evaluation",
        starts_at=WINTER,
        ends_at=WINTER + timedelta(hours=1, minutes=30),
        invitees=[Invitee(member=shared.mother, email=shared.mother.email)],
    )
    email = OutgoingEmail.objects.get(to="mona@example.org")
    assert when in email.subject and when in email.body

"""A family member's invitation is generic: the time and a link to the family's pages — no
kind of meeting, no place, no other participant — in the member's own language; a service
still gets the usual invitation."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar

from familieplan.core.roles import Role
from familieplan.meetings import services
from familieplan.meetings.services import Invitee
from familieplan.outbox.models import OutgoingEmail
from tests.factories import make_user


def test_a_family_members_invitation_says_nothing_sensitive(shared):
    mother = shared.mother
    mother.email = "mona@example.org"
    mother.user = make_user(
        username="mona", role=Role.FAMILY_MEMBER, municipality=shared.world.muni_a
    )
    mother.save(update_fields=["email", "user"])
    mother.user.language = "en"
    mother.user.save(update_fields=["language"])
    start = timezone.now() + timedelta(days=3)
    services.meeting_schedule(
        family=shared.family,
        by=shared.world.coordinator,
        kind="cooperation",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        invitees=[
            Invitee(member=mother, email=mother.email),
            Invitee(name="Tolk Ali", email="tolk@example.org"),
        ],
        place="BUP, Storgata 1",
        agenda="Skolestart",
    )
    email = OutgoingEmail.objects.get(to="mona@example.org")
    text = email.subject + email.body + email.attachment_content
    for secret in ("Samarbeidsmøte", "Cooperation", "BUP", "Storgata", "Tolk", "Skolestart"):
        assert secret not in text, secret
    assert "/family/meetings/" in email.body
    assert "meeting in Familieplan" in email.subject  # her language
    event = Calendar.from_ical(email.attachment_content).walk("VEVENT")[0]
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == ["mailto:mona@example.org"]
    other = OutgoingEmail.objects.get(to="tolk@example.org")
    assert "BUP, Storgata 1" in other.body  # the interpreter needs the place

"""Invitations, changes and cancellations by email with a calendar file; notices when minutes
are released. The text is generic: no family name and nothing sensitive, only the kind of
meeting, the time, the place and a link to log in (MODEL.md §4). Family members get less still:
the time and a link, no kind of meeting, no place and no other participants (`_private`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from familieplan.core import extensions
from familieplan.lib.times import person_span
from familieplan.meetings.calendar import CalendarEvent, calendar_file
from familieplan.meetings.models import Meeting, Participant
from familieplan.outbox.models import OutgoingEmail
from familieplan.outbox.services import Attachment, email_queue

INVITE, UPDATE, CANCEL = "meeting_invitation", "meeting_update", "meeting_cancellation"
MINUTES = "meeting_minutes"


def reference_of(meeting: Meeting) -> str:
    return f"meeting:{meeting.pk}"


def emails_for(meeting: Meeting):
    return OutgoingEmail.objects.for_reference(reference_of(meeting)).order_by("-created_at")


def _link_for(participant: Participant, meeting: Meeting) -> str:
    """Where the recipient reads the meeting after logging in."""
    if participant.kind == Participant.Kind.STAFF:
        path = reverse("meetings:detail", args=[meeting.family_id, meeting.pk])
    elif participant.kind == Participant.Kind.PARTNER:
        path = extensions.url_for("partner.meeting", meeting.family_id, meeting.pk)
    elif participant.kind == Participant.Kind.MEMBER:
        path = extensions.url_for("family.meetings")
    else:
        path = None
    # The partner's and the family's pages are higher apps: named places (core/extensions.py);
    # the front page when they are not installed.
    path = path or reverse("core:home")
    return settings.FAMILIEPLAN_BASE_URL + path


def _organizer(meeting: Meeting) -> tuple[str, str]:
    user = meeting.family.coordinator or meeting.created_by
    return user.display_name, user.email


def _language_of(participant: Participant) -> str:
    if participant.user_id and participant.user.language:
        return participant.user.language
    member = participant.member if participant.kind == Participant.Kind.MEMBER else None
    if member is not None and member.user_id and member.user.language:
        return member.user.language
    return settings.LANGUAGE_CODE


def _private(participant: Participant) -> bool:
    """A family member gets a generic text: no kind of meeting, no place, no other names —
    an email or a calendar on a shared phone must not tell what the family is involved in
    (details are on the family's own pages after login)."""
    return participant.kind == Participant.Kind.MEMBER


def _when(meeting: Meeting) -> str:
    """The meeting's time in Norwegian local time, as the recipient's language writes it (the
    caller has activated that language)."""
    return person_span(meeting.starts_at, meeting.ends_at, get_language())


def _attendees(meeting: Meeting) -> tuple[tuple[str, str], ...]:
    people = meeting.participants.select_related("member", "partner", "user")
    return tuple((p.display_name, p.email) for p in people)


def _event(
    meeting: Meeting, participant: Participant, *, cancelled: bool, attendees=None
) -> CalendarEvent:
    name, email = _organizer(meeting)
    private = _private(participant)
    if private:
        attendees = ((participant.display_name, participant.email),)
    return CalendarEvent(
        uid=f"{meeting.calendar_uid}@familieplan",
        sequence=meeting.sequence,
        start=meeting.starts_at,
        end=meeting.ends_at,
        stamp=timezone.now(),
        summary=_("Møte (Familieplan)")
        if private
        else _("%(kind)s (Familieplan)") % {"kind": meeting.get_kind_display()},
        location="" if private else meeting.video_link or meeting.place,
        url=_link_for(participant, meeting),
        description=_("Se saksliste og deltakere i Familieplan: %(url)s")
        % {"url": _link_for(participant, meeting)},
        organizer_name=name,
        organizer_email=email,
        attendees=_attendees(meeting) if attendees is None else attendees,
        cancelled=cancelled,
    )


def _body(meeting: Meeting, participant: Participant, intro: str) -> str:
    lines = [intro, "", _("Tid: %(when)s") % {"when": _when(meeting)}]
    if _private(participant):
        lines.append(_("Sted og mer om møtet finner du i Familieplan."))
    elif meeting.place:
        lines.append(_("Sted: %(place)s") % {"place": meeting.place})
    if meeting.video_link and not _private(participant):
        lines.append(_("Videomøte: %(link)s") % {"link": meeting.video_link})
    lines += [
        "",
        _("Logg inn i Familieplan for å se mer: %(url)s")
        % {"url": _link_for(participant, meeting)},
        "",
        _("Denne e-posten er sendt automatisk og kan ikke besvares."),
    ]
    return "\n".join(lines)


def send_calendar(meeting: Meeting, participants, *, topic: str) -> int:
    """Queue one email with a calendar file per participant who has an address."""
    cancelled = topic == CANCEL
    attendees = _attendees(meeting)
    sent = 0
    for participant in participants:
        if not participant.email:
            continue
        with translation.override(_language_of(participant)):
            kind = (
                _("et møte i Familieplan") if _private(participant) else meeting.get_kind_display()
            )
            subject, intro = {
                INVITE: (
                    _("Invitasjon: %(kind)s %(when)s"),
                    _("Du er invitert til et møte."),
                ),
                UPDATE: (
                    _("Endret: %(kind)s %(when)s"),
                    _("Tid, sted eller deltakere for møtet er endret."),
                ),
                CANCEL: (
                    _("Avlyst: %(kind)s %(when)s"),
                    _("Møtet er avlyst."),
                ),
            }[topic]
            email_queue(
                to=participant.email,
                to_name=participant.display_name,
                subject=subject % {"kind": kind, "when": _when(meeting)},
                body=_body(meeting, participant, intro),
                topic=topic,
                municipality_id=meeting.municipality_id,
                reference=reference_of(meeting),
                about_family_id=meeting.family_id,
                attachment=Attachment(
                    name="invitasjon.ics",
                    content=calendar_file(
                        _event(meeting, participant, cancelled=cancelled, attendees=attendees)
                    ),
                    mimetype=f"text/calendar; method={'CANCEL' if cancelled else 'REQUEST'}",
                ),
            )
        sent += 1
    return sent


def send_minutes_notice(meeting: Meeting) -> int:
    """Tell participants that the minutes can be read (the minutes stay in Familieplan)."""
    sent = 0
    for participant in meeting.participants.select_related("member", "partner", "user"):
        if not participant.email or participant.kind == Participant.Kind.OTHER:
            continue
        with translation.override(_language_of(participant)):
            email_queue(
                to=participant.email,
                to_name=participant.display_name,
                subject=_("Referat fra møtet %(when)s er klart") % {"when": _when(meeting)},
                body=_body(meeting, participant, _("Referatet fra møtet kan nå leses.")),
                topic=MINUTES,
                municipality_id=meeting.municipality_id,
                reference=reference_of(meeting),
                about_family_id=meeting.family_id,
            )
        sent += 1
    return sent


def calendar_download(meeting: Meeting, participant: Participant | None = None) -> str:
    """The calendar file offered on the meeting page."""
    viewer = participant or Participant(kind=Participant.Kind.STAFF, meeting=meeting)
    return calendar_file(
        _event(meeting, viewer, cancelled=meeting.status == Meeting.Status.CANCELLED)
    )

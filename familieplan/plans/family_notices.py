"""Generic notices to a family member by email and SMS ("the family's own side", item 7).

A notice says only that something is waiting in Familieplan and links to the family's own
pages: no names, no service, no goal or measure text, no kind of meeting. It goes to the one
member it is about (a youth's measure: the youth, never the parents), in the language their
login remembers (else bokmål), by email when they have an address and by SMS when they have a
mobile number. It is queued in the caller's transaction, so it is sent only if the change is
saved. An address or number that cannot be used is skipped (logged without it): a notice never
stops the change it is about.

The meeting notices (`meetings/family_notices.py`) use the same helpers.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.families.models import Member
from familieplan.outbox.models import SMS_MAX_LENGTH
from familieplan.outbox.services import email_queue, sms_queue
from familieplan.outbox.sms import normalise_mobile
from familieplan.plans.models import Measure

logger = logging.getLogger("familieplan.notices")

MEASURE_ASSIGNED = "measure_assigned"


def language_of(member: Member) -> str:
    """The language the member's login remembers, else the source language (bokmål)."""
    if member.user_id and member.user.language:
        return member.user.language
    return settings.LANGUAGE_CODE


def family_link() -> str:
    """The family's own pages (they log in there and see what the notice is about); the
    front page when the family's pages are not installed."""
    try:
        path = reverse("portal:home")
    except NoReverseMatch:
        path = reverse("core:home")
    return settings.FAMILIEPLAN_BASE_URL + path


def _usable_email(member: Member) -> str:
    address = (member.email or "").strip()
    if not address:
        return ""
    try:
        validate_email(address)
    except ValidationError:
        logger.warning("Member %s: email address not usable; no email notice", member.pk)
        return ""
    return address


def _usable_mobile(member: Member) -> str:
    if not (member.phone or "").strip():
        return ""
    try:
        return normalise_mobile(member.phone)
    except ValueError:
        logger.info("Member %s: phone is not a mobile number; no SMS notice", member.pk)
        return ""


def _sms_text(headline: str, link: str) -> str:
    """One segment: the headline and the link, or (a very long address) without the link;
    empty when even that is too long (a long translation)."""
    text = f"{headline} " + _("Logg inn for å se mer: %(url)s") % {"url": link}
    if len(text) <= SMS_MAX_LENGTH:
        return text
    text = f"{headline} " + _("Logg inn i Familieplan for å se mer.")
    return text if len(text) <= SMS_MAX_LENGTH else ""


def notify_member(
    member: Member,
    *,
    topic: str,
    reference: str,
    headline,
    subject=None,
) -> int:
    """Queue the notice `headline` (a lazy string, bokmål source) to `member`.

    By SMS when the member has a mobile number; by email too when `subject` is given and the
    member has an address (meeting notices leave email to the invitation). Returns how many
    messages were queued.
    """
    address = _usable_email(member) if subject is not None else ""
    mobile = _usable_mobile(member)
    if not address and not mobile:
        return 0
    queued = 0
    link = family_link()
    with translation.override(language_of(member)):
        if address:
            body = "\n".join(
                [
                    _("Hei!"),
                    "",
                    str(headline),
                    "",
                    _("Logg inn i Familieplan for å se mer: %(url)s") % {"url": link},
                    "",
                    _("Denne e-posten er sendt automatisk og kan ikke besvares."),
                ]
            )
            email_queue(
                to=address,
                subject=str(subject),
                body=body,
                topic=topic,
                municipality_id=member.municipality_id,
                reference=reference,
            )
            queued += 1
        text = _sms_text(str(headline), link) if mobile else ""
        if mobile and not text:
            logger.warning("Notice %s: the SMS text is longer than one segment; not sent", topic)
        if text:
            sms_queue(
                to=mobile,
                body=text,
                topic=topic,
                municipality_id=member.municipality_id,
                reference=reference,
            )
            queued += 1
    return queued


def measure_assigned(measure: Measure, *, previous_member_id=None) -> int:
    """The measure's responsible family member (only them) has a new task.

    Nothing when the responsible party is not a family member, or is the member who was
    responsible before (`previous_member_id`, when a measure is changed).
    """
    if measure.responsible_kind != Measure.Responsible.MEMBER:
        return 0
    member = measure.responsible_member
    if member is None or member.pk == previous_member_id:
        return 0
    return notify_member(
        member,
        topic=MEASURE_ASSIGNED,
        reference=f"measure:{measure.pk}",
        headline=gettext_lazy("Du har fått en ny oppgave i Familieplan."),
        subject=gettext_lazy("Ny oppgave i Familieplan"),
    )

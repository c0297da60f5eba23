"""Generic notices to a family member by email and SMS: a notice says only that something is
waiting in Familieplan and links to the family's own pages — no names, no service, no goal or
measure text, no kind of meeting. It goes to the one member it is about, in the language their
login remembers (else bokmål), by email when asked for and they have an address, and by SMS
when they have a mobile number. It is queued in the caller's transaction, so it is sent only
if the change is saved. An address or number that cannot be used is skipped (logged without
it): a notice never stops the change it is about.

The apps word their notices (`plans/family_notices.py`: a new task; `meetings/family_notices.py`:
a meeting set, minutes released) and call `notify_member`.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from familieplan.core import extensions
from familieplan.outbox.models import SMS_MAX_LENGTH
from familieplan.outbox.services import email_queue, sms_queue
from familieplan.outbox.sms import normalise_mobile

logger = logging.getLogger("familieplan.notices")


class Reachable(Protocol):
    """Who a notice goes to: a family member (`families.Member`) has these."""

    pk: Any
    municipality_id: int
    email: str
    phone: str
    user: Any  # their login, if any: its `language` is the one they chose
    user_id: Any


def language_of(member: Reachable) -> str:
    """The language the member's login remembers, else the source language (bokmål)."""
    if member.user_id and member.user.language:
        return member.user.language
    return settings.LANGUAGE_CODE


def family_link() -> str:
    """The family's own pages (they log in there and see what the notice is about); the
    front page when the family's pages are not installed."""
    path = extensions.url_for("family.home") or reverse("core:home")
    return settings.FAMILIEPLAN_BASE_URL + path


def _usable_email(member: Reachable) -> str:
    address = (member.email or "").strip()
    if not address:
        return ""
    try:
        validate_email(address)
    except ValidationError:
        logger.warning("Member %s: email address not usable; no email notice", member.pk)
        return ""
    return address


def _usable_mobile(member: Reachable) -> str:
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
    member: Reachable,
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

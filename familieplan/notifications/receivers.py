"""An email to a meeting's participant that failed for good: the family's coordinators get a
notification pointing at the meeting, where the email's status is shown and it can be sent
again. Connected to `outbox.signals.email_failed` in `NotificationsConfig.ready()`."""

from __future__ import annotations

import logging
import uuid

from django.db import transaction
from django.urls import reverse

from familieplan.core import extensions
from familieplan.families.models import Family
from familieplan.notifications.models import Notification
from familieplan.notifications.services import notify

logger = logging.getLogger("familieplan.notifications")

#: How the meetings app names its emails' reference (`meetings.invitations.reference_of`).
MEETING_REFERENCE = "meeting:"


def _path(email, family: Family) -> str:
    """The meeting's page when the email belongs to a meeting, else the family's page."""
    if email.reference.startswith(MEETING_REFERENCE):
        try:
            meeting_id = uuid.UUID(email.reference.removeprefix(MEETING_REFERENCE))
        except ValueError:
            meeting_id = None
        if meeting_id is not None:
            path = extensions.url_for("staff.meeting", family.pk, meeting_id)
            if path:
                return path
    return reverse("families:detail", args=[family.pk])


def email_failed(sender, *, email, **kwargs) -> None:
    if email.about_family_id is None:
        return  # not an email to a participant about a family (e.g. a notice to staff)
    family = Family.objects.filter(
        pk=email.about_family_id, municipality_id=email.municipality_id
    ).first()
    if family is None:
        logger.warning("Email %s failed; its family is not in its municipality", email.pk)
        return
    with transaction.atomic():  # a savepoint: a problem here never undoes the failure's record
        notify(family=family, kind=Notification.Kind.EMAIL_BOUNCED, url=_path(email, family))

"""The family's enrolment events on the follow-up timeline (core/extensions.py)."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import TimelineEvent, TimelineSource
from familieplan.families.models import EnrolmentEvent


def _at(on) -> datetime:
    """An event has a day, not a time: it sits at noon of that day."""
    return timezone.make_aware(datetime.combine(on, time(12, 0)))


def _keys(user, family, before, n):
    qs = EnrolmentEvent.objects.filter(enrolment__family=family)
    if before is not None:
        qs = qs.filter(on__lte=timezone.localtime(before).date())
    rows = qs.order_by("-on", "-at").values_list("on", "pk")[: n * 2]
    keys = [(_at(on), pk) for on, pk in rows]
    return [(at, pk) for at, pk in keys if before is None or at < before][:n]


def _events(user, family, ids):
    qs = EnrolmentEvent.objects.filter(enrolment__family=family, pk__in=ids).select_related("by")
    return {
        event.pk: TimelineEvent(
            at=_at(event.on),
            kind="enrolment",
            title=str(event.get_to_status_display()),
            text=event.note,
            by=event.by.display_name,
        )
        for event in qs
    }


ENROLMENT = TimelineSource("enrolment", _("Deltakelse"), _keys, _events, order=50)

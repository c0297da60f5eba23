"""The family's meetings on the follow-up timeline (core/extensions.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import TimelineEvent, TimelineSource


def _keys(user, family, before, n):
    qs = family.meetings.all()
    if before is not None:
        qs = qs.filter(starts_at__lt=before)
    return qs.order_by("-starts_at").values_list("starts_at", "pk")[:n]


def _events(user, family, ids):
    return {
        m.pk: TimelineEvent(
            at=m.starts_at,
            kind="meeting",
            title=f"{m.label} · {m.get_status_display()}",
            text=Truncator(m.agenda).words(40),
            url=reverse("meetings:detail", args=[family.pk, m.pk]),
        )
        for m in family.meetings.filter(pk__in=ids)
    }


MEETINGS = TimelineSource("meeting", _("Møter"), _keys, _events, order=30)

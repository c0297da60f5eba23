"""The daily reminder digest: per coordinator, how many of their families have measures due,
plan reviews due, or consents that run out within 30 days. One email per person and day.

The email names no family and no person (email is not a safe channel for case data); it gives
the counts and links to the caseload filtered on each counter, where the families are listed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from familieplan.accounts.models import User
from familieplan.outbox.services import email_queue
from familieplan.partners.counters import expiring_consents
from familieplan.plans import rules
from familieplan.plans.counters import MEASURE_NOTICE_DAYS, REVIEW_NOTICE_DAYS
from familieplan.plans.models import FamilyPlan, Measure
from familieplan.reminders.models import DigestSent


@dataclass
class Digest:
    measures_due: set = field(default_factory=set)
    reviews_due: set = field(default_factory=set)
    consents_expiring: set = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not (self.measures_due or self.reviews_due or self.consents_expiring)


def collect(today: date) -> dict[int, Digest]:
    """Family ids per coordinator (and co-coordinator) for each kind of reminder."""
    digests: dict[int, Digest] = defaultdict(Digest)

    def add(rows, attribute: str) -> None:
        for family_id, coordinator_id, co_coordinator_id in rows:
            for user_id in (coordinator_id, co_coordinator_id):
                if user_id is not None:
                    getattr(digests[user_id], attribute).add(family_id)

    family = "goal__plan__family"
    add(
        Measure.objects.filter(
            goal__plan__is_current=True, due_on__lte=today + timedelta(days=MEASURE_NOTICE_DAYS)
        )
        .exclude(status__in=rules.FINAL)
        .values_list(f"{family}_id", f"{family}__coordinator_id", f"{family}__co_coordinator_id")
        .distinct(),
        "measures_due",
    )
    add(
        FamilyPlan.objects.filter(
            is_current=True, next_review_on__lte=today + timedelta(days=REVIEW_NOTICE_DAYS)
        ).values_list("family_id", "family__coordinator_id", "family__co_coordinator_id"),
        "reviews_due",
    )
    add(
        expiring_consents(today)
        .values_list("family_id", "family__coordinator_id", "family__co_coordinator_id")
        .distinct(),
        "consents_expiring",
    )
    return digests


def _body(digest: Digest) -> str:
    caseload = settings.FAMILIEPLAN_BASE_URL + reverse("families:list")
    lines = [_("God morgen! Dette trenger oppfølging i familiene dine:"), ""]
    m, r, c = len(digest.measures_due), len(digest.reviews_due), len(digest.consents_expiring)
    items = [
        (
            m,
            "measures_due",
            ngettext(
                "%(n)s familie har tiltak med frist innen en uke",
                "%(n)s familier har tiltak med frist innen en uke",
                m,
            ),
        ),
        (
            r,
            "review_due",
            ngettext(
                "%(n)s familie skal snart evaluere planen",
                "%(n)s familier skal snart evaluere planen",
                r,
            ),
        ),
        (
            c,
            "consent_expiring",
            ngettext(
                "%(n)s familie har samtykker som utløper innen 30 dager",
                "%(n)s familier har samtykker som utløper innen 30 dager",
                c,
            ),
        ),
    ]
    for count, needs, text in items:
        if count:
            lines.append(f"- {text % {'n': count}}: {caseload}?scope=mine&needs={needs}")
    lines += [
        "",
        _("Du kan slå av denne e-posten under «Mine innstillinger» i Familieplan."),
        _("Denne e-posten er sendt automatisk og kan ikke besvares."),
    ]
    return "\n".join(lines)


def send_digests(today: date) -> tuple[int, int]:
    """Queue today's digests; returns (queued, skipped). Safe to run more than once a day."""
    digests = {k: v for k, v in collect(today).items() if not v.empty}
    users = User.objects.filter(pk__in=digests, is_active=True)
    already = set(DigestSent.objects.filter(day=today).values_list("user_id", flat=True))
    queued = skipped = 0
    for user in users:
        if user.pk in already or not user.receives_reminder_digest or not user.email:
            skipped += 1
            continue
        with transaction.atomic(), translation.override(user.language or settings.LANGUAGE_CODE):
            email = email_queue(
                to=user.email,
                to_name=user.display_name,
                subject=_("Påminnelser fra Familieplan %(day)s") % {"day": f"{today:%d.%m.%Y}"},
                body=_body(digests[user.pk]),
                topic="reminder_digest",
                municipality_id=min(user.municipality_ids() or {None}, default=None),
                reference=f"digest:{user.pk}",
            )
            DigestSent.objects.create(user=user, day=today, email_id=email.pk)
        queued += 1
    return queued, skipped

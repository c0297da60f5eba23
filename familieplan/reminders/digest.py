"""The daily reminder digest: per coordinator, how many of their families each caseload counter
with digest words finds (measures due, plan reviews due, consents running out …; any app adds
one through core/extensions.py). One email per person and day.

The email names no family and no person (email is not a safe channel for case data); it gives
the counts and links to the caseload filtered on each counter, where the families are listed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Value
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familieplan.accounts.models import User
from familieplan.core import extensions
from familieplan.families.models import Family, ProgrammeSettings
from familieplan.outbox.services import email_queue
from familieplan.reminders.models import DigestSent


@dataclass
class Digest:
    """How many of one person's families each digest counter finds (only those above 0)."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.counts.values())


def digest_counters() -> list[extensions.Counter]:
    """The caseload counters that have a line in the digest (core/extensions.py)."""
    return [c for c in extensions.counters() if c.digest]


def collect(today: date) -> dict[int, Digest]:
    """Per coordinator (and co-coordinator), every digest counter over their families: the
    caseload's own conditions in grouped aggregate queries, two per distinct programme setting
    of "no contact for N days" (one or two across the country), whatever the number of families."""
    digests: dict[int, Digest] = defaultdict(Digest)
    chosen = digest_counters()
    if not chosen:
        return digests
    for days, municipalities in _municipalities_by_no_contact_days().items():
        ctx = extensions.CaseloadContext(today=today, now=timezone.now(), no_contact_days=days)
        aggregates = {c.key: Count(Value(1), filter=c.condition(ctx)) for c in chosen}
        families = Family.objects.all()
        if municipalities is not None:
            families = families.filter(municipality_id__in=municipalities)
        else:  # the default: every municipality without a setting of its own
            families = families.exclude(municipality_id__in=_with_own_setting())
        for role in ("coordinator_id", "co_coordinator_id"):
            rows = (
                families.filter(**{f"{role}__isnull": False})
                .values(role)
                .annotate(**aggregates)
                .order_by()
            )
            for row in rows:
                counts = digests[row[role]].counts
                for c in chosen:
                    if row[c.key]:
                        counts[c.key] = counts.get(c.key, 0) + row[c.key]
    return digests


DEFAULT_NO_CONTACT_DAYS = ProgrammeSettings._meta.get_field("no_contact_days").default


def _with_own_setting() -> list[int]:
    return list(
        ProgrammeSettings.objects.exclude(no_contact_days=DEFAULT_NO_CONTACT_DAYS).values_list(
            "municipality_id", flat=True
        )
    )


def _municipalities_by_no_contact_days() -> dict[int, list[int] | None]:
    """N days → the municipalities with that setting; the default covers all the others."""
    groups: dict[int, list[int] | None] = {DEFAULT_NO_CONTACT_DAYS: None}
    rows = ProgrammeSettings.objects.exclude(no_contact_days=DEFAULT_NO_CONTACT_DAYS)
    for municipality_id, days in rows.values_list("municipality_id", "no_contact_days"):
        group = groups.setdefault(days, [])
        assert group is not None
        group.append(municipality_id)
    return groups


def _body(digest: Digest) -> str:
    caseload = settings.FAMILIEPLAN_BASE_URL + reverse("families:list")
    lines = [_("God morgen! Dette trenger oppfølging i familiene dine:"), ""]
    for c in digest_counters():
        count = digest.counts.get(c.key, 0)
        if count:
            lines.append(f"- {c.digest(count)}: {caseload}?scope=mine&needs={c.key}")
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

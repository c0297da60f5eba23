"""Telling staff what happened in their families: `notify` writes one notification per
recipient in the caller's transaction and queues the emails the recipients chose, and the
read marks. The apps where events happen call `notify` from their own services (the family's
pages, the partner's pages, consents, meetings, the hand-over); a failed email reaches it
through the outbox's signal (`receivers.py`)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from familieplan.accounts.models import User
from familieplan.core.models import Municipality
from familieplan.families.models import CoordinatorAssignment, Family
from familieplan.notifications.models import KEPT_DAYS, Notification, email_choices_for
from familieplan.outbox.services import email_queue

EMAIL_TOPIC = "notification"


def is_local_path(url: str) -> bool:
    """A path on this site ("/families/…"), never another host or a scheme."""
    return (
        isinstance(url, str)
        and url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def current_coordinators(family: Family) -> list[User]:
    """The family's current coordinator and co-coordinator: the assignments that have not
    ended (and the family's own columns, which `family_assign_coordinator` keeps in step)."""
    assigned = CoordinatorAssignment.objects.filter(
        family_id=family.pk, ended_on__isnull=True
    ).values("coordinator_id")
    columns = [pk for pk in (family.coordinator_id, family.co_coordinator_id) if pk]
    return list(User.objects.filter(Q(pk__in=assigned) | Q(pk__in=columns)).order_by("pk"))


def notify(*, family: Family, kind: str, url: str, recipients=None, actor=None) -> list:
    """Tell `recipients` (default: the family's current coordinator and co-coordinator) that
    `kind` happened in `family`, dealt with at the local path `url`. The actor is never told
    of their own action. Written in the caller's transaction; each recipient who chose email
    for this kind also gets one through the outbox, with no names or case text — only the
    kind and a link. Refuses (ValueError) an unknown kind or a path that is not local."""
    if kind not in Notification.Kind.values:
        raise ValueError(f"Not a kind of notification: {kind!r}")
    if not is_local_path(url) or len(url) > Notification._meta.get_field("url").max_length:
        raise ValueError("A notification links to a path on this site.")
    people = current_coordinators(family) if recipients is None else list(recipients)
    actor_id = getattr(actor, "pk", None)
    unique: dict[int, User] = {}
    for person in people:
        if person is not None and person.pk != actor_id and person.is_active:
            unique.setdefault(person.pk, person)
    if not unique:
        return []
    now = timezone.now()
    with transaction.atomic():
        created = Notification.objects.bulk_create(
            Notification(
                municipality_id=family.municipality_id,
                recipient=person,
                family_id=family.pk,
                kind=kind,
                url=url,
                created_at=now,
            )
            for person in unique.values()
        )
        wants_email = email_choices_for(list(unique.values()), kind)
        for person in unique.values():
            if wants_email[person.pk] and person.email:
                _email(person, kind=kind, url=url, family=family)
    return created


def _email(person: User, *, kind: str, url: str, family: Family) -> None:
    base = settings.FAMILIEPLAN_BASE_URL.rstrip("/")
    with translation.override(person.language or settings.LANGUAGE_CODE):
        label = Notification.Kind(kind).label
        body = "\n".join(
            [
                _("Du har et nytt varsel i Familieplan: %(kind)s.") % {"kind": label},
                "",
                _("Logg inn for å se det: %(url)s") % {"url": base + url},
                "",
                _("Hvilke varsler du får på e-post, velger du selv: %(url)s")
                % {"url": base + reverse("notifications:preferences")},
                _("Denne e-posten er sendt automatisk og kan ikke besvares."),
            ]
        )
        email_queue(
            to=person.email,
            to_name=person.display_name,
            subject=_("Nytt varsel i Familieplan: %(kind)s") % {"kind": label},
            body=body,
            topic=EMAIL_TOPIC,
            municipality_id=family.municipality_id,
            reference=f"notification:{kind}",
        )


def mark_read(queryset) -> int:
    """Mark the unread notifications in `queryset` read now; returns how many."""
    return queryset.filter(read_at__isnull=True).update(read_at=timezone.now())


def prune(*, now=None) -> int:
    """Delete notifications older than the 90 days they are kept, read or not, one
    municipality at a time (the index led by the municipality); returns how many. Running it
    again deletes nothing more."""
    cutoff = (now or timezone.now()) - timedelta(days=KEPT_DAYS)
    deleted = 0
    for municipality_id in Municipality.objects.values_list("pk", flat=True):
        count, _by_model = Notification.objects.filter(
            municipality_id=municipality_id, created_at__lt=cutoff
        ).delete()
        deleted += count
    return deleted

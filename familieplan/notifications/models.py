"""Notifications in the app: one row per person and event ("the family has sent a proposal"),
read or unread, kept 90 days (`manage.py prune_notifications`).

A row holds no case text: the kind, the family and the path where the event is dealt with.
The list words it from the kind and the family's name when it is shown, in the reader's
language (`Notification.text`). Whether a person also gets a kind by email is their
`NotificationPreference` (absent: the kind's default, `EMAIL_BY_DEFAULT`).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familieplan.core.models import TenantModel
from familieplan.core.roles import Role
from familieplan.families.models import Family

#: How long a notification is kept (and shown).
KEPT_DAYS = 90
#: The roles that have notifications (the bell, the list).
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.TEAM_LEAD})


def kept_since():
    """The oldest moment a notification is still kept and shown."""
    return timezone.now() - timedelta(days=KEPT_DAYS)


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> NotificationQuerySet:
        """The user's own notifications of the last 90 days, of families they may still see
        (`Family.objects.visible_to`): a family handed to another unit disappears."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            recipient=user,
            created_at__gte=kept_since(),
            family__in=Family.objects.visible_to(user),
        )

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(TenantModel):
    class Kind(models.TextChoices):
        FAMILY_PROPOSAL = "family_proposal", _("Forslag fra familien")
        FAMILY_COMMENT = "family_comment", _("Kommentar fra familien")
        PARTNER_MEASURE = "partner_measure", _("Samarbeidspartner har oppdatert et tiltak")
        PARTNER_COMMENT = "partner_comment", _("Kommentar fra en samarbeidspartner")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Samtykke trukket tilbake")
        MINUTES_RELEASED = "minutes_released", _("Referat sendt ut")
        EMAIL_BOUNCED = "email_bounced", _("E-post til en møtedeltaker kom ikke fram")
        HANDOVER = "handover", _("Familie overført til deg")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mottaker"),
    )
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="+", verbose_name=_("familie")
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    #: The local path where the event is dealt with (e.g. the plan at the measure).
    url = models.CharField(_("adresse"), max_length=300)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        indexes = [
            # The list: one person's newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            # The bell and "mark read": one person's unread ones (a few rows).
            models.Index(
                fields=["recipient", "family", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # Pruning after 90 days, municipality by municipality.
            models.Index(fields=["municipality", "created_at"], name="notification_muni_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def text(self) -> str:
        """The notification in words, in the active language (no case text is stored)."""
        return str(TEXTS[self.kind])


#: What happened, as the list says it under the family's name.
TEXTS = {
    Notification.Kind.FAMILY_PROPOSAL: _("Familien har sendt et forslag til planen."),
    Notification.Kind.FAMILY_COMMENT: _("Familien har skrevet en kommentar."),
    Notification.Kind.PARTNER_MEASURE: _("En samarbeidspartner har oppdatert status på et tiltak."),
    Notification.Kind.PARTNER_COMMENT: _("En samarbeidspartner har kommentert et tiltak."),
    Notification.Kind.CONSENT_WITHDRAWN: _("Et samtykke er trukket tilbake."),
    Notification.Kind.MINUTES_RELEASED: _("Referatet fra et møte er sendt ut."),
    Notification.Kind.EMAIL_BOUNCED: _("En e-post til en møtedeltaker kom ikke fram."),
    Notification.Kind.HANDOVER: _("Familien er overført til deg."),
}

#: The kinds that sent staff an email before notifications existed (the family's proposals,
#: comments and withdrawn consents, from the family's own pages): email stays on for them
#: until the person turns it off. The others are in the app only unless the person asks.
EMAIL_BY_DEFAULT = frozenset(
    {
        Notification.Kind.FAMILY_PROPOSAL,
        Notification.Kind.FAMILY_COMMENT,
        Notification.Kind.CONSENT_WITHDRAWN,
    }
)


class NotificationPreference(models.Model):
    """Whether one person also gets one kind of notification by email. A person's own
    setting, whatever municipality they work in; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=Notification.Kind.choices)
    email = models.BooleanField(_("også på e-post"))

    class Meta:
        verbose_name = _("valg for varsler")
        verbose_name_plural = _("valg for varsler")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.email}"


def email_choices(user) -> dict[str, bool]:
    """Kind → whether `user` gets it by email (their choice, else the default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, kind in EMAIL_BY_DEFAULT) for kind in Notification.Kind.values}


def email_choices_for(users, kind: str) -> dict[int, bool]:
    """User id → whether that person gets `kind` by email, for several people in one query."""
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users, kind=kind).values_list(
            "user_id", "email"
        )
    )
    return {user.pk: chosen.get(user.pk, kind in EMAIL_BY_DEFAULT) for user in users}

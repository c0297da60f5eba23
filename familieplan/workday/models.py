"""What the coordinator's day keeps: which lines of the start page a person has marked seen."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familieplan.core.models import TenantModel


class SeenMark(TenantModel):
    """One person has seen one line of the start page ("I dag") and wants it out of the way.

    `kind` names what the line is about (a day block's kind: "measure", "proposal", …) and
    `object_id` the thing itself (the measure, the proposal, or the family for a line about the
    family as a whole). `state` is the state of the thing that was seen, as the block words it
    in SQL (a measure's due date, a meeting's sequence, the family's next mapping date, the day
    of its last contact; empty for what never changes, as a proposal or a comment). A mark
    hides the line only while the thing is in that state: when it changes again the line
    shows again, and marking it seen once more replaces the mark (one per person, kind and
    thing). The municipality is the family's."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("bruker"),
    )
    kind = models.CharField(_("type"), max_length=30)
    object_id = models.UUIDField(_("gjelder"))
    state = models.CharField(_("tilstand"), max_length=40, blank=True)
    seen_at = models.DateTimeField(_("sett"), auto_now=True)

    class Meta:
        verbose_name = _("merket som sett")
        verbose_name_plural = _("merket som sett")
        constraints = [
            # Led by the user: the start page asks "has this person marked this thing?".
            models.UniqueConstraint(
                fields=["user", "kind", "object_id"], name="seenmark_one_per_thing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"

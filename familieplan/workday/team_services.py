"""The bulk hand-over: a team lead moves families from one coordinator to another, all or none.

Each family goes through `families.services.family_assign_coordinator` (the reason is the
assignment's note, so it stands in the family's history), and the new coordinator is notified
in the app. The form's token is stored on every assignment it made (one token per family,
derived from the form's), so a second press of the same form finds them and does nothing.
The family keeps its plan and everything else; the old coordinator keeps what the unit's rules
give a colleague (decision 0003: a colleague of the unit reads, but does not change).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from familieplan.accounts.models import User
from familieplan.core.concurrency import check_version
from familieplan.core.roles import Role
from familieplan.families import services
from familieplan.families.models import CoordinatorAssignment, Family
from familieplan.notifications.models import Notification
from familieplan.notifications.services import notify
from familieplan.workday.team import HANDOVER_STAGES


def assignment_token(token: uuid.UUID, family_id) -> uuid.UUID:
    """The token one family's assignment carries: each form's, per family."""
    return uuid.uuid5(token, str(family_id))


def already_handed_over(token: uuid.UUID | None, family_ids) -> bool:
    """Whether this form (its token) was sent before and handed these families over."""
    if token is None:
        return False
    tokens = [assignment_token(token, family_id) for family_id in family_ids]
    return CoordinatorAssignment._base_manager.filter(submit_token__in=tokens).exists()


@dataclass(frozen=True)
class Pick:
    """A family as the access helper returned it, and the version the lead saw."""

    family: Family
    version: int


def _names(families) -> str:
    return ", ".join(sorted(family.name for family in families))


@transaction.atomic
def families_hand_over(
    *,
    picks: list[Pick],
    source: User,
    target: User,
    by: User,
    on: date,
    reason: str,
    token: uuid.UUID | None,
) -> list[CoordinatorAssignment]:
    """Hand every picked family from `source` to `target`, or none: refused with every
    problem at once (a family that changed since the page was shown, is no longer
    `source`'s or is no longer followed (not in HANDOVER_STAGES: ended since, or a forged
    form), a new coordinator without the coordinator role in a family's unit or who is
    already its co-coordinator, an empty reason)."""
    reason = reason.strip()
    if not picks:
        raise ValidationError(_("Velg minst én familie som skal overføres."), code="none")
    if not reason:
        raise ValidationError(_("Skriv hvorfor familiene overføres."), code="reason")
    # Lock in one order (two leads at once never wait on each other), then look.
    ordered = sorted(picks, key=lambda pick: str(pick.family.pk))
    locked = Family.objects.select_for_update().in_bulk([pick.family.pk for pick in ordered])
    target_units = set(
        target.memberships.filter(role=Role.COORDINATOR, active=True).values_list(
            "unit_id", flat=True
        )
    )
    changed, outside, co = [], [], []
    for pick in ordered:
        stored = locked[pick.family.pk]
        if (
            stored.version != pick.version
            or stored.coordinator_id != source.pk
            or stored.stage not in HANDOVER_STAGES  # ended since, or a forged form
        ):
            changed.append(stored)
        elif not target.is_active or stored.unit_id not in target_units:
            outside.append(stored)
        elif stored.co_coordinator_id == target.pk:
            co.append(stored)
    problems = []
    if changed:
        problems.append(
            ngettext(
                "%(names)s er endret mens du så på siden (ny koordinator eller andre "
                "endringer). Se over listen og prøv igjen.",
                "%(names)s er endret mens du så på siden (ny koordinator eller andre "
                "endringer). Se over listen og prøv igjen.",
                len(changed),
            )
            % {"names": _names(changed)}
        )
    if outside:
        problems.append(
            _(
                "%(person)s er ikke familiekoordinator i enheten til %(names)s. Velg en "
                "koordinator i familiens enhet, eller overfør disse familiene for seg."
            )
            % {"person": target.display_name, "names": _names(outside)}
        )
    if co:
        problems.append(
            _("%(person)s er allerede medkoordinator for %(names)s.")
            % {"person": target.display_name, "names": _names(co)}
        )
    if problems:
        raise ValidationError(problems, code="refused")
    assignments = []
    for pick in ordered:
        family = pick.family
        check_version(family, pick.version)  # the lock is held; bumps the version
        assignment = services.family_assign_coordinator(
            family=family,
            coordinator=target,
            kind=CoordinatorAssignment.Kind.PRIMARY,
            by=by,
            on=on,
            note=reason,
        )
        if token is not None:
            mark = assignment_token(token, family.pk)
            CoordinatorAssignment.objects.filter(pk=assignment.pk).update(submit_token=mark)
            assignment.submit_token = mark
        notify(
            family=family,
            kind=Notification.Kind.HANDOVER,
            url=reverse("families:detail", args=[family.pk]),
            recipients=[target],
            actor=by,
        )
        assignments.append(assignment)
    return assignments

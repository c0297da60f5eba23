"""The access log in plain words for the family: who (role, service, and the staff member's
name when the programme shows it), when, and what they looked at or did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.core.models import AccessLog
from familieplan.core.roles import Role
from familieplan.partners.models import PartnerStaff
from familieplan.portal.visibility import Viewer

#: What the first part of an object type is about, in the family's words.
WHAT = {
    "families": gettext_lazy("familiens opplysninger"),
    "plans": gettext_lazy("familiens plan"),
    "journal": gettext_lazy("kontakter og notater"),
    "meetings": gettext_lazy("møter"),
    "mapping": gettext_lazy("kartleggingen"),
    "partners": gettext_lazy("samtykker og deling"),
    "partner_portal": gettext_lazy("det som er delt med tjenesten"),
    "portal": gettext_lazy("familiens side"),
}
DID = {
    AccessLog.Action.READ: gettext_lazy("så på"),
    AccessLog.Action.CREATE: gettext_lazy("la til i"),
    AccessLog.Action.CHANGE: gettext_lazy("endret"),
    AccessLog.Action.EXPORT: gettext_lazy("lastet ned"),
    AccessLog.Action.PRINT: gettext_lazy("skrev ut"),
    AccessLog.Action.SEARCH: gettext_lazy("søkte i"),
}
PAGE = 100
#: The first part of a page's address, for the pages that reach the family as a whole.
PATHS = {
    "families": "families",
    "plans": "plans",
    "journal": "journal",
    "meetings": "meetings",
    "mapping": "mapping",
    "partners": "partners",
    "partner": "partner_portal",
    "family": "portal",
}


def _area_of(entry: AccessLog) -> str:
    """What part of the family's data: from the page's address where it says (the family
    pages of every app check access on the family itself), else from the object type."""
    first = entry.path.strip("/").split("/")[0] if entry.path else ""
    return PATHS.get(first) or entry.object_type.split(".")[0]


@dataclass(frozen=True)
class Line:
    at: datetime
    who: str
    what: str
    refused: bool


def lines_for(viewer: Viewer, *, show_names: bool, limit: int = PAGE) -> list[Line]:
    family_users = {
        m.user_id: m.first_name for m in viewer.family.members.all() if m.user_id is not None
    }
    # What others did: the family's own visits to its pages would drown them.
    entries = list(
        AccessLog.objects.filter(family_id=viewer.family.pk)
        .exclude(user_id__in=family_users)
        .select_related("user")
        .order_by("-at")[:limit]
    )
    services = {
        s.user_id: s.partner.name
        for s in PartnerStaff.objects.filter(
            user_id__in={e.user_id for e in entries if e.role == Role.PARTNER}
        ).select_related("partner")
    }
    roles = dict(Role.choices)
    lines = []
    for entry in entries:
        who = str(roles.get(entry.role, _("Ukjent rolle")))
        if entry.user_id in services:
            who = f"{who}, {services[entry.user_id]}"
        if show_names and entry.user is not None:
            who = f"{who} ({entry.user.display_name})"
        area = WHAT.get(_area_of(entry), _("familiens opplysninger"))
        refused = entry.outcome != AccessLog.Outcome.ALLOWED
        what = (
            _("forsøkte å åpne %(area)s, men fikk ikke lov") % {"area": area}
            if refused
            else f"{DID.get(entry.action, _('så på'))} {area}"
        )
        lines.append(Line(entry.at, who, what, refused))
    return lines

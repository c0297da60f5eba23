"""The access log in plain words for the family: who (role, service, and the staff member's
name when the programme shows it), when, and what they looked at or did.

Only entries about what the reader may see are shown (`portal.visibility`, one rule): an entry
is about the whole family unless it is about one person's matter — a service's read under a
consent is about the people whose consents let it in (an adult's consent opens the family's
shared matters, decision 0007; a youth's own consent only the youth's), and a staff page of one
consent, goal or measure is about that person. So a parent never learns which service a youth
shared with, and a service's name is given only where the reader may know of its consent.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.core import extensions
from familieplan.core.languages import isolated, marked
from familieplan.core.models import AccessLog
from familieplan.core.roles import Role
from familieplan.partners.models import Consent, PartnerStaff
from familieplan.partners.rules import ADULT_AGE
from familieplan.plans.models import Goal, Measure
from familieplan.portal.visibility import Viewer

DID = {
    AccessLog.Action.READ: gettext_lazy("så på"),
    AccessLog.Action.CREATE: gettext_lazy("la til i"),
    AccessLog.Action.CHANGE: gettext_lazy("endret"),
    AccessLog.Action.EXPORT: gettext_lazy("lastet ned"),
    AccessLog.Action.PRINT: gettext_lazy("skrev ut"),
    AccessLog.Action.SEARCH: gettext_lazy("søkte i"),
}
PAGE = 100


def _area_of(entry: AccessLog) -> str:
    """What part of the family's data: from the page's address where it says (the family
    pages of every app check access on the family itself), else from the object type."""
    first = entry.path.strip("/").split("/")[0] if entry.path else ""
    return extensions.path_areas().get(first) or entry.object_type.split(".")[0]


@dataclass(frozen=True)
class Line:
    at: datetime
    who: str
    what: str
    refused: bool
    #: `who` for a page: the service's and the person's names isolated for direction.
    who_html: str = ""


class _Family:
    """What the entries of one family are checked against: its consents (by service and by
    id), its goals' and measures' people, and the services of the partner users in the log."""

    def __init__(self, viewer: Viewer):
        self.viewer = viewer
        self.consents = list(
            Consent.objects.filter(family=viewer.family).select_related("partner", "subject")
        )
        self.by_id = {str(c.pk): c for c in self.consents}
        self.goal_people = {
            str(pk): member_id
            for pk, member_id in Goal.objects.filter(plan__family=viewer.family).values_list(
                "pk", "member_id"
            )
        }
        self.measure_people = {
            str(pk): member_id
            for pk, member_id in Measure.objects.filter(
                goal__plan__family=viewer.family
            ).values_list("pk", "goal__member_id")
        }
        self.staff: dict[int, list] = {}

    def load_staff(self, user_ids: set[int]) -> None:
        missing = user_ids - set(self.staff)
        for user_id in missing:
            self.staff[user_id] = []
        for link in PartnerStaff.objects.filter(user_id__in=missing).select_related("partner"):
            self.staff[link.user_id].append(link.partner)

    def seen_consent(self, consent: Consent) -> bool:
        """As the consents page (`consents_for`): about someone the viewer sees, or given by
        the viewer."""
        return self.viewer.sees(consent.subject_id) or (
            consent.given_by_id == self.viewer.member.pk
        )

    def partner_read(self, entry: AccessLog) -> tuple[bool, list[str]]:
        """Whether a partner user's entry is shown, and the services named in it."""
        services = self.staff.get(entry.user_id, [])
        ids = {p.pk for p in services}
        mine = [c for c in self.consents if c.partner_id in ids]
        # The consents that let the service in at that moment; for a refused attempt (none
        # valid), every consent the family ever gave or refused that service.
        relevant = [c for c in mine if _valid_at(c, entry.at)] or mine
        if not relevant:
            return True, sorted(p.name for p in services)
        day = timezone.localtime(entry.at).date()
        shown = [
            c
            for c in relevant
            if c.subject.age_on(day) >= ADULT_AGE or self.viewer.sees(c.subject_id)
        ]
        return bool(shown), sorted({c.partner.name for c in shown})

    def people_of(self, entry: AccessLog) -> set[uuid.UUID | None]:
        """Whose matter a staff entry is: a person (or None, the whole family) per consent,
        goal or measure its page was about; empty when the page was about the family."""
        people: set[uuid.UUID | None] = set()
        if entry.person_id:
            people.add(entry.person_id)
        kwargs = _kwargs(entry.path)
        consent = self.consent_of(entry, kwargs)
        if consent is not None:
            people.add(consent.subject_id)
        if "goal_id" in kwargs and kwargs["goal_id"] in self.goal_people:
            people.add(self.goal_people[kwargs["goal_id"]])
        if "measure_id" in kwargs and kwargs["measure_id"] in self.measure_people:
            people.add(self.measure_people[kwargs["measure_id"]])
        return people

    def consent_of(self, entry: AccessLog, kwargs: dict[str, str]) -> Consent | None:
        """The consent a staff page was about: in its address, or its logged object."""
        if "consent_id" in kwargs:
            return self.by_id.get(kwargs["consent_id"])
        if entry.object_type.startswith("partners.consent"):
            return self.by_id.get(entry.object_id)
        return None

    def staff_entry_shown(self, entry: AccessLog) -> bool:
        people = self.people_of(entry)
        if not people:
            return True
        consent = self.consent_of(entry, _kwargs(entry.path))
        if consent is not None and self.seen_consent(consent):
            return True
        return any(self.viewer.sees(person) for person in people)


def _valid_at(consent: Consent, moment: datetime) -> bool:
    day = timezone.localtime(moment).date()
    return (
        consent.decision == Consent.Decision.GIVEN
        and consent.valid_from <= day <= consent.valid_until
        and (consent.withdrawn_at is None or consent.withdrawn_at > moment)
    )


def _kwargs(path: str) -> dict[str, str]:
    """The ids in the page's address (`consent_id`, `goal_id`, `measure_id`), as text."""
    if not path:
        return {}
    try:
        match = resolve(path)
    except Resolver404:
        return {}
    return {key: str(value) for key, value in match.kwargs.items()}


def _entries(viewer: Viewer, family_users) -> Iterator[AccessLog]:
    """Others' entries for the family, newest first, in batches."""
    # What others did: the family's own visits to its pages would drown them.
    query = (
        AccessLog.objects.filter(family_id=viewer.family.pk)
        .exclude(user_id__in=family_users)
        .select_related("user")
        .order_by("-at", "-id")
    )
    start = 0
    while True:
        batch = list(query[start : start + PAGE])
        yield from batch
        if len(batch) < PAGE:
            return
        start += PAGE


def _is_partner(entry: AccessLog) -> bool:
    return Role.PARTNER in entry.role.split(",")


def _role_label(role: str) -> str:
    labels = dict(Role.choices)
    names = [str(labels[code]) for code in role.split(",") if code in labels]
    return ", ".join(names) if names else _("Ukjent rolle")


def lines_for(
    viewer: Viewer, *, show_names: bool, limit: int = PAGE, offset: int = 0
) -> list[Line]:
    """The newest `limit` lines the viewer may see, after the first `offset` (paging)."""
    family_users = {m.user_id for m in viewer.family.members.all() if m.user_id is not None}
    family = _Family(viewer)
    lines: list[Line] = []
    for entry in _entries(viewer, family_users):
        if len(lines) >= limit:
            break
        services: list[str] = []
        if _is_partner(entry) and entry.user_id is not None:
            family.load_staff({entry.user_id})
            shown, services = family.partner_read(entry)
        else:
            shown = family.staff_entry_shown(entry)
        if not shown:
            continue
        if offset > 0:
            offset -= 1
            continue
        lines.append(_line(entry, services, show_names=show_names))
    return lines


def _line(entry: AccessLog, services: list[str], *, show_names: bool) -> Line:
    who = _role_label(entry.role)
    who_html = conditional_escape(who)
    if services:
        who = f"{who}, {', '.join(services)}"
        names = format_html_join(", ", "{}", ((marked(name),) for name in services))
        who_html = format_html("{}, {}", who_html, names)
    if show_names and entry.user is not None:
        who = f"{who} ({entry.user.display_name})"
        who_html = format_html("{} ({})", who_html, isolated(entry.user.display_name))
    area = extensions.data_words().get(_area_of(entry)) or _("familiens opplysninger")
    refused = entry.outcome != AccessLog.Outcome.ALLOWED
    what = (
        _("forsøkte å åpne %(area)s, men fikk ikke lov") % {"area": area}
        if refused
        else f"{DID.get(entry.action, _('så på'))} {area}"
    )
    return Line(entry.at, who, what, refused, who_html)

"""Extension points later apps hook into, so that families never imports them.

`register_enrolment_listener(fn)`: `fn(family)` runs inside the transaction of every intake
decision and enrolment change, after the family's caseload columns are updated — the mapping
app keeps the family's next mapping date in step this way. Listeners register in their
AppConfig.ready(); they must be quick and must not fail on ordinary data.

The family page's links and sections come from the extension contract (core/extensions.py);
`family_links` and `family_sections` read it for the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.urls import reverse

from familieplan.core import extensions
from familieplan.families.access import can_write_family

_ENROLMENT_LISTENERS: list[Callable] = []


def register_enrolment_listener(listener: Callable) -> None:
    if listener not in _ENROLMENT_LISTENERS:
        _ENROLMENT_LISTENERS.append(listener)


def enrolment_changed(family) -> None:
    for listener in _ENROLMENT_LISTENERS:
        listener(family)


def family_sections(request, family) -> list[tuple[str, dict]]:
    """The sections apps add to the family page (core/extensions.py `FamilySection`), each
    asked with its own rule whether this reader sees it: a None context leaves it out."""
    sections = []
    for section in extensions.family_sections():
        data = section.context(request, family)
        if data is not None:
            sections.append((section.template, data))
    return sections


class ShownLink(NamedTuple):
    label: str
    url: str
    #: The page opens in place on an htmx request (`FamilyLink.inline`).
    inline: bool = False


def family_links(family, user) -> list[ShownLink]:
    """The links apps add to the family page, those that belong to this family's stage and —
    for a link to a change (`writes`) — only for someone who may change the family (the
    linked page checks access itself)."""
    return [
        ShownLink(link.label, reverse(link.url_name, args=[family.pk]), link.inline)
        for link in extensions.family_links()
        if link.shown(family) and (not link.writes or can_write_family(user, family))
    ]

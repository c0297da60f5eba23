"""Extension points later apps hook into, so that families never imports them.

`register_enrolment_listener(fn)`: `fn(family)` runs inside the transaction of every intake
decision and enrolment change, after the family's caseload columns are updated — the mapping
app keeps the family's next mapping date in step this way. Listeners register in their
AppConfig.ready(); they must be quick and must not fail on ordinary data.
"""

from __future__ import annotations

from collections.abc import Callable

_ENROLMENT_LISTENERS: list[Callable] = []


def register_enrolment_listener(listener: Callable) -> None:
    if listener not in _ENROLMENT_LISTENERS:
        _ENROLMENT_LISTENERS.append(listener)


def enrolment_changed(family) -> None:
    for listener in _ENROLMENT_LISTENERS:
        listener(family)


# Sections later apps add to the family page (e.g. mapping's progress): `context(request,
# family)` returns the template's context, or None to leave the section out. Rendered in
# registration order after the household's own sections.
_FAMILY_SECTIONS: list[tuple[str, object]] = []


def register_family_section(template: str, context) -> None:
    if (template, context) not in _FAMILY_SECTIONS:
        _FAMILY_SECTIONS.append((template, context))


def family_sections(request, family) -> list[tuple[str, dict]]:
    sections = []
    for template, context in _FAMILY_SECTIONS:
        data = context(request, family)
        if data is not None:
            sections.append((template, data))
    return sections

"""The extension contract: how an app adds a capability without another app naming it.

An app describes what it adds in one `Extension` and passes it to `register` from its
`AppConfig.ready()`. The lower apps read the registry and never import the app:

- `families` draws the family page's links (`FamilyLink`) and sections (`FamilySection`, each
  with its own access rule) and counts the caseload (`Counter`, one aggregate query);
- `journal` merges the timeline from every `TimelineSource` (time, kind and id first, the
  page's events formatted afterwards);
- `reminders` writes the daily digest from the counters that carry `digest` words;
- `partners` offers the consent topics an app's data falls under (`ConsentTopic`);
- `portal` lists the family's pages (`PortalPage`) and puts every `CopyPart` into "a copy
  of everything"; its "who has seen our data" names the data of an app in `what` words;
- the site's menu (`MainLink`), the start page of a role (`home_for`) and the addresses
  lower apps send people to (`Destination`, e.g. a meeting on the partner's pages) are
  looked up by name (`url_for`), so a lower app never reverses a higher app's URL;
- `demo` runs every `DemoStep` after the families are built.

Nothing here imports an app; the callables receive the objects (request, family, viewer,
queryset) they work on. Registration is idempotent per app label, so a test can register a
small app and take it away again (`unregister`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

if TYPE_CHECKING:  # a label is a string or a lazy translation of one
    from django_stubs_ext import StrOrPromise
else:
    StrOrPromise = str


def _always(*args: Any) -> bool:
    return True


# -- The family page (staff) -------------------------------------------------------------


@dataclass(frozen=True)
class FamilyLink:
    """A link on the family page; `url_name` is reversed with the family's id. `shown(family)`
    says whether the link belongs on this family's page (the linked view checks access)."""

    label: StrOrPromise
    url_name: str
    order: int = 100
    shown: Callable[[Any], bool] = _always


@dataclass(frozen=True)
class FamilySection:
    """A section of the family page: `context(request, family)` returns the template's context,
    or None when the reader may not see it (the section's own access rule) or it is empty."""

    template: str
    context: Callable[[Any, Any], dict | None]
    order: int = 100


# -- The timeline -------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEvent:
    """One line of the timeline, formatted once: the template only prints it."""

    at: datetime
    kind: str
    title: StrOrPromise
    text: str = ""
    by: str = ""
    url: str = ""
    color: str = "neutral"
    #: Small lines under the text (who it is about, who took part, what it corrects …).
    details: tuple[str, ...] = ()
    #: A note that a later note corrects: shown muted, with "Rettet".
    corrected: bool = False
    #: Where to correct a note (shown to those who may change the family).
    correct_url: str = ""
    #: The element id a search hit links to ("note-<id>", "contact-<id>").
    anchor: str = ""

    @property
    def when(self) -> str:
        return moment(self.at)


def moment(at: datetime) -> str:
    """A time as the timeline prints it (d.m.Y H:i, local time), without a template tag."""
    return timezone.localtime(at).strftime("%d.%m.%Y %H:%M")


@dataclass(frozen=True)
class TimelineSource:
    """Events of one kind. `keys(user, family, before, n)` reads the newest `n` rows before
    `before` (None: from now) as `(time, id)` pairs from an index, nothing formatted;
    `events(user, family, ids)` formats only the rows the page shows, as `{id: TimelineEvent}`.
    The source applies its own rule of who reads what (e.g. notes) in both."""

    kind: str
    label: StrOrPromise
    keys: Callable[[Any, Any, datetime | None, int], Iterable[tuple[datetime, Any]]]
    events: Callable[[Any, Any, list], dict]
    order: int = 100


# -- The caseload and the digest ------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadContext:
    today: date
    now: datetime
    no_contact_days: int


@dataclass(frozen=True)
class Counter:
    """A "needs action" condition on the family row. The pattern that holds at national scale:
    the condition reads the family's own columns (kept in step by the app's services, as
    `mapping_due_on` or `last_contact_at`) or an `Exists(...)` on an indexed table led by the
    family — never a join that multiplies rows, so every counter goes into one aggregate query.
    `digest(n)` writes the daily digest's line for `n` families (with `ngettext`, in the
    reader's language), or None leaves the counter out of the digest."""

    key: str
    label: StrOrPromise
    condition: Callable[[CaseloadContext], Q]
    order: int = 100
    digest: Callable[[int], str] | None = None


# -- The family's own pages -----------------------------------------------------------------


@dataclass(frozen=True)
class PortalPage:
    """A page in the family's menu (the viewer is the logged-in family member). Either the
    portal's own page (`url_name`, a URL without arguments), or an app's page that the portal
    serves at `/family/more/<key>/` after its own access check and access-log entry:
    `context(viewer)` returns what `template` shows of the app's data for this viewer — the
    app's rule of what the family sees, in one place — or None for a 404.
    `shown(viewer)` says whether the viewer has the page in the menu."""

    key: str
    label: StrOrPromise
    url_name: str = ""
    template: str = ""
    context: Callable[[Any], dict | None] | None = None
    order: int = 100
    shown: Callable[[Any], bool] = _always


@dataclass(frozen=True)
class CopyPart:
    """The app's part of the family's copy of everything: `collect(viewer)` returns plain data
    (strings, numbers, lists, dicts; times through `lib.times.iso_local`) of what this viewer may
    see — the same rule as the app's page. `template` renders it in the PDF (context `part`)."""

    key: str
    title: StrOrPromise
    collect: Callable[[Any], Any]
    template: str = ""
    order: int = 100


# -- Consent, access-log wording, navigation, addresses, demo ---------------------------------


@dataclass(frozen=True)
class ConsentTopic:
    value: str
    label: StrOrPromise
    order: int = 100


@dataclass(frozen=True)
class MainLink:
    """An entry in the site's menu for the people holding one of `roles`."""

    label: StrOrPromise
    url_name: str
    roles: frozenset[str]
    order: int = 100
    #: Only for Django admin users (is_staff).
    admin_users_only: bool = False
    #: The link's card on the start page, in the start page's words (empty: menu only).
    start: StrOrPromise = ""


@dataclass(frozen=True)
class Destination:
    """A named place: `build(*args)` returns its path, e.g. `partner.meeting` (family id,
    meeting id) or `family.meetings`."""

    name: str
    build: Callable[..., str]


@dataclass(frozen=True)
class DemoStep:
    """`build(families, users, today, seed)` adds the app's demo data to the built families."""

    name: str
    build: Callable[..., None]
    order: int = 100


@dataclass(frozen=True)
class Extension:
    """Everything one app adds. `app` is its app label; `urls` its URLconf module, mounted at
    `url_prefix` by the site's URLconf (the prefix also tells the access log whose data a page
    shows); `what` its data in the family's words."""

    app: str
    what: StrOrPromise = ""
    urls: str = ""
    url_prefix: str = ""
    family_links: tuple[FamilyLink, ...] = ()
    family_sections: tuple[FamilySection, ...] = ()
    timeline: tuple[TimelineSource, ...] = ()
    counters: tuple[Counter, ...] = ()
    portal_pages: tuple[PortalPage, ...] = ()
    copy_parts: tuple[CopyPart, ...] = ()
    consent_topics: tuple[ConsentTopic, ...] = ()
    main_links: tuple[MainLink, ...] = ()
    destinations: tuple[Destination, ...] = ()
    #: The start page of a role that has no other (e.g. the family member's own pages).
    homes: dict[str, str] = field(default_factory=dict)
    demo_steps: tuple[DemoStep, ...] = ()


_REGISTRY: dict[str, Extension] = {}


def register(extension: Extension) -> None:
    """Adds (or replaces) the extension of one app."""
    _REGISTRY[extension.app] = extension


def unregister(app: str) -> None:
    _REGISTRY.pop(app, None)


def extensions() -> list[Extension]:
    return list(_REGISTRY.values())


def _all(attribute: str) -> list:
    items = [item for ext in _REGISTRY.values() for item in getattr(ext, attribute)]
    return sorted(items, key=lambda item: (item.order, getattr(item, "key", "") or ""))


def family_links() -> list[FamilyLink]:
    return _all("family_links")


def family_sections() -> list[FamilySection]:
    return _all("family_sections")


def timeline_sources() -> dict[str, TimelineSource]:
    return {source.kind: source for source in _all("timeline")}


def counters() -> list[Counter]:
    return _all("counters")


def counter(key: str) -> Counter | None:
    return next((c for c in counters() if c.key == key), None)


def portal_pages() -> list[PortalPage]:
    return _all("portal_pages")


def portal_page(key: str) -> PortalPage | None:
    return next((page for page in portal_pages() if page.key == key), None)


def copy_parts() -> list[CopyPart]:
    return _all("copy_parts")


def consent_topics() -> list[ConsentTopic]:
    return _all("consent_topics")


def main_links() -> list[MainLink]:
    return _all("main_links")


def main_links_for(user) -> list[MainLink]:
    """The menu entries this logged-in user is offered (their roles; admin users only where
    the link says so)."""
    roles = user.role_codes()
    admin_user = user.is_staff or user.is_superuser
    return [
        link
        for link in main_links()
        if (not link.roles or link.roles & roles or (user.is_superuser and link.admin_users_only))
        and (admin_user or not link.admin_users_only)
    ]


def demo_steps() -> list[DemoStep]:
    return _all("demo_steps")


def data_words() -> dict[str, StrOrPromise]:
    """App label → what its data is, in the family's words (the access log's wording)."""
    return {ext.app: ext.what for ext in _REGISTRY.values() if ext.what}


def path_areas() -> dict[str, str]:
    """First part of a page's address → the app whose data the page shows."""
    return {
        ext.url_prefix.strip("/").split("/")[0]: ext.app
        for ext in _REGISTRY.values()
        if ext.url_prefix.strip("/")
    }


def url_mounts() -> list[tuple[str, str]]:
    """`(prefix, URLconf module)` of every app that has pages, in the order of INSTALLED_APPS."""
    return [(ext.url_prefix, ext.urls) for ext in _REGISTRY.values() if ext.urls]


def home_for(role: str) -> str | None:
    """The start page's URL name for someone with only this role, if an app gives one."""
    for ext in _REGISTRY.values():
        if role in ext.homes:
            return ext.homes[role]
    return None


def url_for(name: str, *args: Any) -> str | None:
    """The path of a named destination, or None when no installed app offers it."""
    for ext in _REGISTRY.values():
        for destination in ext.destinations:
            if destination.name == name:
                return destination.build(*args)
    return None


def reverse_or_none(url_name: str, *args: Any) -> str | None:
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return None

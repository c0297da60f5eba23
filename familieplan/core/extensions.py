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
- the staff start page shows every `StartSection`; the coordinator's day ("I dag", the
  workday app) lists each app's `DayBlock` over a `DayScope` (one query per source, lines
  marked seen left out);
- `demo` runs every `DemoStep` after the families are built;
- `core` saves drafts of the forms an app names (`DraftForm`: its access rule and fields);
- the privacy officer's access log finds a family by name through the `FamilyFinder` the
  families app registers (core never imports families).

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
    #: Also offered on the family's caseload row (e.g. the quick note).
    caseload: bool = False
    #: The linked page answers an htmx request with a fragment that opens in place.
    inline: bool = False
    #: The linked page changes the family: offered only to someone who may change it.
    writes: bool = False


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
    """What a counter reads besides the family row. `municipality_ids`: the reader's
    municipalities (empty: every one, the digest's grouped count); a counter over another
    table filters that table by them, so it reads the reader's municipalities only."""

    today: date
    now: datetime
    no_contact_days: int
    municipality_ids: frozenset[int] = frozenset()


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


# -- The start page, the page header and the coordinator's day ---------------------------------


@dataclass(frozen=True)
class StartSection:
    """A section of the staff start page: `context(request)` returns the template's context, or
    None when it is not for this reader (the section's own rule)."""

    template: str
    context: Callable[[Any], dict | None]
    order: int = 100


@dataclass(frozen=True)
class HeaderItem:
    """An item in the page header beside the menu (the notification bell): `context(request)`
    returns the template's context for the logged-in user, or None (not shown). It runs on every
    page, so it asks at most one cheap query."""

    template: str
    context: Callable[[Any], dict | None]
    order: int = 100


@dataclass(frozen=True)
class DayScope:
    """Whose day a block is about. `families` is a queryset of the families the reader works
    with (a coordinator: those they coordinate; a team lead: the team's, `lead` True);
    `week_end` is the last day of this week (Sunday); `caseload` is the context the caseload's
    counters read (the same conditions give the same answer on both pages).
    `unseen(queryset, kind, state=None)` leaves out the rows this reader marked seen under
    `kind` (the queryset's primary key is what is marked) while the row is in the state the
    expression `state` gives now (e.g. `Cast("due_on", CharField())`; None: a thing that
    never changes). A mark made in another state no longer hides the row.
    `municipality_ids` holds every municipality of `families`: a block filters its own table's
    `municipality` by them too, so the table's index led by the municipality answers it.
    `count_at_most` (a team lead's day): a block counts its rows only up to this many and one
    more (`core.day_reads`); None: counted exactly."""

    user: Any
    families: Any
    today: date
    now: datetime
    week_end: date
    lead: bool
    unseen: Callable[..., Any]
    caseload: CaseloadContext
    municipality_ids: frozenset[int] = frozenset()
    count_at_most: int | None = None


@dataclass(frozen=True)
class DayLine:
    """One line of the day: formatted once, the template only prints it. `kind` and `object_id`
    are what "marked seen" stores; `url` is where the line is dealt with."""

    kind: str
    object_id: Any
    family_id: Any
    family_name: str
    text: str
    url: str
    when: str = ""
    late: bool = False
    #: The thing's state as the page shows it (the block's `state` expression, "" for a thing
    #: that never changes): "Sett" marks this state, not a later one.
    state: str = ""


@dataclass(frozen=True)
class DayBlock:
    """A block of the coordinator's start page. `lines(scope, n)` returns at most `n` lines
    and how many there are in all, in one query per source (a window count beside the lines,
    `core/day_reads.py`), so the page's query count does not depend on the number of families.
    `find(kind, object_id)` answers for the "seen" button: the family of a thing this block
    lists under `kind` and its state now (the same `state` expression its `unseen` call
    reads), or None when it is not this block's.
    `more(scope)` is the place with all of them (the caseload filtered by the block's counter),
    or "" when there is none."""

    key: str
    title: StrOrPromise
    lines: Callable[[DayScope, int], tuple[list[DayLine], int]]
    find: Callable[[str, Any], tuple[Any, str] | None]
    empty: StrOrPromise = ""
    more: Callable[[DayScope], str] | None = None
    order: int = 100


# -- Finding a family by name (pages below families: the privacy officer's access log) -------


@dataclass(frozen=True)
class FoundFamily:
    """A family as a name search shows it: enough to tell two «Familien Ali» apart."""

    family_id: Any
    municipality_id: int
    name: str
    members: str = ""  # the members' first names, "Amina, Yusuf, Sara"
    unit: str = ""


@dataclass(frozen=True)
class FamilyFinder:
    """Registered by the families app. `find(municipality_ids, text, limit)` returns at most
    `limit` families of those municipalities whose name or a member's name matches `text`;
    `describe(municipality_ids, family_ids)` returns `{family id: FoundFamily}` for the ids
    that belong to those municipalities. The caller checks who may search and logs it."""

    find: Callable[[Iterable[int], str, int], list[FoundFamily]]
    describe: Callable[[Iterable[int], Iterable[Any]], dict[Any, FoundFamily]]


# -- Drafts saved as you type (core/drafts.py) ------------------------------------------------


@dataclass(frozen=True)
class DraftForm:
    """A form whose text is saved as a draft while it is typed. `name` is the first half of the
    draft's key (`journal.quick_note`); `target(request, object_id)` returns the object the form
    is about (its `municipality_id` scopes the draft) for someone who may change it, and raises
    Http404 or PermissionDenied otherwise (the app's access helper, logged); `fields` are the
    form fields a draft keeps (nothing else that is posted is stored)."""

    name: str
    target: Callable[[Any, Any], Any]
    fields: tuple[str, ...]


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
    start_sections: tuple[StartSection, ...] = ()
    header_items: tuple[HeaderItem, ...] = ()
    day_blocks: tuple[DayBlock, ...] = ()
    #: Finds families by name for lower apps (only the families app gives one).
    family_finder: FamilyFinder | None = None
    #: Forms whose text is saved as a draft while it is typed (core/drafts.py).
    drafts: tuple[DraftForm, ...] = ()


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


def draft_form(name: str) -> DraftForm | None:
    return next(
        (form for ext in _REGISTRY.values() for form in ext.drafts if form.name == name), None
    )


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


def start_sections() -> list[StartSection]:
    return _all("start_sections")


def header_items() -> list[HeaderItem]:
    return _all("header_items")


def day_blocks() -> list[DayBlock]:
    return _all("day_blocks")


def family_finder() -> FamilyFinder | None:
    """The registered way to find a family by name, or None when no app gives one."""
    return next((ext.family_finder for ext in _REGISTRY.values() if ext.family_finder), None)


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

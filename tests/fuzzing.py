"""Hostile input for every page: the URL patterns filled with real ids, the query parameters
each view reads (found by running it), the forms each page shows (parsed from its HTML).

Every request runs in a savepoint that is rolled back afterwards, so one request's writes (or
a database error) never leak into the next, and the walk is the same whatever its order.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie

from django.db import transaction
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

NUL = "\x00"
#: Longer than any text field allows (the longest take 4000 characters).
LONG = "x" * 5000
#: Values sent in every query parameter of a page at once: NUL bytes, a long string, a date
#: (naive, no time zone), dates and numbers that are not, SQL and path tricks with unicode
#: (a right-to-left override, a character outside the basic plane).
HOSTILE = [
    NUL,
    LONG,
    "2026-11-01",
    "2026-13-45T25:61",
    "-1",
    "99999999999999999999",
    "'; DROP TABLE families_family; -- ../../etc/passwd ÆØÅ ✓ 𝔘 \u202eevil <script>",
    "",
]
#: Parameters sent to every page, whether it reads them or not.
GENERIC = [
    "q",
    "before",
    "after",
    "page",
    "sort",
    "status",
    "from",
    "to",
    "date",
    "cohort",
    "unit",
    "group_by",
    "table",
    "format",
    "next",
    "lang",
]
#: Values sent into each query parameter a page reads, one parameter at a time.
ONE_PARAMETER = ["2026-11-01", "2026-13-45", "99999999999999999999"]
#: Values sent into every field of a form at once.
ALL_AT_ONCE = ["", NUL, LONG, "abc", "99999999999999999999"]
TEXT_KINDS = ("textarea", "text", "email", "url", "tel", "search", "password")


def one_by_one(form: Form, name: str) -> bool:
    """Whether a field is also sent bad on its own. Rows of a formset after the first are the
    same fields again (and the empty row Django's admin keeps for its script); the admin's
    own forms are sent bad as a whole, except its list's fields (which rows, what to do)."""
    if re.search(r"-([1-9]\d*|__prefix__)-", name):
        return False
    return not form.action.startswith("/admin/") or name.startswith(("_", "action", "select"))


def bad_values(form: Form, name: str) -> list[str]:
    """Values sent into one form field at a time (the rest as the page has them), each of
    which must give a message (or a 400 page): a NUL in any field; in a field that takes a
    number, a date or a choice, also a number out of range. Not into a tick box (any value
    is «ticked»), a choice with one option (the page's only answer) or `next` (a place to go
    back to, used only when it is this site's)."""
    kind = form.kinds[name]
    if kind == "checkbox" or name.rsplit("-", 1)[-1] == "next" or not one_by_one(form, name):
        return []
    if kind in ("radio", "select") and len(form.options.get(name, [])) <= 1:
        return []
    if kind in TEXT_KINDS:
        return ["a\x00b"]
    return ["a\x00b", "99999999999999999999"]


#: Actions not posted to: logging out would end the walk's sessions.
SKIP_ACTIONS = {"/accounts/logout/"}
#: Forms whose every value is a choice the server checks and ignores when unknown (the
#: language switch), and Django's admin (its own messages): no 500, but no message asked for.
NO_MESSAGE_ASKED = ("/language/", "/admin/")
ERROR_MARKERS = (
    'class="ds-error-summary"',
    'class="ds-validation-message"',
    'data-color="danger"',
    'data-color="warning"',
)


SENT = 0


@contextmanager
def quiet_request_log() -> Iterator[None]:
    """Thousands of refused requests would each log a warning (with a traceback for a 403, a
    SuspiciousOperation); errors are still logged."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@dataclass(frozen=True)
class Route:
    path: str
    name: str


def routes(ids: dict[str, str], overrides: dict[str, dict[str, str]]) -> tuple[list, list]:
    """Every URL pattern as a concrete path (parameters from `ids`), and the patterns that
    could not be filled (their parameter has no id in the world)."""
    found, unfilled = [], []

    def walk(resolver: URLResolver, prefix: str, ns: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                child_ns = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
                walk(pattern, prefix + str(pattern.pattern), child_ns)
                continue
            if not isinstance(pattern, URLPattern):
                continue
            name = f"{ns}{pattern.name or pattern.lookup_str}"
            text = prefix + str(pattern.pattern)
            if not isinstance(pattern.pattern, RoutePattern) and "(?P" in text:
                unfilled.append(name)
                continue
            values = {**ids, **overrides.get(name, {})}
            missing = [p for p in re.findall(r"<(?:\w+:)?(\w+)>", text) if p not in values]
            if missing:
                unfilled.append(name)
                continue
            path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m, v=values: v[m.group(1)], text)
            path = path.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
            found.append(Route("/" + path.lstrip("/"), name))

    walk(get_resolver(), "", "")
    return found, unfilled


@dataclass
class Outcome:
    status: int
    body: str = ""
    error: str = ""
    followed: str = ""

    @property
    def shows_error(self) -> bool:
        return any(marker in self.body or marker in self.followed for marker in ERROR_MARKERS)


def _body(response) -> str:
    if "html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode(errors="replace")


def send(client, method: str, path: str, data=None, *, follow_once: bool = False) -> Outcome:
    """One request in a savepoint that is rolled back; an exception becomes a 500."""
    global SENT
    SENT += 1
    cookies = {key: morsel.value for key, morsel in client.cookies.items()}
    try:
        with transaction.atomic():
            response = getattr(client, method)(path, data or {})
            outcome = Outcome(response.status_code, _body(response))
            location = response.get("Location", "")
            if follow_once and response.status_code == 302 and location.startswith("/"):
                outcome.followed = _body(client.get(location))
            transaction.set_rollback(True)
    except Exception as error:  # the test client re-raises what the view raised
        outcome = Outcome(500, error=f"{type(error).__name__}: {error}"[:300])
    client.cookies = SimpleCookie()
    for key, value in cookies.items():
        client.cookies[key] = value
    return outcome


@contextmanager
def reading_parameters() -> Iterator[set[str]]:
    """The names a view looks up in a QueryDict while it runs (request.GET, forms on it)."""
    seen: set[str] = set()

    def recorder(original):
        def record(self, key, *args, **kwargs):
            if isinstance(key, str):
                seen.add(key)
            return original(self, key, *args, **kwargs)

        return record

    names = ("get", "getlist", "__getitem__", "__contains__")
    for name in names:
        setattr(QueryDict, name, recorder(getattr(QueryDict, name)))
    try:
        yield seen
    finally:
        for name in names:
            delattr(QueryDict, name)  # QueryDict inherits them again


@dataclass
class Form:
    method: str
    action: str
    #: name → input type ("text", "select", "textarea", "radio" …)
    kinds: dict[str, str] = field(default_factory=dict)
    #: name → the values the page would send as it stands
    values: dict[str, list[str]] = field(default_factory=dict)
    #: name → every value a choice offers
    options: dict[str, list[str]] = field(default_factory=dict)

    def baseline(self) -> dict[str, list[str]]:
        data = {name: list(values) for name, values in self.values.items()}
        for name, kind in self.kinds.items():
            if (
                kind in ("radio", "select")
                and not any(data.get(name, []))
                and self.options.get(name)
            ):
                chosen = [v for v in self.options[name] if v] or self.options[name]
                data[name] = chosen[:1]
        return data


class _FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page_path
            self._form = Form(a.get("method", "get").lower(), action.split("#")[0])
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None:
            return
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            form.kinds.setdefault(name, kind)
            form.values.setdefault(name, [])
            if kind in ("radio", "checkbox"):
                form.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form.values[name].append(a.get("value", "on"))
            else:
                form.values[name].append(a.get("value", ""))
        elif tag == "select" and name:
            form.kinds.setdefault(name, "select")
            form.values.setdefault(name, [])
            self._select = (name, "multiple" in a)
        elif tag == "option" and self._select:
            select, _multiple = self._select
            form.options.setdefault(select, []).append(a.get("value", ""))
            if "selected" in a:
                form.values[select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            form.kinds.setdefault(name, "textarea")
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.values.setdefault(self._textarea, []).append("".join(self._text).strip())
            self._textarea = None


def forms_on(page_path: str, html: str) -> list[Form]:
    parser = _FormParser(page_path)
    parser.feed(html)
    return parser.forms


def links_parameters(path: str, html: str) -> set[str]:
    """Query parameter names in the page's links to itself (filters, paging, sorting)."""
    names = set()
    for target, query in re.findall(r'href="([^"#?]*)\?([^"#]*)"', html):
        if target not in ("", path):
            continue
        for pair in query.replace("&amp;", "&").split("&"):
            if pair:
                names.add(pair.split("=", 1)[0])
    return names

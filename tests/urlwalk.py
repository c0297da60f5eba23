"""Walks every URL pattern and reports views that answer an anonymous visitor.

Each pattern gets a concrete path (converters filled with harmless values) and is requested
without login. Anything but a redirect to a login page (or 404/405, which reveal nothing) is
reported unless the view's name is on the explicit allow-list.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE = {"uuid": str(uuid.uuid4()), "int": "1", "slug": "x", "str": "x", "path": "x"}
LOGIN_PREFIXES = ("/accounts/login/", "/admin/login/")


@dataclass(frozen=True)
class Route:
    path: str
    name: str


def _fill(route: str) -> str:
    def converter(match: re.Match) -> str:
        kind = match.group(1) or "str"
        return SAMPLE.get(kind, "x")

    return re.sub(r"<(?:(\w+):)?\w+>", converter, route)


def _regex_to_path(regex: str) -> str:
    path = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return path.replace("\\", "")


def routes(resolver: URLResolver | None = None, prefix: str = "/", ns: str = "") -> list[Route]:
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        text = str(pattern.pattern)
        piece = _fill(text) if "<" in text and "(?P" not in text else _regex_to_path(text)
        if isinstance(pattern, URLResolver):
            child_ns = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            found += routes(pattern, prefix + piece, child_ns)
        elif isinstance(pattern, URLPattern):
            found.append(Route(prefix + piece, f"{ns}{pattern.name or pattern.lookup_str}"))
    return found


def unprotected(client, allow: set[str]) -> list[str]:
    """Routes that answer an anonymous GET with content, and are not allow-listed."""
    problems = []
    for route in routes():
        if route.name in allow:
            continue
        response = client.get(route.path)
        if response.status_code in (404, 405):
            continue
        location = response.get("Location", "")
        if response.status_code == 302 and location.startswith(LOGIN_PREFIXES):
            continue
        problems.append(f"{route.path} ({route.name}) answered {response.status_code}")
    return problems

"""Every response Django answers carries the Content-Security-Policy (no inline or eval'd
script, no inline style without the request's nonce, no framing, forms to ourselves only),
a Permissions-Policy, Cross-Origin-Opener-Policy and `Cache-Control: no-store`: every URL the
walk reaches, anonymous and as each kind of user, and the pages, PDFs, downloads and JSON copy
with family data in particular. The HTML itself has nothing the policy would block."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from familieplan.core.security import DENIED_FEATURES
from tests.urlwalk import routes

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    directives = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *values = part.split()
        directives[name] = values
    return directives


def header_problems(response, where: str) -> list[str]:
    problems = []
    csp = policy(response)
    for name, value in REQUIRED.items():
        if csp.get(name) != [value]:
            problems.append(f"{where}: {name} is {csp.get(name)}")
    for name in ("script-src", "style-src", "default-src"):
        unsafe = [v for v in csp.get(name, []) if v.startswith("'unsafe-")]
        if unsafe:
            problems.append(f"{where}: {name} allows {unsafe}")
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        if f"{feature}=()" not in permissions:
            problems.append(f"{where}: Permissions-Policy lets {feature} through")
    if "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"{where}: Cache-Control is {response.get('Cache-Control')!r}")
    if response.get("Pragma") != "no-cache":
        problems.append(f"{where}: no Pragma: no-cache")
    if response.get("Cross-Origin-Opener-Policy") != "same-origin":
        problems.append(f"{where}: no Cross-Origin-Opener-Policy")
    return problems


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
STYLE_ELEMENT = re.compile(r"<style\b([^>]*)>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+=", re.I)
HX_ON = re.compile(r"\shx-on[:-]", re.I)


def html_problems(response, where: str) -> list[str]:
    """What the policy would block in the page: the browser tests see it as console errors;
    this finds it on every page the walk reaches."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    body = response.content.decode()
    nonce = next(
        (v[7:-1] for v in policy(response).get("style-src", []) if v.startswith("'nonce-")), None
    )
    problems = [f"{where}: inline <script>" for _ in INLINE_SCRIPT.finditer(body)]
    for match in STYLE_ELEMENT.finditer(body):
        if nonce is None or f'nonce="{nonce}"' not in match.group(1):
            problems.append(f"{where}: <style> without the response's nonce")
    for pattern, what in (
        (STYLE_ATTRIBUTE, "style attribute"),
        (EVENT_HANDLER, "on… handler attribute"),
        (HX_ON, "hx-on attribute"),
    ):
        problems += [f"{where}: {what}: {m.group(0)[:80]}" for m in pattern.finditer(body)]
    if "javascript:" in body.lower():
        problems.append(f"{where}: javascript: URL")
    return problems


PERSONAS = [None, "coordinator", "team_lead", "partner", "family_member", "administrator"]


@pytest.mark.parametrize("persona", PERSONAS, ids=[p or "anonymous" for p in PERSONAS])
def test_every_url_of_the_walk_answers_with_the_headers(client, world, persona):
    if persona:
        client.force_login(world.users()[persona])
    problems = []
    for route in routes():
        response = client.get(route.path)
        where = f"{route.path} ({route.name}, {persona or 'anonymous'}, {response.status_code})"
        problems += header_problems(response, where) + html_problems(response, where)
    assert problems == []


def test_the_pages_with_family_data_and_their_downloads(client, portal):
    world, family = portal.shared.world, portal.shared.family
    client.force_login(world.coordinator)
    staff = [
        f"/families/{family.pk}/",
        f"/families/{family.pk}/members/{portal.shared.mother.pk}/",
        f"/plans/{family.pk}/",
        f"/plans/{family.pk}/print/",
        f"/plans/{family.pk}/print/?format=pdf",
        f"/mapping/{family.pk}/print/",
        f"/journal/{family.pk}/",
    ]
    problems = []
    for url in staff:
        response = client.get(url)
        assert response.status_code == 200, url
        problems += header_problems(response, url) + html_problems(response, url)
    client.force_login(world.team_lead)
    start = (timezone.localdate() - timedelta(days=30)).isoformat()
    for fmt in ("csv", "xlsx"):
        url = f"/journal/time/?start={start}&format={fmt}"
        response = client.get(url)
        assert response.status_code == 200, url
        problems += header_problems(response, url)
        for url in (f"/mapping/figures/?format={fmt}",):
            problems += header_problems(client.get(url), url)
    client.force_login(portal.mother_user)
    for url in ("/family/", "/family/plan/", "/family/copy/", "/family/copy/?format=json"):
        response = client.get(url)
        assert response.status_code == 200, url
        problems += header_problems(response, url) + html_problems(response, url)
    response = client.get("/family/copy/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    problems += header_problems(response, "/family/copy/?format=pdf")
    assert problems == []


def test_a_printed_page_styles_itself_with_the_nonce_of_its_own_response(client, portal):
    client.force_login(portal.shared.world.coordinator)
    first = client.get(f"/plans/{portal.shared.family.pk}/print/")
    second = client.get(f"/plans/{portal.shared.family.pk}/print/")
    nonces = [
        next(v for v in policy(r)["style-src"] if v.startswith("'nonce-")) for r in (first, second)
    ]
    assert nonces[0] != nonces[1]  # a fresh one for each response
    assert f'<style nonce="{nonces[0][7:-1]}">' in first.content.decode()


def test_a_page_without_inline_style_offers_no_nonce(client, world):
    client.force_login(world.coordinator)
    assert policy(client.get("/families/"))["style-src"] == ["'self'"]


def test_the_permissions_policy_denies_every_listed_feature(client, world):
    header = client.get("/accounts/login/")["Permissions-Policy"]
    assert header == ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)

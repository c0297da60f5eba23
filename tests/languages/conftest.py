"""Helpers for the language tests: the portal family (tests/portal/conftest.py) seen in one of
its languages, and a page's text without markup."""

from __future__ import annotations

import html
import re

import pytest

from tests.partners.conftest import shared  # noqa: F401 (fixture)
from tests.portal.conftest import portal  # noqa: F401 (fixture)


def visit(client, user, path: str, language: str) -> str:
    """`path` as `user` sees it in `language` (chosen through the switcher, as people do)."""
    client.force_login(user)
    response = client.post("/language/", {"language": language, "next": path})
    assert response.status_code == 302
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def main(page: str) -> str:
    """The page's <main> (the page frame has its own tests)."""
    match = re.search(r"<main\b.*?</main>", page, re.S)
    assert match, "no <main>"
    return match.group(0)


def text(page: str) -> str:
    """What a person reads: the text of <main> without tags, whitespace collapsed."""
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", main(page), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def mapped(portal):  # noqa: F811
    """The portal family with a completed intake mapping: the domain rating and the
    household's living conditions, and an open one for the family to fill in."""
    from datetime import timedelta

    from django.utils import timezone

    from familieplan.mapping import services
    from familieplan.mapping.models import Instrument

    world = portal.shared.world
    family = portal.shared.family
    today = timezone.localdate()

    def newest(key):
        return Instrument.objects.filter(key=key).order_by("-version").first()

    intake = services.assessment_start(
        family=family,
        by=world.coordinator,
        occasion="intake",
        number=0,
        held_on=today - timedelta(days=60),
    )
    ratings = {f"domain:{code}": 6 for code in ("housing", "economy", "school")}
    services.response_save(
        assessment=intake,
        instrument=newest("domain-rating"),
        member=None,
        answered_by="with_coordinator",
        answers=ratings,
        final=True,
        by=world.coordinator,
    )
    services.response_save(
        assessment=intake,
        instrument=newest("living-household"),
        member=None,
        answered_by="with_coordinator",
        answers={"housing_standard": 2, "moves": 1, "debt": 3},
        final=True,
        by=world.coordinator,
    )
    services.assessment_complete(assessment=intake, by=world.coordinator)
    later = services.assessment_start(
        family=family, by=world.coordinator, occasion="extra", number=0, held_on=today
    )
    return portal, later

"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's
live server. One browser per test session (per xdist worker), a fresh context per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.helpers import (
    AXE_JS,
    REPO_ROOT,
    assert_no_horizontal_scroll,
    assert_skip_link_works,
    check_axe,
    login,
    record_pages,
    reflow_problems,
    screenshot,
)

# Playwright's sync API keeps an asyncio event loop in the test thread, which makes Django's
# async-safety guard refuse ORM calls made by fixtures and factories. The ORM calls here are
# ordinary synchronous ones, so the guard is switched off for the browser tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--lang=nb-NO",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# WCAG 1.4.10 reflow: 1280 × 800 CSS px at 200 % zoom lays out exactly like a 640 × 400
# viewport at 100 %, so this viewport stands in for "200 % zoom" (the standard equivalence;
# CSS `zoom` and device_scale_factor do not change the layout width the same way).
ZOOM_200 = {"width": 640, "height": 400}
TIMEOUT_MS = 20_000
ASSET_TYPES = {"stylesheet", "script"}

__all__ = [
    "assert_no_horizontal_scroll",
    "assert_skip_link_works",
    "check_axe",
    "login",
    "screenshot",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (`make test` installs Debian's chromium)")
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(REPO_ROOT)} is missing: run `npm ci` (or `make assets`)")
    vendor_css = REPO_ROOT / "familieplan/static/vendor/designsystemet/designsystemet.css"
    if not vendor_css.exists():
        pytest.fail("Designsystemet CSS is missing: run ./scripts/copy-assets.sh (`make assets`)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def new_page(browser, live_server, transactional_db):
    """Factory: a page in a fresh browser context (own cookies) with the given viewport.

    The live server needs committed data, so every browser test is transactional (the
    seeded reference data is put back by `reference_data` in tests/conftest.py).

    Script errors and failed style sheets or scripts fail the test: an unstyled page would
    make the axe and layout checks meaningless. So does anything the Content-Security-Policy
    refuses (the browser reports it on the console). Every page the test visits is laid out
    again at 360 px afterwards, and one that scrolls sideways fails it too (WCAG 1.4.10
    reflow, which axe does not check).
    """
    contexts = []
    problems: list[str] = []
    recorded: list[list[tuple[str, str]]] = []  # per context: every page it loaded

    def on_response(response):
        if response.status >= 400 and response.request.resource_type in ASSET_TYPES:
            problems.append(f"{response.status} for {response.url}")

    def on_request_failed(request):
        # ERR_ABORTED is the browser cancelling a load because the test navigated on; a file
        # that is really missing answers 404, which on_response reports.
        if request.resource_type in ASSET_TYPES and request.failure != "net::ERR_ABORTED":
            problems.append(f"{request.failure} for {request.url}")

    def on_console(message):
        # What the Content-Security-Policy refused (an inline script or style, an eval, a
        # resource from elsewhere) and a Permissions-Policy the browser could not parse.
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text:
            problems.append(f"console {message.type}: {text}")

    def make(viewport: dict | None = None):
        context = browser.new_context(
            viewport=viewport or DESKTOP, locale="nb-NO", base_url=live_server.url
        )
        context.set_default_timeout(TIMEOUT_MS)
        recorded.append(record_pages(context))
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on("console", on_console)
        page.on("response", on_response)
        page.on("requestfailed", on_request_failed)
        return page

    yield make
    for context in contexts:
        context.close()
    # WCAG 1.4.10: every page the test visited, laid out again at 360 px, fits the width.
    problems += reflow_problems(browser, [page for pages in recorded for page in pages])
    if problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def page(new_page):
    return new_page(DESKTOP)


@pytest.fixture
def phone_page(new_page):
    return new_page(PHONE)


@pytest.fixture
def zoom_page(new_page):
    """1280 × 800 at 200 % zoom (see ZOOM_200)."""
    return new_page(ZOOM_200)


@pytest.fixture(params=[PHONE, ZOOM_200], ids=["phone360", "zoom200"])
def small_page(request, new_page):
    """Runs the test twice: at 360 px wide and at 200 % zoom.

    (A fixture rather than request.getfixturevalue(), so that new_page and its database
    fixtures are known when the test is collected.)
    """
    return new_page(request.param)

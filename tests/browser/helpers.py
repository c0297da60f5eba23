"""Helpers for the browser tests: axe-core checks, logging in, screenshots, layout probes."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Screenshots are for people to look at; they live outside the repository.
SCREENS = Path("/tmp/fp-screens")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_AXE_RUN = """async (tags) => {
  // A dialog fading in is checked as it ends up, not half transparent: axe reads the colours
  // of the moment. Endless animations (a spinner) are not waited for.
  await Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
    .map(a => a.finished.catch(() => null)));
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
    summary: v.nodes.length ? v.nodes[0].failureSummary : '',
    count: v.nodes.length,
  }));
}"""


def check_axe(page: Page) -> None:
    """Assert that axe-core finds no WCAG 2.1 A/AA violations on the page once it has settled.

    Running transitions and animations finish first, so a dialog is judged in its final
    colours rather than at some frame of its fade-in.
    """
    __tracebackhide__ = True
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Through the DevTools protocol, which the page's Content-Security-Policy does not
        # govern: a <script> tag with the file's text would be refused as an inline script.
        page.evaluate("() => {\n" + AXE_JS.read_text(encoding="utf-8") + "\n}")
    violations = page.evaluate(_AXE_RUN, WCAG_TAGS)
    if violations:
        lines = [f"axe-core found {len(violations)} violation(s) on {page.url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['count']} node(s)]")
            lines.extend(f"    at {target}" for target in v["targets"])
            if v["summary"]:
                lines.append("    " + v["summary"].replace("\n", "\n    "))
            lines.append(f"    {v['helpUrl']}")
        raise AssertionError("\n".join(lines))


def login(page: Page, live_server, username: str, password: str) -> None:
    """Log in through the real form (and so through django-axes)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG to /tmp/fp-screens/ for a person to look at."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_horizontal_scroll(page: Page) -> None:
    """WCAG 1.4.10 reflow: content fits the viewport width without scrolling sideways."""
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    if widths["scroll"] > widths["inner"]:
        wide = page.evaluate(
            """(inner) => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > inner + 0.5)
                .filter(el => !el.closest('.table-scroll'))
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                           + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
                           + ' right=' + Math.round(el.getBoundingClientRect().right))""",
            widths["inner"],
        )
        raise AssertionError(
            f"{page.url} scrolls sideways: scrollWidth {widths['scroll']} > "
            f"innerWidth {widths['inner']}; too wide: {wide}"
        )


def assert_skip_link_works(page: Page) -> None:
    """Right after a page loads, the first Tab shows the skip link; Enter moves focus to <main>."""
    skip = page.get_by_role("link", name=re.compile("Hopp til hovedinnholdet|Skip to main"))
    hidden = skip.bounding_box()
    assert hidden is not None and hidden["width"] <= 1 and hidden["height"] <= 1, (
        f"the skip link should be visually hidden until it gets focus: {hidden}"
    )
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    shown = skip.bounding_box()
    assert shown is not None and shown["width"] > 10 and shown["height"] > 10, (
        f"the focused skip link should be visible: {shown}"
    )
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def make_family_with_goal(*, goal_words: str = "Trygg bolig"):
    """An active, enrolled family (Familien Lund, adult Kari born 1985) in Demo kommune with
    coordinator `koordinator`, a current plan and one housing goal. For transactional tests."""
    from datetime import date, timedelta

    from django.utils import timezone

    from familieplan.core.roles import Role
    from familieplan.families.models import Enrolment, ProgrammeSettings
    from familieplan.plans import services
    from tests.factories import make_family, make_member, make_municipality, make_unit, make_user

    today = timezone.localdate()
    muni = make_municipality(number="9901", name="Demo kommune")
    unit = make_unit(municipality=muni, name="Familiesenteret")
    coordinator = make_user(
        username="koordinator", role=Role.COORDINATOR, unit=unit, email="koordinator@example.no"
    )
    ProgrammeSettings.for_municipality(muni)
    family = make_family(unit=unit, name="Familien Lund", coordinator=coordinator)
    family.stage = "active"
    family.save()
    Enrolment.objects.create(
        municipality=muni,
        family=family,
        status="active",
        started_on=today - timedelta(days=60),
        planned_end=today + timedelta(days=700),
    )
    make_member(family=family, first_name="Kari", birth_date=date(1985, 5, 17))
    plan = services.plan_create(
        family=family,
        by=coordinator,
        period_start=today - timedelta(days=30),
        period_end=today + timedelta(days=365),
    )
    services.goal_add(
        plan=plan, by=coordinator, own_words=goal_words, domain=muni.domains.get(code="housing")
    )
    return family


# --- reflow of every page a test visits (WCAG 1.4.10) -----------------------------------------

#: Installed in every browser context: each page sends the document it loaded (as the test saw
#: it at its load event) to `record_pages`' list, to be laid out again at 360 px.
_SNAPSHOT = """
if (window === window.top) {
  window.addEventListener("load", () => {
    if (document.contentType !== "text/html" || !window.__fpPage) { return; }
    try { window.__fpPage(location.href, "<!DOCTYPE html>" + document.documentElement.outerHTML); }
    catch (error) { /* the test navigated on; the next page is recorded instead */ }
  });
}
"""

#: Whether the page scrolls sideways, and the elements that stick out of their parents (where
#: the overflow starts); what overflows inside its own scrolling region is not the page's.
_REFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) { return null; }
  const style = (el) => getComputedStyle(el);
  const scrolls = (el) => ["auto", "scroll"].includes(style(el).overflowX);
  const positioned = (el) => style(el).position !== "static";
  // Inside a scrolling region, unless it is positioned against something outside it (an
  // absolutely positioned screen-reader text in a table escapes an unpositioned region).
  const inScroller = (el) => {
    const escapes = ["absolute", "fixed"].includes(style(el).position);
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (scrolls(p)) { return !escapes || positioned(p); }
      if (escapes && positioned(p)) { return false; }
    }
    return false;
  };
  const out = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5); };
  const wide = [...document.querySelectorAll("body *")].filter((el) => out(el) && !inScroller(el));
  const origins = wide.filter((el) => !wide.includes(el.parentElement)).slice(0, 5);
  return {scroll: root.scrollWidth, width, wide: origins.map((el) => {
    const r = el.getBoundingClientRect();
    const css = typeof el.className === "string" ? el.className.trim() : "";
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (css ? "." + css.split(/\\s+/).join(".") : "");
    const words = (el.textContent || "").trim().slice(0, 40);
    return `${name} [${Math.round(r.left)}, ${Math.round(r.right)}] «${words}»`;
  })};
}"""

#: Masked CSRF tokens differ on every render of the same page.
_TOKEN = re.compile(r"[A-Za-z0-9]{64}")


def _serve(body: str):
    return lambda route: route.fulfill(body=body, content_type="text/html; charset=utf-8")


def record_pages(context) -> list[tuple[str, str]]:
    """From now on, every HTML page loaded in `context`, as (url, document)."""
    pages: list[tuple[str, str]] = []
    context.expose_binding("__fpPage", lambda _source, url, html: pages.append((url, html)))
    context.add_init_script(_SNAPSHOT)
    return pages


def reflow_problems(browser, pages: list[tuple[str, str]], *, width: int = 360) -> list[str]:
    """Each recorded page laid out again at `width` CSS px (the documents as loaded, without
    scripts, so nothing is requested or changed): where the page scrolls sideways. A data
    table in its own scrolling region (`.table-scroll`) is allowed (WCAG 1.4.10's exception
    for two-dimensional content); the page itself must not scroll."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for url, html in pages:
        key = (url, _TOKEN.sub("", html))
        if key not in seen:
            seen.add(key)
            unique.append((url, html))
    if not unique:
        return []
    context = browser.new_context(
        viewport={"width": width, "height": 740}, java_script_enabled=False, locale="nb-NO"
    )
    problems = []
    try:
        page = context.new_page()
        for url, html in unique:
            page.route(lambda u, url=url: u == url, _serve(html))
            page.goto(url, wait_until="load")
            page.unroute_all()
            found = page.evaluate(_REFLOW)
            if found:
                problems.append(
                    f"{url} scrolls sideways at {width} px: scrollWidth {found['scroll']} > "
                    f"clientWidth {found['width']}; sticking out: {found['wide']}"
                )
    finally:
        context.close()
    return problems

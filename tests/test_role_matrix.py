"""Every persona against every URL pattern, on GET and on POST (tests/matrix.py).

One test per row loops the personas and both methods and lists every cell that differs
before it fails. A request that is refused, or a form that comes back, writes nothing but its
access-log entry (and the session); only a redirect after an action may have changed data.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from familieplan.partners.models import Consent
from tests import fuzzing
from tests.matrix import (
    ADMIN_NAMESPACE,
    METHODS,
    PERSONAS,
    PUBLIC,
    Row,
    uncovered,
    unknown,
    url_names,
)
from tests.matrix_rows import KNOWN_DEFECTS, ROWS
from tests.matrix_rows.admin import CLOSED, NO_ADD, admin_routes, administrator_pages, registered
from tests.matrix_world import answer, build_matrix_world
from tests.partners.conftest import shared  # noqa: F401
from tests.test_url_walk import ALLOWED_WITHOUT_LOGIN

#: What any request may write: its access-log entry, and the session.
BOOKKEEPING = frozenset({"core_accesslog", "django_session"})


@pytest.fixture
def matrix(shared, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    world = build_matrix_world(shared)
    clients = {}
    for persona in PERSONAS:
        clients[persona] = Client()
        clients[persona].force_login(world.users[persona])
    return world, clients


def _cells(row: Row, world, clients) -> tuple[list[str], list[tuple]]:
    """The cells that differ from the row (problems), and those that answer as a known
    defect says (method, persona, status, reason)."""
    problems, known = [], []
    path = world.paths[row.url]
    for method in METHODS:
        defect = KNOWN_DEFECTS.get((row.url, method))
        for persona in PERSONAS:
            got = answer(clients[persona], method, path)
            where = f"{method.upper()} {row.url} as {persona}"
            expected = row.expected(method)[persona]
            if defect is not None and persona in defect.answers:
                if got.status == defect.answers[persona]:
                    known.append((method, persona, got.status, defect.reason))
                    expected = got.status  # still checked for what it wrote
                elif got.status == expected:
                    problems.append(f"{where}: fixed, remove it from KNOWN_DEFECTS")
                    continue
            if got.status != expected:
                problems.append(f"{where}: got {got.status}, expected {expected} {got.error}")
            elif got.status // 100 != 3 and (changed := got.written - BOOKKEEPING):
                problems.append(f"{where}: answered {got.status} but wrote {sorted(changed)}")
    return problems, known


@pytest.mark.parametrize("row", ROWS, ids=[row.url for row in ROWS])
def test_role_matrix(matrix, row):
    world, clients = matrix
    with fuzzing.quiet_request_log():
        problems, known = _cells(row, world, clients)
    assert problems == [], "\n".join(problems)
    if known:
        pytest.xfail(_known_defects(known))


def _known_defects(known: list[tuple]) -> str:
    lines = []
    for method in METHODS:
        cells = [(persona, status, reason) for m, persona, status, reason in known if m == method]
        if not cells:
            continue
        who = (
            "every persona"
            if len(cells) == len(PERSONAS)
            else ", ".join(f"{persona} {status}" for persona, status, _reason in cells)
        )
        reasons = "; ".join(sorted({reason for _persona, _status, reason in cells}))
        lines.append(f"known defect, {method.upper()} as {who}: {reasons}")
    return " / ".join(lines)


def test_each_request_shows_what_it_wrote_and_leaves_nothing(matrix):
    """The write check sees a change, and the savepoint takes it back for the next cell."""
    world, clients = matrix
    path = world.paths["portal:consent_withdraw"]
    got = answer(clients["family_member"], "post", path)
    assert got.status == 302 and "partners_consent" in got.written
    assert not Consent.objects.filter(withdrawn_at__isnull=False).exists()
    assert answer(clients["family_member"], "post", path).status == 302  # still to withdraw


def test_every_url_pattern_has_a_row():
    assert len(ROWS) > 80
    assert uncovered(ROWS) == [], "URL patterns without a row in tests/matrix_rows/"
    assert unknown(ROWS) == [], "rows or public entries that name no URL pattern"
    assert len({row.url for row in ROWS}) == len(ROWS), "a URL pattern with two rows"
    admin = {name for name in url_names() if name.startswith(ADMIN_NAMESPACE)} - set(PUBLIC)
    assert {route.name for route in admin_routes()} == admin, "the admin rule walks them all"


def test_defects_name_rows_and_personas():
    rows = {row.url for row in ROWS}
    for (url, method), defect in KNOWN_DEFECTS.items():
        assert url in rows and method in METHODS
        assert set(defect.answers) <= set(PERSONAS)


def test_public_pages_are_those_the_url_walk_lets_through():
    assert set(PUBLIC) == ALLOWED_WITHOUT_LOGIN


def test_a_new_url_without_a_row_is_reported():
    before = set(uncovered(ROWS))
    with override_settings(ROOT_URLCONF="tests.matrix_fake_urls"):
        after = set(uncovered(ROWS))
    assert after - before == {"extra:page", "extra_report"}


# -- The Django admin (tests/matrix_rows/admin.py) ----------------------------------------


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "administrator"])
def test_admin_is_closed_to_all_but_the_administrator(matrix, persona):
    """Every admin URL pattern, GET and POST: to the admin's login, nothing written."""
    _world, clients = matrix
    pages = admin_routes()
    assert len(pages) > 100
    problems = []
    with fuzzing.quiet_request_log():
        for route in pages:
            for method in METHODS:
                got = answer(clients[persona], method, route.path)
                if got.status != 302 or not got.location.startswith("/admin/login/"):
                    problems.append(f"{method.upper()} {route.name} {route.path}: {got.status}")
                elif changed := got.written - BOOKKEEPING:
                    problems.append(f"{method.upper()} {route.name}: wrote {sorted(changed)}")
    assert problems == [], "\n".join(problems)


def test_administrator_reaches_the_admin_of_what_they_manage(matrix):
    _world, clients = matrix
    problems = []
    with fuzzing.quiet_request_log():
        for path, expected in administrator_pages().items():
            for method, status in zip(METHODS, expected, strict=True):
                got = answer(clients["administrator"], method, path)
                if got.status != status:
                    problems.append(f"{method.upper()} {path}: got {got.status}, expected {status}")
    assert problems == [], "\n".join(problems)


def test_admin_lists_name_registered_models():
    assert set(registered()) >= CLOSED | NO_ADD

"""The matrix's world: the fuzz world (tests/fuzz_world.py: one of everything in family A,
with ids) and two more personas, so that every row also meets the edge of its rule.

- `clinic_partner`: staff of Helsestasjonen, a service without any consent about family A.
- `other_family_member`: a member of family B (municipality B) with a login of their own.

The consent also gets a scanned form, so that its download answers. Each request runs in a
savepoint that is rolled back (`answer`), so rows and personas never see each other's
changes, and what it wrote is returned with its status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from http.cookies import SimpleCookie

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from familieplan.core.roles import Role
from familieplan.families.models import ProgrammeSettings
from familieplan.partners.models import Consent
from tests import fuzzing
from tests.factories import make_member, make_user
from tests.fuzz_world import build


@dataclass
class MatrixWorld:
    users: dict[str, object]
    #: URL pattern name → the concrete path in this world
    paths: dict[str, str]


def build_matrix_world(shared) -> MatrixWorld:
    """Needs MEDIA_ROOT pointed at a temporary folder (the consent's scanned form)."""
    fuzz = build(shared)
    world = shared.world
    other = make_user(username="forelder-b", role=Role.FAMILY_MEMBER, municipality=world.muni_b)
    make_member(family=world.family_b, first_name="Bodil", birth_date=date(1980, 2, 1), user=other)
    document = default_storage.save("consents/matrix.pdf", ContentFile(b"%PDF-1.4 samtykke"))
    Consent.objects.filter(pk=fuzz.ids["consent_id"]).update(document=document)
    users = {**fuzz.users, "clinic_partner": shared.clinic_user, "other_family_member": other}
    ProgrammeSettings.for_municipality(world.muni_b)  # as municipality B's admin set it up
    found, _unfilled = fuzzing.routes(fuzz.ids, fuzz.overrides)
    return MatrixWorld(users=users, paths={route.name: route.path for route in found})


@dataclass(frozen=True)
class Answer:
    status: int
    location: str = ""
    #: tables the request inserted into, updated or deleted from
    written: frozenset[str] = frozenset()
    error: str = ""


WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def answer(client, method: str, path: str) -> Answer:
    """One request with an empty body, in a savepoint that is rolled back; an exception the
    view raised becomes a 500 with its message."""
    cookies = {key: morsel.value for key, morsel in client.cookies.items()}
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(path)
            if response.streaming:  # a download: read to the end, which closes its file
                b"".join(response.streaming_content)
            transaction.set_rollback(True)
        written = frozenset(
            match.group(1).lower()
            for query in queries.captured_queries
            if (match := WRITE.match(query["sql"]))
        )
        result = Answer(response.status_code, response.get("Location", ""), written)
    except Exception as error:  # the test client re-raises what the view raised
        result = Answer(500, error=f"{type(error).__name__}: {error}"[:200])
    client.cookies = SimpleCookie()
    for key, value in cookies.items():
        client.cookies[key] = value
    return result

"""Every persona against every page in tests/matrix.py."""

import pytest

from tests.matrix import CASES, PERSONAS


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix(client, world, case, persona):
    client.force_login(world.users()[persona])
    response = client.get(case.path(world))
    assert response.status_code == case.statuses[persona], (
        f"{persona} on {case.name}: got {response.status_code}, expected {case.statuses[persona]}"
    )

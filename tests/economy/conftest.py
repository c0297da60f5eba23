import pytest


@pytest.fixture
def staff(client, world):
    """The family's coordinator, logged in."""
    client.force_login(world.coordinator)
    return client

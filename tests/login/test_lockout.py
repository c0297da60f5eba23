"""Lockout after failed logins: per username at one address, and per address across
usernames (spraying); the client address is the one the access log records, from the proxy's
X-Forwarded-For entry when the deployment trusts it."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from familieplan.core.models import AccessLog
from tests.factories import TEST_PASSWORD, make_user

STAFF_LOGIN = "/accounts/login/"
FAMILY_LOGIN = "/accounts/family/login/"
ADDRESS_A = "198.51.100.10"
ADDRESS_B = "203.0.113.20"
PROXY = "10.0.0.1"


def login(client, username, password, *, url=STAFF_LOGIN, **meta):
    return client.post(url, {"username": username, "password": password}, **meta)


def assert_logged_in(response):
    assert response.status_code == 302, response.status_code
    assert response.wsgi_request.user.is_authenticated


def assert_locked(response):
    assert response.status_code == 429
    assert "midlertidig sperret" in response.content.decode()


@pytest.fixture
def accounts(db):
    return [make_user(username=f"bruker{i}") for i in range(7)]


@pytest.mark.parametrize("url", [STAFF_LOGIN, FAMILY_LOGIN])
def test_spraying_a_few_guesses_over_many_accounts_from_one_address_is_stopped(
    client, accounts, settings, url
):
    """4 guesses each (under the per-username limit of 5) over 6 accounts: the address
    reaches its own limit (20) and is locked out for every username, also a right password."""
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.FAMILIEPLAN_LOGIN_ADDRESS_FAILURE_LIMIT == 20
    answers = [
        login(client, user.username, f"guess {n}", url=url, REMOTE_ADDR=ADDRESS_A).status_code
        for user in accounts[:6]
        for n in range(4)
    ]
    assert answers[:19] == [200] * 19  # a form with "wrong username or password"
    assert answers[19:] == [429] * 5  # the 20th failure locks the address
    assert_locked(login(client, accounts[6].username, TEST_PASSWORD, REMOTE_ADDR=ADDRESS_A))
    # The real users elsewhere are not locked out.
    assert_logged_in(login(client, accounts[0].username, TEST_PASSWORD, REMOTE_ADDR=ADDRESS_B))


def test_a_successful_login_does_not_reset_the_address_count(client, accounts):
    """An attacker with an account of their own cannot clear the spraying count by logging in
    now and then: a success clears only that username's failures at the address."""
    own = accounts[6]
    for user in accounts[:4]:
        for n in range(4):
            login(client, user.username, f"guess {n}", REMOTE_ADDR=ADDRESS_A)
    assert_logged_in(login(client, own.username, TEST_PASSWORD, REMOTE_ADDR=ADDRESS_A))
    client.logout()
    for n in range(3):
        assert (
            login(client, accounts[4].username, f"x{n}", REMOTE_ADDR=ADDRESS_A).status_code == 200
        )
    assert_locked(login(client, accounts[4].username, "x3", REMOTE_ADDR=ADDRESS_A))


def test_a_lockout_of_a_user_at_one_address_does_not_lock_the_user_elsewhere(client, accounts):
    victim = accounts[0].username
    for n in range(5):
        login(client, victim, f"guess {n}", REMOTE_ADDR=ADDRESS_A)
    assert_locked(login(client, victim, TEST_PASSWORD, REMOTE_ADDR=ADDRESS_A))
    assert_logged_in(login(client, victim, TEST_PASSWORD, REMOTE_ADDR=ADDRESS_B))
    client.logout()
    # Other users at the attacker's address are not locked by five failures on one name.
    assert_logged_in(login(client, accounts[1].username, TEST_PASSWORD, REMOTE_ADDR=ADDRESS_A))


def test_behind_a_trusted_proxy_the_forwarded_address_decides(client, accounts, settings):
    """Every request comes from the proxy; the address it appended to X-Forwarded-For is the
    client's. An attacker somewhere cannot lock the real user out everywhere."""
    settings.FAMILIEPLAN_TRUST_X_FORWARDED_FOR = True
    victim = accounts[0].username
    for n in range(5):
        login(client, victim, f"guess {n}", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS_A)
    assert_locked(
        login(client, victim, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS_A)
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS_A}
    assert_logged_in(
        login(client, victim, TEST_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ADDRESS_B)
    )


def test_a_forged_first_forwarded_entry_does_not_escape_the_lockout(client, accounts, settings):
    """A client may send its own X-Forwarded-For; the proxy appends the address it saw. Only
    that last entry counts, so changing the forged part does not give fresh attempts."""
    settings.FAMILIEPLAN_TRUST_X_FORWARDED_FOR = True
    victim = accounts[0].username
    for n in range(5):
        forged = f"192.0.2.{n + 1}, {ADDRESS_A}"
        login(client, victim, f"guess {n}", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged)
    assert_locked(
        login(
            client,
            victim,
            TEST_PASSWORD,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ADDRESS_A}",
        )
    )


def test_the_forwarded_header_is_ignored_unless_trusted(client, accounts, settings):
    settings.FAMILIEPLAN_TRUST_X_FORWARDED_FOR = False
    victim = accounts[0].username
    for n in range(5):
        login(client, victim, f"g{n}", REMOTE_ADDR=ADDRESS_A, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ADDRESS_A}
    assert_locked(login(client, victim, TEST_PASSWORD, REMOTE_ADDR=ADDRESS_A))


def test_the_access_log_and_the_lockout_see_the_same_address(client, world, settings):
    settings.FAMILIEPLAN_TRUST_X_FORWARDED_FOR = True
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"192.0.2.7, {ADDRESS_B}"}
    login(client, "koordinator", "wrong", **meta)
    assert AccessAttempt.objects.get().ip_address == ADDRESS_B
    assert_logged_in(login(client, "koordinator", TEST_PASSWORD, **meta))
    client.get(f"/families/{world.family_a.pk}/", **meta)
    entry = AccessLog.objects.get(family_id=world.family_a.pk)
    assert entry.ip_address == ADDRESS_B


@pytest.mark.parametrize("header", ["", "not-an-address", "192.0.2.1, ", "unknown"])
def test_a_forwarded_header_without_an_address_falls_back_to_the_peer(
    client, world, settings, header
):
    settings.FAMILIEPLAN_TRUST_X_FORWARDED_FOR = True
    client.force_login(world.coordinator)
    response = client.get(
        f"/families/{world.family_a.pk}/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header
    )
    assert response.status_code == 200
    assert AccessLog.objects.get(family_id=world.family_a.pk).ip_address == PROXY


def test_trusted_proxies_are_skipped_from_the_right(client, world, settings):
    """With two proxies (a load balancer, then the web server), the right-most address that is
    not one of the trusted proxies is the client's."""
    settings.FAMILIEPLAN_TRUST_X_FORWARDED_FOR = True
    settings.FAMILIEPLAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
    client.force_login(world.coordinator)
    client.get(
        f"/families/{world.family_a.pk}/",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.66, {ADDRESS_A}, 10.1.2.3",
    )
    assert AccessLog.objects.get(family_id=world.family_a.pk).ip_address == ADDRESS_A

"""The OIDC entrance (ID-porten) is behind the same address lockout as the password logins."""

from __future__ import annotations

from tests.accounts.test_oidc import log_in, logged_in_user_id
from tests.factories import make_user

ADDRESS_A = "198.51.100.10"
PROXY = "10.0.0.1"


def test_an_address_locked_by_spraying_is_locked_at_the_oidc_entrance_too(
    client,
    provider,
    parent,
    settings,
):
    settings.FAMILIEPLAN_TRUST_X_FORWARDED_FOR = True
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ADDRESS_A}
    for i in range(5):
        user = make_user(username=f"spray{i}")
        for n in range(4):
            client.post("/accounts/login/", {"username": user.username, "password": f"{n}"}, **meta)
    answer = provider.authorize(client.get("/accounts/oidc/start/", **meta)["Location"])
    response = client.get("/accounts/oidc/callback/", answer, **meta)
    assert response.status_code == 429
    assert logged_in_user_id(client) is None
    # From another address the family member comes in.
    client.cookies.clear()
    assert log_in(client, provider).status_code == 302
    assert logged_in_user_id(client) == str(parent.user.pk)

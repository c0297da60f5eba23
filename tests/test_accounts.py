"""Login, logout, lockout, session expiry, password reset and language choice."""

import re

import pytest
from django.core import mail

from tests.factories import TEST_PASSWORD, make_user


@pytest.fixture
def person(db):
    return make_user(username="kari", email="kari@example.no")


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_and_logout(client, person):
    response = login(client, "kari", TEST_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_passwords_are_hashed_with_argon2(person):
    assert person.password.startswith("argon2")


@pytest.mark.parametrize("username", ["kari", "nobody"])
def test_wrong_password_or_unknown_user_gets_the_same_clear_message(client, person, username):
    response = login(client, username, "wrong password")
    assert response.status_code == 200
    assert "Feil brukernavn eller passord" in response.content.decode()


def test_lockout_after_repeated_failures(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "kari", "wrong")
    response = login(client, "kari", TEST_PASSWORD)
    assert response.status_code == 429
    assert "midlertidig sperret" in response.content.decode()


def test_expired_session_says_so(client, person):
    client.force_login(person)
    client.session.flush()  # what the session store does when the idle time runs out
    client.cookies["sessionid"] = "expired0session0key0000000000000"
    response = client.get("/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "logget ut fordi du ikke hadde gjort noe" in page


def test_session_settings_expire_after_inactivity(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_password_reset_by_email(client, person):
    response = client.post("/accounts/password/reset/", {"email": "kari@example.no"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body)
    page = client.get(link.group(1), follow=True)
    assert "Lag nytt passord" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    new = "a new long passphrase 42"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert login(client, "kari", new).status_code == 302


def test_language_switch_is_remembered_for_the_person(client, person):
    client.force_login(person)
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "en"
    client.cookies.pop("familieplan_language", None)
    assert 'lang="en"' in client.get("/").content.decode()


def test_language_switch_refuses_foreign_redirects(client, person):
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_anonymous_can_choose_language_on_the_login_page(client, db):
    client.post("/language/", {"language": "en", "next": "/accounts/login/"})
    assert 'lang="en"' in client.get("/accounts/login/").content.decode()

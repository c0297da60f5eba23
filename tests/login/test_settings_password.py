"""'Mine innstillinger': changing the email address needs the current password; a wrong
password is a failed login attempt (it counts towards the lockout)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from tests.factories import TEST_PASSWORD, make_user

URL = "/accounts/settings/"


@pytest.fixture
def kari(db):
    return make_user(username="kari", email="kari@example.no")


def save(client, **data):
    values = {"email": "kari@example.no", "receives_reminder_digest": "on", **data}
    return client.post(URL, {k: v for k, v in values.items() if v is not None})


def field_errors(response, name):
    return response.context["form"].errors.get(name, [])


def test_the_page_asks_for_the_current_password(client, kari):
    client.force_login(kari)
    body = client.get(URL).content.decode()
    assert 'name="current_password"' in body
    assert 'autocomplete="current-password"' in body


def test_changing_the_email_without_the_password_is_refused_and_nothing_is_lost(client, kari):
    client.force_login(kari)
    response = save(client, email="ny@example.no", receives_reminder_digest=None)
    assert response.status_code == 200
    assert field_errors(response, "current_password") == [
        "Skriv passordet ditt for å endre e-postadressen."
    ]
    body = response.content.decode()
    assert 'value="ny@example.no"' in body  # what was typed stays in the form
    kari.refresh_from_db()
    assert (kari.email, kari.receives_reminder_digest) == ("kari@example.no", True)


def test_a_wrong_password_is_refused_and_counts_as_a_failed_login(client, kari):
    client.force_login(kari)
    response = save(client, email="ny@example.no", current_password="not my password")
    assert response.status_code == 200
    assert field_errors(response, "current_password") == ["Passordet er feil. Prøv igjen."]
    kari.refresh_from_db()
    assert kari.email == "kari@example.no"
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.failures_since_start) == ("kari", 1)


def test_guessing_the_password_on_the_settings_page_is_locked_out(client, kari, settings):
    """Someone at an unlocked computer cannot try passwords here without limit."""
    client.force_login(kari)
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert save(client, email="ny@example.no", current_password=f"g{n}").status_code == 200
    assert save(client, email="ny@example.no", current_password="last").status_code == 429
    response = save(client, email="ny@example.no", current_password=TEST_PASSWORD)
    assert response.status_code == 429
    kari.refresh_from_db()
    assert kari.email == "kari@example.no"


def test_the_right_password_changes_the_email(client, kari):
    client.force_login(kari)
    response = save(client, email="ny@example.no", current_password=TEST_PASSWORD)
    assert response.status_code == 302
    kari.refresh_from_db()
    assert kari.email == "ny@example.no"
    assert not AccessAttempt.objects.exists()
    assert client.get(URL).wsgi_request.user.is_authenticated  # still logged in


def test_the_digest_choice_alone_needs_no_password(client, kari):
    client.force_login(kari)
    response = save(client, receives_reminder_digest=None)
    assert response.status_code == 302
    kari.refresh_from_db()
    assert (kari.email, kari.receives_reminder_digest) == ("kari@example.no", False)


def test_the_same_email_in_other_letter_case_needs_no_password(client, kari):
    client.force_login(kari)
    assert save(client, email=" Kari@Example.no ").status_code == 302


def test_without_a_usable_password_the_email_cannot_be_changed_here(client, kari):
    kari.set_unusable_password()
    kari.save()
    client.force_login(kari)
    assert 'name="current_password"' not in client.get(URL).content.decode()
    assert save(client, email="ny@example.no", receives_reminder_digest=None).status_code == 302
    kari.refresh_from_db()
    assert (kari.email, kari.receives_reminder_digest) == ("kari@example.no", False)

"""Drafts against someone who sends what no form would (core/drafts.py, core/views/drafts.py):
another municipality's or unit's family, roles that may not change it, form names that do
not exist, too much text, bodies that are not a form's fields, a draft shown to anyone but
the person who typed it, a return address off the site, and text that would be markup."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from familieplan.core.drafts import MAX_CHARACTERS, MAX_VALUES
from familieplan.core.models import AccessLog, Draft
from tests.factories import make_member

TEXT = "Far ringte om bostøtten."


def _save_url(family, form="journal.quick_note") -> str:
    return f"/drafts/{form}/{family.pk}/"


def _quick(family) -> str:
    return f"/journal/{family.pk}/quick-note/"


def _post(client, family, body, *, form="journal.quick_note"):
    text = body if isinstance(body, str) else json.dumps(body)
    return client.post(_save_url(family, form), data=text, content_type="application/json")


@pytest.fixture
def family(world):
    make_member(family=world.family_a, first_name="Per")
    return world.family_a


@pytest.mark.parametrize(
    ("persona", "target", "status"),
    [
        ("coordinator", "family_b", 404),  # another municipality
        ("coordinator", "family_a_other_unit", 404),
        ("coordinator_b", "family_a", 404),
        ("colleague", "family_a", 403),  # reads, changes nothing
        ("researcher", "family_a", 404),
        ("administrator", "family_a", 404),
        ("privacy_officer", "family_a", 404),
        ("partner", "family_a", 404),
        ("family_member", "family_a", 404),
    ],
)
def test_the_quick_note_and_its_draft_are_refused_the_same_way(
    client, world, persona, target, status
):
    client.force_login(world.users()[persona])
    family = getattr(world, target)
    assert _post(client, family, {"fields": {"text": TEXT}}).status_code == status
    assert client.post(f"{_save_url(family)}discard/", {"next": "/"}).status_code == status
    assert client.get(_quick(family)).status_code == status
    assert client.get(_quick(family), HTTP_HX_REQUEST="true").status_code == status
    assert not Draft.objects.exists()


def test_a_refused_draft_is_logged_under_the_familys_municipality(client, world):
    client.force_login(world.coordinator)
    _post(client, world.family_b, {"fields": {"text": TEXT}})
    entry = AccessLog.objects.get(family_id=world.family_b.pk)
    assert entry.outcome == AccessLog.Outcome.NOT_FOUND
    assert entry.municipality_id == world.family_b.municipality_id


@pytest.mark.parametrize(
    "name",
    [
        "plans.goal",
        "journal.quick_note.x",
        "JOURNAL.QUICK_NOTE",
        "journal.quick_note%00",
        "journal",
        "..",
    ],
)
def test_a_form_name_that_keeps_no_drafts_is_not_found(client, world, family, name):
    client.force_login(world.coordinator)
    assert _post(client, family, {"fields": {"text": TEXT}}, form=name).status_code in (400, 404)
    assert client.post(f"{_save_url(family, name)}discard/").status_code in (400, 404)
    assert not Draft.objects.exists()


def test_too_much_text_is_refused_and_the_earlier_draft_stays(client, world, family):
    client.force_login(world.coordinator)
    assert _post(client, family, {"fields": {"text": TEXT}}).status_code == 204
    huge = {"fields": {"text": "x" * (MAX_CHARACTERS + 1)}}
    assert _post(client, family, huge).status_code == 413
    many = {"fields": {"text": "kort", "members": ["a"] * (MAX_VALUES + 1)}}
    assert _post(client, family, many).status_code == 413
    assert Draft.objects.get().data == {"text": [TEXT]}


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_body_larger_than_any_request_may_be_is_a_bad_request(client, world, family):
    client.force_login(world.coordinator)
    assert _post(client, family, {"fields": {"text": "x" * 20_000}}).status_code == 400
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        '"text"',
        {"fields": ["text"]},
        {"fields": {"text": {"nested": "object"}}},
        {"fields": {"text": [["nested list"]]}},
        {"fields": {"text": [None]}},
    ],
)
def test_what_no_form_sends_is_a_bad_request(client, world, family, body):
    client.force_login(world.coordinator)
    assert _post(client, family, body).status_code == 400
    assert not Draft.objects.exists()


def test_a_body_with_none_of_the_forms_fields_changes_nothing(client, world, family):
    client.force_login(world.coordinator)
    _post(client, family, {"fields": {"text": TEXT}})
    assert _post(client, family, {"fields": {"surprise": "x"}}).status_code == 204
    assert client.post(_save_url(family)).status_code == 204  # empty form-encoded body
    assert Draft.objects.get().data == {"text": [TEXT]}


def test_a_token_that_is_not_one_is_ignored(client, world, family):
    client.force_login(world.coordinator)
    for token in (5, None, "not-a-uuid", "x" * 500, ["a"]):
        assert _post(client, family, {"fields": {"text": TEXT}, "token": token}).status_code == 204
        assert Draft.objects.get().token is None


def test_a_draft_is_never_shown_to_the_next_person_on_a_shared_phone(client, world, family):
    client.force_login(world.coordinator)
    _post(client, family, {"fields": {"text": TEXT}})
    client.post("/accounts/logout/")
    client.force_login(world.team_lead)  # may change the same family
    for page in (_quick(family), f"/journal/{family.pk}/contacts/new/"):
        body = client.get(page).content.decode()
        assert TEXT not in body and "Utkast lagret" not in body
    # Their own draft is theirs; the coordinator's is untouched and still only theirs.
    _post(client, family, {"fields": {"text": "Teamleders eget."}})
    assert Draft.objects.count() == 2
    assert Draft.objects.get(user=world.coordinator).data == {"text": [TEXT]}
    client.force_login(world.coordinator)
    body = client.get(_quick(family)).content.decode()
    assert TEXT in body and "Teamleders eget." not in body


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "",
    ],
)
def test_throwing_a_draft_away_never_leads_off_the_site(client, world, family, target):
    client.force_login(world.coordinator)
    _post(client, family, {"fields": {"text": TEXT}})
    answer = client.post(f"{_save_url(family)}discard/", {"next": target})
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert not Draft.objects.exists()


def test_draft_text_is_shown_as_text_never_as_markup(client, world, family):
    client.force_login(world.coordinator)
    script = '</textarea><script>alert("x")</script>'
    _post(client, family, {"fields": {"text": script}})
    body = client.get(_quick(family)).content.decode()
    assert "<script>alert" not in body
    assert "&lt;/textarea&gt;&lt;script&gt;" in body


def test_more_text_than_a_draft_holds_is_not_moved_to_the_full_form(client, world, family):
    """«Flere felt» with more than a draft holds: the quick note says what is too long."""
    client.force_login(world.coordinator)
    answer = client.post(_quick(family), {"more": "1", "text": "x" * (MAX_CHARACTERS + 1)})
    assert answer.status_code == 200
    assert "Notatet kan ha høyst 10 000 tegn." in answer.content.decode()
    assert not Draft.objects.exists()


def test_a_nul_character_is_left_out_of_the_draft(client, world, family):
    """No one types a NUL, and PostgreSQL's JSON refuses one: the rest of the text is kept."""
    client.force_login(world.coordinator)
    assert _post(client, family, {"fields": {"text": "Ring\u0000 NAV"}}).status_code == 204
    assert Draft.objects.get().data == {"text": ["Ring NAV"]}

"""Drafts saved as you type (core/drafts.py), through HTTP: what the page's script posts is
kept for that person, that form and that family; opening the form again fills it in with a
note saying so; it can be thrown away; it is deleted when the form is saved and after seven
days; nobody else ever sees it; a family the person may not change is refused."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from familieplan.core.models import Draft
from familieplan.journal.models import Contact, Note
from tests.factories import make_member

TEXT = "Kari fortalte om den nye jobben og om barnehageplassen."
RESTORED = re.compile(r"Utkast lagret kl\. \d\d:\d\d er hentet inn\.")


def _quick(family) -> str:
    return f"/journal/{family.pk}/quick-note/"


def _save_url(family, form="journal.quick_note") -> str:
    return f"/drafts/{form}/{family.pk}/"


def _post_draft(client, family, fields, *, form="journal.quick_note", token=""):
    return client.post(
        _save_url(family, form),
        data=json.dumps({"fields": fields, "token": token}),
        content_type="application/json",
    )


@pytest.fixture
def family(world):
    make_member(family=world.family_a, first_name="Kari")
    return world.family_a


def test_what_is_typed_comes_back_with_a_note_saying_so(client, world, family):
    client.force_login(world.coordinator)
    assert not RESTORED.search(client.get(_quick(family)).content.decode())
    answer = _post_draft(client, family, {"text": [TEXT], "minutes": ["25"], "kind": ["video"]})
    assert answer.status_code == 204
    body = client.get(_quick(family)).content.decode()
    assert RESTORED.search(body)
    assert TEXT in body and 'value="25"' in body
    assert re.search(r'value="video"[^>]*checked', body)
    assert "Forkast utkastet" in body


def test_form_encoded_posts_are_kept_too(client, world, family):
    client.force_login(world.coordinator)
    answer = client.post(_save_url(family), {"text": TEXT, "minutes": "5"})
    assert answer.status_code == 204
    assert Draft.objects.get().data == {"text": [TEXT], "minutes": ["5"]}


def test_only_the_forms_own_fields_and_never_a_password_or_identity_number(client, world, family):
    client.force_login(world.coordinator)
    _post_draft(
        client,
        family,
        {
            "text": TEXT,  # a single value is taken as a list of one
            "password": ["hemmelig"],
            "national_id": ["01017012345"],
            "csrfmiddlewaretoken": ["x"],
            "anything_else": ["y"],
        },
    )
    draft = Draft.objects.get()
    assert draft.data == {"text": [TEXT]}
    assert (draft.user, draft.municipality_id) == (world.coordinator, family.municipality_id)
    assert draft.key == f"journal.quick_note:{family.pk}"


def test_a_draft_with_nothing_typed_is_deleted(client, world, family):
    client.force_login(world.coordinator)
    _post_draft(client, family, {"text": [TEXT]})
    _post_draft(client, family, {"text": ["  "], "minutes": [""]})
    assert not Draft.objects.exists()


def test_it_can_be_thrown_away(client, world, family):
    client.force_login(world.coordinator)
    _post_draft(client, family, {"text": [TEXT]})
    answer = client.post(f"{_save_url(family)}discard/", {"next": _quick(family)})
    assert answer.status_code == 302 and answer["Location"] == _quick(family)
    assert not Draft.objects.exists()
    assert TEXT not in client.get(_quick(family)).content.decode()
    # Only back to this site.
    away = client.post(f"{_save_url(family)}discard/", {"next": "https://example.com/"})
    assert away["Location"] == "/"


def test_saving_the_quick_note_deletes_its_draft(client, world, family):
    client.force_login(world.coordinator)
    page = client.get(_quick(family)).content.decode()
    token = re.search(r'name="submit_token" value="([^"]+)"', page).group(1)
    _post_draft(client, family, {"text": [TEXT]}, token=token)
    data = {
        "submit_token": token,
        "kind": "phone",
        "day": timezone.localdate().isoformat(),
        "text": TEXT,
        "minutes": "10",
    }
    assert client.post(_quick(family), data).status_code == 302
    assert not Draft.objects.exists()


def test_a_draft_that_arrives_after_its_form_was_saved_is_not_shown(client, world, family):
    """A save on its way when the button was pressed: the draft carries the form's token,
    which the contact now has."""
    client.force_login(world.coordinator)
    page = client.get(_quick(family)).content.decode()
    token = re.search(r'name="submit_token" value="([^"]+)"', page).group(1)
    data = {
        "submit_token": token,
        "kind": "phone",
        "day": timezone.localdate().isoformat(),
        "text": TEXT,
        "minutes": "10",
    }
    client.post(_quick(family), data)
    _post_draft(client, family, {"text": [TEXT + " (sent)"]}, token=token)
    body = client.get(_quick(family)).content.decode()
    assert not RESTORED.search(body) and "(sent)" not in body
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    ("form", "url", "data", "model", "fields"),
    [
        (
            "journal.contact",
            "contacts/new/",
            {"kind": "phone", "minutes": "30", "at_time": "09:30", "note_level": "internal"},
            Contact,
            {"summary": TEXT},
        ),
        ("journal.note", "notes/new/", {"level": "internal"}, Note, {"text": TEXT}),
    ],
)
def test_the_full_contact_and_note_forms_keep_drafts_too(
    client, world, family, form, url, data, model, fields
):
    client.force_login(world.coordinator)
    page_url = f"/journal/{family.pk}/{url}"
    page = client.get(page_url).content.decode()
    assert f'data-draft-url="/drafts/{form}/{family.pk}/"' in page
    name, text = next(iter(fields.items()))
    _post_draft(client, family, {name: [text]}, form=form)
    page = client.get(page_url).content.decode()
    assert RESTORED.search(page) and text in page
    token = re.search(r'name="submit_token" value="([^"]+)"', page).group(1)
    # Yesterday: 09:30 today is still ahead in the first hours of a day, and a contact cannot be.
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    posted = {"submit_token": token, "day": yesterday, **data, **fields}
    assert client.post(page_url, posted).status_code == 302
    assert model.objects.exists()
    assert not Draft.objects.exists()


def test_a_draft_older_than_seven_days_is_never_shown_and_is_pruned(client, world, family):
    client.force_login(world.coordinator)
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        _post_draft(client, family, {"text": ["Gammelt utkast."]})
    client.force_login(world.coordinator)
    with time_machine.travel(timezone.now() - timedelta(days=6)):
        _post_draft(client, family, {"text": [TEXT]}, form="journal.note")
    client.force_login(world.coordinator)
    assert "Gammelt utkast." not in client.get(_quick(family)).content.decode()
    assert Draft.objects.count() == 2
    out = io.StringIO()
    call_command("prune_drafts", stdout=out)
    assert "Deleted 1 drafts" in out.getvalue()
    assert list(Draft.objects.values_list("key", flat=True)) == [f"journal.note:{family.pk}"]
    again = io.StringIO()
    call_command("prune_drafts", stdout=again)  # idempotent
    assert "Deleted 0 drafts" in again.getvalue()
    assert Draft.objects.count() == 1


def test_another_persons_draft_is_never_shown(client, world, family):
    client.force_login(world.coordinator)
    _post_draft(client, family, {"text": [TEXT]})
    client.force_login(world.team_lead)  # may change the same family
    body = client.get(_quick(family)).content.decode()
    assert TEXT not in body and not RESTORED.search(body)
    # Their own throwing away leaves the coordinator's draft.
    client.post(f"{_save_url(family)}discard/", {"next": _quick(family)})
    assert Draft.objects.filter(user=world.coordinator).exists()


@pytest.mark.parametrize(
    ("persona", "target", "status"),
    [
        ("colleague", "family_a", 403),  # reads the family, changes nothing
        ("coordinator", "family_a_other_unit", 404),
        ("coordinator", "family_b", 404),  # another municipality
        ("coordinator_b", "family_a", 404),
        ("partner", "family_a", 404),
        ("family_member", "family_a", 404),
    ],
)
def test_a_family_the_person_may_not_change_is_refused(client, world, persona, target, status):
    client.force_login(world.users()[persona])
    family = getattr(world, target)
    assert _post_draft(client, family, {"text": [TEXT]}).status_code == status
    discard = client.post(f"{_save_url(family)}discard/", {"next": "/"})
    assert discard.status_code == status
    assert not Draft.objects.exists()


def test_unknown_forms_bad_bodies_and_gets_are_refused(client, world, family):
    client.force_login(world.coordinator)
    assert _post_draft(client, family, {"text": [TEXT]}, form="plans.goal").status_code == 404
    bad = client.post(_save_url(family), data="{not json", content_type="application/json")
    assert bad.status_code == 400
    listed = client.post(_save_url(family), data="[1, 2]", content_type="application/json")
    assert listed.status_code == 400
    assert client.get(_save_url(family)).status_code == 405
    assert not Draft.objects.exists()

"""The quick note: a contact, its ordinary note and the minutes in one step, through HTTP. A
second press shows the first record; bad input names its field and saves nothing; only those
who may change the family reach it; an htmx request gets a fragment (and after a save the
fragment that says so), a plain one a page and a redirect to the family page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from familieplan.core.models import AccessLog
from familieplan.journal.models import Contact, Note, TimeEntry
from tests.factories import make_member

HTMX = {"HTTP_HX_REQUEST": "true"}
TEXT = "Ringte Kari om skolestarten.\nHun ønsker et møte med skolen før høstferien."


def _url(family) -> str:
    return f"/journal/{family.pk}/quick-note/"


def _token(html: str) -> str:
    return re.search(r'name="submit_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def family(world):
    make_member(family=world.family_a, first_name="Kari")
    return world.family_a


def _data(client, family, **changes) -> dict:
    token = _token(client.get(_url(family)).content.decode())
    data = {
        "submit_token": token,
        "kind": "phone",
        "day": timezone.localdate().isoformat(),
        "text": TEXT,
        "minutes": "15",
        "members": [str(family.current_members().get().pk)],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _nothing_saved() -> bool:
    return not Contact.objects.exists() and not Note.objects.exists()


def test_saves_the_contact_its_ordinary_note_and_the_minutes_in_one_step(client, world, family):
    client.force_login(world.coordinator)
    response = client.post(_url(family), _data(client, family))
    assert response.status_code == 302
    assert response["Location"] == f"/families/{family.pk}/"
    contact = Contact.objects.get()
    note = Note.objects.get()
    assert (contact.family, contact.kind, contact.minutes) == (family, "phone", 15)
    assert contact.summary == "Ringte Kari om skolestarten."
    assert list(contact.members.values_list("first_name", flat=True)) == ["Kari"]
    assert timezone.localtime(contact.at).date() == timezone.localdate()
    assert (note.contact, note.level, note.text, note.author) == (
        contact,
        "ordinary",
        TEXT,
        world.coordinator,
    )
    # The minutes are the contact's (what the time overview counts): no second time entry.
    assert not TimeEntry.objects.exists()
    family.refresh_from_db()
    assert family.last_contact_at == contact.at
    page = client.get(response["Location"]).content.decode()
    assert "Notatet er lagret." in page


def test_an_earlier_day_is_recorded_at_midday(client, world, family):
    client.force_login(world.coordinator)
    day = timezone.localdate() - timedelta(days=3)
    client.post(_url(family), _data(client, family, day=day.isoformat()))
    at = timezone.localtime(Contact.objects.get().at)
    assert (at.date(), at.hour, at.minute) == (day, 12, 0)


def test_a_second_press_shows_the_first_record(client, world, family):
    client.force_login(world.coordinator)
    data = _data(client, family)
    client.post(_url(family), data)
    again = client.post(_url(family), data, follow=True)
    assert Contact.objects.count() == 1 and Note.objects.count() == 1
    assert "Det er lagret bare én gang" in again.content.decode()
    # In place: the fragment of the first record.
    third = client.post(_url(family), data, **HTMX)
    assert third.status_code == 302
    shown = client.get(third["Location"], **HTMX).content.decode()
    assert "Det er lagret bare én gang" in shown
    assert Contact.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": "   "}, "text", "Skriv notatet."),
        ({"text": None}, "text", "Skriv notatet."),
        ({"day": "future"}, "day", "Datoen kan ikke være fram i tid."),
        ({"day": "31.02.2025"}, "day", "Skriv en gyldig dato"),
        ({"day": ""}, "day", "Oppgi datoen."),
        ({"minutes": "0"}, "minutes", "Varigheten må være minst 1 minutt."),
        ({"minutes": "1441"}, "minutes", "En kontakt kan ikke vare mer enn 24 timer."),
        ({"minutes": "mange"}, "minutes", "Skriv antall minutter med siffer"),
        ({"minutes": ""}, "minutes", "Skriv hvor mange minutter det tok."),
        ({"kind": "service_meeting"}, "kind", "Velg hva slags kontakt det var."),
        ({"kind": ""}, "kind", "Velg hva slags kontakt det var."),
    ],
)
def test_bad_input_names_its_field_and_saves_nothing(
    client, world, family, changes, field, message
):
    client.force_login(world.coordinator)
    if changes.get("day") == "future":
        changes = {"day": (timezone.localdate() + timedelta(days=1)).isoformat()}
    for extra in ({}, HTMX):
        response = client.post(_url(family), _data(client, family, **changes), **extra)
        assert response.status_code == 200
        body = response.content.decode()
        assert message in body
        # Tied to its input, in the form's own ids (several quick notes may share a page).
        error = re.search(rf'id="qn-{family.pk}-{field}_error">(.*?)</div>', body, re.S)
        assert error is not None and message in error.group(1)
        assert _nothing_saved()
        assert ("<html" in body) is not bool(extra)  # htmx: the fragment only


def test_a_member_of_another_family_is_refused(client, world, family):
    other = make_member(family=world.family_a_colleague, first_name="Ali")
    client.force_login(world.coordinator)
    response = client.post(_url(family), _data(client, family, members=[str(other.pk)]))
    assert response.status_code == 200
    assert "Alle som deltok, må høre til denne familien." in response.content.decode()
    assert _nothing_saved()


def test_the_english_form_speaks_english(client, world, family):
    world.coordinator.language = "en"
    world.coordinator.save(update_fields=["language"])
    client.force_login(world.coordinator)
    response = client.post(_url(family), _data(client, family, minutes="0"))
    assert response.status_code == 200
    assert "Varigheten må være minst 1 minutt." not in response.content.decode()
    assert "The duration must be at least 1 minute." in response.content.decode()
    assert _nothing_saved()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("team_lead", 200),
        ("colleague", 403),  # reads the family, changes nothing
        ("coordinator_b", 404),  # another municipality
        ("partner", 404),
        ("family_member", 404),
        ("researcher", 404),
    ],
)
def test_only_those_who_may_change_the_family(client, world, family, persona, status):
    client.force_login(world.users()[persona])
    assert client.get(_url(family)).status_code == status
    if status != 200:
        posted = client.post(
            _url(family),
            {"kind": "phone", "day": timezone.localdate().isoformat(), "text": "x", "minutes": "5"},
        )
        assert posted.status_code == status
        assert _nothing_saved()


def test_another_units_family_is_not_found(client, world):
    client.force_login(world.coordinator)
    assert client.get(_url(world.family_a_other_unit)).status_code == 404
    assert client.get(_url(world.family_b)).status_code == 404


def test_htmx_gets_a_fragment_that_works_in_any_container(client, world, family):
    client.force_login(world.coordinator)
    fragment = client.get(_url(family), **HTMX)
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body and "<main" not in body
    assert "HX-Request" in fragment["Vary"]
    assert f'hx-post="{_url(family)}"' in body and 'hx-target="closest .quick-note"' in body
    assert f'data-draft-url="/drafts/journal.quick_note/{family.pk}/"' in body
    assert "csrfmiddlewaretoken" in body  # posts on its own, whatever page holds it
    assert "autofocus" in body  # focus moves into what opened
    page = client.get(_url(family)).content.decode()
    assert "<main" in page and "<h1" in page

    saved = client.post(_url(family), _data(client, family), **HTMX)
    assert saved.status_code == 302  # post/redirect/get: the access log says "create"
    assert AccessLog.objects.filter(family_id=family.pk, action="create").exists()
    shown = client.get(saved["Location"], **HTMX).content.decode()
    assert "Notatet er lagret." in shown and "<html" not in shown
    assert f"#note-{Note.objects.get().pk}" in shown
    # No message waits for the next page: the fragment said it.
    assert "Notatet er lagret." not in client.get(f"/families/{family.pk}/").content.decode()


def test_the_family_page_opens_it_in_place_for_those_who_may_write(client, world, family):
    client.force_login(world.coordinator)
    page = client.get(f"/families/{family.pk}/").content.decode()
    link = re.search(rf'<a[^>]*href="{re.escape(_url(family))}"[^>]*>Hurtignotat</a>', page)
    assert link is not None
    assert f'hx-get="{_url(family)}"' in link.group(0)
    assert 'hx-target="#family-inline"' in link.group(0)
    assert 'id="family-inline"' in page
    client.force_login(world.colleague)
    assert "Hurtignotat" not in client.get(f"/families/{family.pk}/").content.decode()


def test_more_fields_takes_what_was_typed_to_the_full_form(client, world, family):
    client.force_login(world.coordinator)
    data = _data(client, family, more="1", minutes="20")
    response = client.post(_url(family), data)
    assert response.status_code == 302
    assert response["Location"] == f"/journal/{family.pk}/contacts/new/"
    assert "Skriv" not in response["Location"]  # no case text in an address
    full = client.get(response["Location"]).content.decode()
    assert "er hentet inn" in full
    assert TEXT.splitlines()[1] in full  # the note
    assert 'value="Ringte Kari om skolestarten."' in full or (
        "Ringte Kari om skolestarten.</textarea>" in full
    )
    assert re.search(r'value="ordinary"[^>]*checked', full)
    assert _nothing_saved()
    htmx = client.post(_url(family), data, **HTMX)
    assert htmx["HX-Redirect"] == f"/journal/{family.pk}/contacts/new/"

"""The follow-up record through HTTP: the confidentiality matrix on the timeline, search that
never leaks, the timeline's order and filters, bad input on the forms, time exports that open
in openpyxl and sum correctly, and notes shared with a partner under consent."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from familieplan.core.models import AccessLog
from familieplan.journal import queries, services
from familieplan.journal.models import Contact, Note, TimeEntry
from familieplan.journal.visibility import notes_for_staff
from familieplan.partners import services as consent_services
from tests.factories import make_consent

WORDS = {"ordinary": "Blåbærsyltetøy", "internal": "Ekornfamilie", "restricted": "Fjellrev"}


@pytest.fixture
def notes(shared):
    """One note per level by the family's coordinator, and a restricted one by the lead."""
    written = {
        level: services.note_write(
            family=shared.family,
            by=shared.world.coordinator,
            level=level,
            text=f"{word} og litt om skolen.",
        )
        for level, word in WORDS.items()
    }
    written["lead"] = services.note_write(
        family=shared.family,
        by=shared.world.team_lead,
        level="restricted",
        text="Snøugle: teamlederens egen vurdering.",
    )
    return written


def timeline(client, shared):
    return client.get(f"/journal/{shared.family.pk}/")


EXPECTED = {
    # persona: the words it sees on the timeline (None: no page at all)
    "coordinator": {"Blåbærsyltetøy", "Ekornfamilie", "Fjellrev"},
    "colleague": {"Blåbærsyltetøy", "Ekornfamilie"},
    "team_lead": {"Blåbærsyltetøy", "Ekornfamilie", "Fjellrev", "Snøugle"},
    "coordinator_b": None,
    "partner": None,
    "family_member": None,
    "researcher": None,
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_the_confidentiality_matrix_on_the_timeline(client, shared, notes, persona):
    client.force_login(shared.world.users()[persona])
    response = timeline(client, shared)
    if EXPECTED[persona] is None:
        assert response.status_code == 404
        return
    body = response.content.decode()
    seen = {w for w in [*WORDS.values(), "Snøugle"] if w in body}
    assert seen == EXPECTED[persona]


@pytest.mark.parametrize("persona", ["coordinator", "colleague", "team_lead", "coordinator_b"])
def test_the_query_filter_agrees_with_the_rule(shared, notes, persona):
    user = shared.world.users()[persona]
    by_query = set(notes_for_staff(user).values_list("pk", flat=True))
    by_rule = {n.pk for n in notes.values() if queries.note_readable_by(note=n, user=user)}
    assert by_query == by_rule


@pytest.mark.parametrize("persona", ["coordinator", "colleague", "team_lead"])
def test_search_never_leaks_a_note_the_page_would_not_show(client, shared, notes, persona):
    client.force_login(shared.world.users()[persona])
    for word in [*WORDS.values(), "Snøugle"]:
        body = client.get("/journal/search/", {"q": word}).content.decode()
        found = f"<mark>{word}" in body  # a hit, not the search box echoing the query
        assert found == (word in EXPECTED[persona]), word
    assert AccessLog.objects.filter(object_type="journal.search", action="search").exists()
    assert not AccessLog.objects.filter(path__contains="Fjellrev").exists()  # words not logged


def test_search_finds_contacts_and_escapes_what_it_shows(client, shared):
    services.contact_record(
        family=shared.family,
        by=shared.world.coordinator,
        at=timezone.now() - timedelta(hours=1),
        kind="phone",
        minutes=15,
        summary="Snakket om <script>alert(1)</script> husleien.",
    )
    client.force_login(shared.world.coordinator)
    body = client.get("/journal/search/", {"q": "husleien"}).content.decode()
    assert "<mark>husleien</mark>" in body or "<mark>husleie" in body.lower()
    assert "<script>alert(1)</script>" not in body  # escaped (SQLite) or dropped (PostgreSQL)


def test_highlighting_escapes_before_marking():
    from familieplan.journal.search import START, STOP, _marked

    assert _marked(f"<b>{START}skole{STOP}</b>") == "&lt;b&gt;<mark>skole</mark>&lt;/b&gt;"


@pytest.mark.parametrize("persona", ["partner", "family_member", "researcher", "administrator"])
def test_search_and_time_overview_are_for_staff(client, world, persona):
    client.force_login(world.users()[persona])
    assert client.get("/journal/search/", {"q": "skole"}).status_code == 403
    assert client.get("/journal/time/").status_code == 403


def test_the_timeline_is_newest_first_and_filters_by_kind(client, shared):
    now = timezone.now()
    services.contact_record(
        family=shared.family,
        by=shared.world.coordinator,
        at=now - timedelta(days=3),
        kind="home_visit",
        minutes=60,
        summary="Hjemmebesøk: gikk gjennom budsjettet.",
    )
    services.contact_record(
        family=shared.family,
        by=shared.world.coordinator,
        at=now - timedelta(days=1),
        kind="phone",
        minutes=10,
        summary="Ringte om legetimen.",
    )
    services.note_write(
        family=shared.family, by=shared.world.coordinator, level="internal", text="Notat i dag."
    )
    client.force_login(shared.world.coordinator)
    body = timeline(client, shared).content.decode()
    assert body.index("Notat i dag.") < body.index("Ringte om legetimen.")
    assert body.index("Ringte om legetimen.") < body.index("gikk gjennom budsjettet")
    only = client.get(f"/journal/{shared.family.pk}/", {"kinds": "contact"}).content.decode()
    assert "Ringte om legetimen." in only and "Notat i dag." not in only


def contact_form(**overrides):
    # Half an hour ago, its date and time together (just after midnight: yesterday's date).
    moment = timezone.localtime() - timedelta(minutes=30)
    data = {
        "day": moment.date().isoformat(),
        "at_time": moment.strftime("%H:%M"),
        "kind": "phone",
        "minutes": "20",
        "summary": "Snakket om skolestart.",
        "note": "",
        "note_level": "internal",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"day": (timezone.localdate() + timedelta(days=1)).isoformat()}, "fram i tid"),
        ({"minutes": "0"}, "Varigheten må være minst 1 minutt."),
        ({"minutes": "-5"}, "Varigheten må være minst 1 minutt."),
        ({"minutes": "1441"}, "En kontakt kan ikke vare mer enn 24 timer."),
        ({"minutes": "mye"}, "Skriv antall minutter med siffer"),
        ({"summary": "  "}, "Skriv et kort sammendrag av kontakten."),
    ],
    ids=["future", "zero", "negative", "over-24h", "not-a-number", "no-summary"],
)
def test_bad_contacts_are_refused_with_a_message(client, shared, overrides, message):
    client.force_login(shared.world.coordinator)
    response = client.post(f"/journal/{shared.family.pk}/contacts/new/", contact_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Contact.objects.exists()


def test_a_contact_with_a_note_is_saved_together(client, shared):
    client.force_login(shared.world.coordinator)
    data = contact_form(note="Mor var sliten.", members=[str(shared.mother.pk)])
    assert client.post(f"/journal/{shared.family.pk}/contacts/new/", data).status_code == 302
    contact = Contact.objects.get()
    assert contact.notes.get().text == "Mor var sliten."
    assert list(contact.members.all()) == [shared.mother]
    shared.family.refresh_from_db()
    assert shared.family.last_contact_at == contact.at


def test_an_empty_note_is_refused(client, shared):
    client.force_login(shared.world.coordinator)
    response = client.post(
        f"/journal/{shared.family.pk}/notes/new/", {"level": "internal", "text": " "}
    )
    assert "Notatet kan ikke være tomt." in response.content.decode()
    assert not Note.objects.exists()


def test_a_correction_keeps_the_old_text_in_the_history(client, shared, notes):
    client.force_login(shared.world.coordinator)
    old = notes["internal"]
    url = f"/journal/{shared.family.pk}/notes/{old.pk}/correct/"
    response = client.post(
        url, {"text": "Ekornfamilien flyttet.", "reason": "Feil navn", "level": "internal"}
    )
    assert response.status_code == 302
    body = timeline(client, shared).content.decode()
    assert "Ekornfamilie og litt om skolen." in body and "Ekornfamilien flyttet." in body
    assert "Rettet" in body and "Feil navn" in body
    notes_before = Note.objects.count()
    again = client.post(url, {"text": "Noe", "reason": "x", "level": "internal"})
    assert "Notatet er allerede rettet" in again.content.decode()  # correct the newest instead
    assert Note.objects.count() == notes_before


def test_a_colleague_cannot_correct_or_reach_a_restricted_note(client, shared, notes):
    client.force_login(shared.world.colleague)
    url = f"/journal/{shared.family.pk}/notes/{notes['restricted'].pk}/correct/"
    assert client.get(url).status_code == 403  # read-only on the family at all


@pytest.fixture
def time_data(shared):
    now = timezone.localtime()
    last_month = (now.replace(day=1) - timedelta(days=1)).replace(hour=10)
    services.contact_record(
        family=shared.family,
        by=shared.world.coordinator,
        at=last_month,
        kind="home_visit",
        minutes=90,
        summary="Besøk.",
    )
    services.contact_record(
        family=shared.family,
        by=shared.world.coordinator,
        at=now - timedelta(hours=2),
        kind="phone",
        minutes=15,
        summary="Telefon.",
    )
    services.time_record(
        family=shared.family,
        by=shared.world.coordinator,
        on=now.date(),
        kind="travel",
        minutes=40,
    )
    return 90 + 15 + 40


def test_the_time_overview_exports_csv_that_sums(client, shared, time_data):
    client.force_login(shared.world.team_lead)
    start = (timezone.localdate() - timedelta(days=70)).isoformat()
    query = {"start": start, "end": timezone.localdate().isoformat()}
    page = client.get("/journal/time/", query).content.decode()
    assert f"{time_data} minutter" in page
    response = client.get("/journal/time/", {**query, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    body, total = rows[1:-1], rows[-1]
    assert sum(int(r[5]) for r in body) == int(total[5]) == time_data
    assert {r[1] for r in body} == {
        f"{(timezone.localdate().replace(day=1) - timedelta(days=1)):%Y-%m}",
        f"{timezone.localdate():%Y-%m}",
    }
    assert AccessLog.objects.filter(object_type="journal.time", action="export").exists()


def test_the_time_overview_exports_excel_that_opens_and_sums(client, shared, time_data):
    client.force_login(shared.world.team_lead)
    start = (timezone.localdate() - timedelta(days=70)).isoformat()
    response = client.get(
        "/journal/time/",
        {"start": start, "end": timezone.localdate().isoformat(), "format": "xlsx"},
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Familie"
    assert sum(r[5] for r in rows[1:-1]) == rows[-1][5] == time_data
    assert sum(r[3] for r in rows[1:-1]) == 105 and sum(r[4] for r in rows[1:-1]) == 40


def test_a_coordinator_sees_only_own_families_in_the_overview(client, shared, time_data):
    client.force_login(shared.world.colleague)
    assert "0 minutter" in client.get("/journal/time/").content.decode()
    assert TimeEntry.objects.count() == 1


def test_a_note_shared_under_consent_reaches_the_partner_until_withdrawn(client, shared):
    consent = make_consent(
        family=shared.family,
        partner=shared.school,
        subject=shared.child,
        given_by=shared.mother,
        topics=("school",),
        recorded_by=shared.world.coordinator,
    )
    services.note_write(
        family=shared.family,
        by=shared.world.coordinator,
        level="ordinary",
        about=shared.child,
        text="Ella leser mye bedre.",
        shared_with_partner=shared.school,
        shared_topic="school",
    )
    services.note_write(
        family=shared.family,
        by=shared.world.coordinator,
        level="ordinary",
        text="Ikke delt med skolen.",
    )
    client.force_login(shared.world.partner)
    page = client.get(f"/partner/{shared.family.pk}/").content.decode()
    assert "Ella leser mye bedre." in page and "Ikke delt med skolen." not in page
    consent_services.consent_withdraw(consent=consent, by=shared.world.coordinator, method="oral")
    assert client.get(f"/partner/{shared.family.pk}/").status_code == 404


def test_only_ordinary_notes_with_consent_can_be_shared(shared):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Bare vanlige notater"):
        services.note_write(
            family=shared.family,
            by=shared.world.coordinator,
            level="internal",
            text="x",
            shared_with_partner=shared.school,
            shared_topic="school",
        )
    with pytest.raises(ValidationError, match="har ikke gyldig samtykke"):
        services.note_write(
            family=shared.family,
            by=shared.world.coordinator,
            level="ordinary",
            text="x",
            shared_with_partner=shared.school,
            shared_topic="school",
        )
    assert not Note.objects.exists()


def test_search_understands_phrases_and_exclusions(client, shared):
    """«"kommunal bolig"» finds the words in that order only; «-hytte» leaves a note out; on
    PostgreSQL the phrase is looked for among the rows holding both words (search.py)."""
    texts = {
        "in_order": "Søkt om kommunal bolig nær skolen.",
        "reversed": "Bolig: ikke kommunal, privat utleier.",
        "cabin": "Kommunal bolig eller hytte hos besteforeldre.",
    }
    notes = {
        key: services.note_write(
            family=shared.family, by=shared.world.coordinator, level="ordinary", text=text
        )
        for key, text in texts.items()
    }
    client.force_login(shared.world.coordinator)

    def found(q):
        body = client.get("/journal/search/", {"q": q}).content.decode()
        return {key for key, note in notes.items() if f"#note-{note.pk}" in body}

    assert found("kommunal bolig") == {"in_order", "reversed", "cabin"}
    assert found('"kommunal bolig"') == {"in_order", "cabin"}
    assert found('"kommunal bolig" -hytte') == {"in_order"}


def test_search_finds_old_notes_and_links_to_them_on_the_timeline(client, shared):
    """The search looks in the newest rows first and widens to all time (search.WINDOWS); a
    hit links to the timeline from that event on, at the event."""
    from familieplan.journal.search import search

    old = services.note_write(
        family=shared.family, by=shared.world.coordinator, level="ordinary", text="Tannlege i mai."
    )
    Note.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=800))
    for _ in range(3):  # newer notes, so the old one is not on the timeline's first page
        services.note_write(
            family=shared.family, by=shared.world.coordinator, level="ordinary", text="Annet."
        )
    [hit] = search(shared.world.coordinator, "tannlege")
    assert hit.id == str(old.pk)
    client.force_login(shared.world.coordinator)
    body = client.get(hit.url).content.decode()
    assert f'id="note-{old.pk}"' in body and "Tannlege i mai." in body

"""Journal notes: writing, refusals, never changed or deleted, corrections as a chain, and who
reads a note with the facts taken from the database."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from familieplan.core.roles import Role
from familieplan.families.models import Member, ProgrammeSettings
from familieplan.journal import queries, services
from familieplan.journal.models import Contact, Note
from tests.factories import make_member, make_user

ORDINARY, INTERNAL, RESTRICTED = Note.Level.values


def write(shared, **overrides) -> Note:
    fields = {
        "family": shared.family,
        "by": shared.world.coordinator,
        "text": "Mor forteller at strømregningen er betalt.",
        "level": ORDINARY,
    }
    fields.update(overrides)
    return services.note_write(**fields)


def test_a_note_records_the_author_and_the_role_they_wrote_in(shared):
    w = shared.world
    assert write(shared).author_role == Role.COORDINATOR
    assert write(shared, by=w.team_lead).author_role == Role.TEAM_LEAD
    assert write(shared, by=w.colleague).author_role == Role.COORDINATOR
    note = write(shared, about=shared.youth, level=RESTRICTED)
    assert (note.about, note.level, note.municipality) == (shared.youth, RESTRICTED, w.muni_a)


def test_someone_without_a_staff_role_for_the_family_cannot_write(shared):
    for user in (shared.world.coordinator_b, shared.world.partner):
        with pytest.raises(PermissionDenied):
            write(shared, by=user)
    assert not Note.objects.exists()


def test_a_note_may_belong_to_a_contact_of_the_same_family(shared):
    contact = services.contact_record(
        family=shared.family,
        by=shared.world.coordinator,
        at=timezone.now() - timedelta(hours=1),
        kind=Contact.Kind.PHONE,
        minutes=15,
        summary="Telefon med mor.",
    )
    assert write(shared, contact=contact).contact == contact
    other = shared.world.family_a_colleague
    with pytest.raises(ValidationError) as caught:
        write(shared, family=other, by=shared.world.colleague, contact=contact)
    assert caught.value.message_dict == {"contact": ["Kontakten hører til en annen familie."]}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"text": ""}, "text", "Notatet kan ikke være tomt."),
        ({"text": "  \n\t"}, "text", "Notatet kan ikke være tomt."),
        ({"level": "secret"}, "level", "Velg hvem som kan lese notatet."),
    ],
)
def test_bad_notes_are_refused_and_nothing_is_saved(shared, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        write(shared, **overrides)
    assert caught.value.message_dict == {field: [message]}
    assert not Note.objects.exists()


def test_a_note_about_someone_outside_the_family_is_refused(shared):
    stranger = make_member(family=shared.world.family_a_colleague, first_name="Kari")
    with pytest.raises(ValidationError) as caught:
        write(shared, about=stranger)
    assert set(caught.value.message_dict) == {"about"}
    assert not Note.objects.exists()


def test_the_database_refuses_an_empty_note(shared):
    with pytest.raises(IntegrityError), transaction.atomic():
        Note.objects.create(
            municipality=shared.world.muni_a,
            family=shared.family,
            level=ORDINARY,
            text="",
            author=shared.world.coordinator,
            author_role=Role.COORDINATOR,
        )


def test_a_stored_note_is_never_changed_or_deleted(shared):
    note = write(shared)
    note.text = "Noe annet"
    with pytest.raises(ValidationError) as caught:
        note.save()
    assert caught.value.messages == ["Et lagret notat kan ikke endres. Skriv en rettelse i stedet."]
    with pytest.raises(PermissionError):
        note.delete()
    # Only the model methods refuse; QuerySet.update()/delete() bypass them, and no code in the
    # project calls those on notes (a database trigger, like the access log's, would close it).
    assert Note.objects.get(pk=note.pk).text == "Mor forteller at strømregningen er betalt."


def test_corrections_keep_the_old_text_and_chain(shared):
    w = shared.world
    first = write(shared, text="Far bor i Bergen.", about=shared.mother, level=INTERNAL)
    second = services.note_correct(
        note=first, by=w.coordinator, text="Far bor i Bodø.", reason="Feil by"
    )
    third = services.note_correct(
        note=second, by=w.team_lead, text="Far bor i Bodø sentrum.", reason="Presisering"
    )
    assert (second.corrects, third.corrects) == (first, second)
    assert (second.about, second.level, second.family) == (shared.mother, INTERNAL, shared.family)
    assert third.author_role == Role.TEAM_LEAD and third.correction_reason == "Presisering"
    first.refresh_from_db()
    assert first.text == "Far bor i Bergen."
    assert first.is_corrected and second.is_corrected and not third.is_corrected
    assert list(Note.objects.filter(family=shared.family).current()) == [third]


def test_a_correction_may_raise_the_level_but_never_lower_it(shared):
    note = write(shared, level=INTERNAL)
    with pytest.raises(ValidationError) as caught:
        services.note_correct(
            note=note, by=shared.world.coordinator, text="Ny", reason="r", level=ORDINARY
        )
    assert caught.value.message_dict == {
        "level": ["En rettelse kan ikke ha lavere skjerming enn notatet den retter."]
    }
    raised = services.note_correct(
        note=note, by=shared.world.coordinator, text="Ny", reason="Sensitivt", level=RESTRICTED
    )
    assert raised.level == RESTRICTED


@pytest.mark.parametrize(
    ("text", "reason", "fields"),
    [("", "Feil", {"text"}), ("Ny tekst", " ", {"reason"}), (" ", "", {"text", "reason"})],
)
def test_a_correction_needs_text_and_a_reason(shared, text, reason, fields):
    note = write(shared)
    with pytest.raises(ValidationError) as caught:
        services.note_correct(note=note, by=shared.world.coordinator, text=text, reason=reason)
    assert set(caught.value.message_dict) == fields
    assert Note.objects.count() == 1


def test_a_note_is_corrected_once_then_its_correction_is(shared):
    note = write(shared)
    services.note_correct(note=note, by=shared.world.coordinator, text="Ny", reason="Feil")
    with pytest.raises(ValidationError) as caught:
        services.note_correct(note=note, by=shared.world.coordinator, text="Ny 2", reason="Feil")
    assert caught.value.messages == ["Notatet er allerede rettet. Rett den nyeste versjonen."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Note.objects.create(
            municipality=note.municipality,
            family=note.family,
            level=note.level,
            text="Ny 3",
            author=shared.world.coordinator,
            author_role=Role.COORDINATOR,
            corrects=note,
            correction_reason="Omgår tjenesten",
        )
    assert Note.objects.count() == 2


def test_only_someone_who_reads_a_note_corrects_it(shared):
    note = write(shared, level=RESTRICTED)
    with pytest.raises(PermissionDenied):
        services.note_correct(note=note, by=shared.world.colleague, text="Ny", reason="Feil")
    assert Note.objects.count() == 1


def test_a_restricted_note_is_corrected_in_the_role_it_was_written_in(shared):
    note = write(shared, level=RESTRICTED)  # by the coordinator: the coordinators read it
    with pytest.raises(ValidationError) as caught:
        services.note_correct(note=note, by=shared.world.team_lead, text="Ny", reason="Feil")
    assert caught.value.code == "role"
    assert Note.objects.count() == 1


# Who reads: the pure rule (tests/journal/test_rules.py) with the facts from the database.


@pytest.fixture
def logins(shared):
    """Logins for the mother (world.family_member) and the youth."""
    youth_user = make_user(
        username="ungdom", role=Role.FAMILY_MEMBER, municipality=shared.world.muni_a
    )
    Member.objects.filter(pk=shared.mother.pk).update(user=shared.world.family_member)
    Member.objects.filter(pk=shared.youth.pk).update(user=youth_user)
    return {"mother": shared.world.family_member, "youth": youth_user}


def readers(shared, logins, note) -> set[str]:
    w = shared.world
    people = {**w.users(), **logins}
    del people["family_member"]  # the mother's login, named "mother" here
    return {name for name, user in people.items() if queries.note_readable_by(note=note, user=user)}


STAFF = {"coordinator", "colleague", "team_lead"}


def test_who_reads_with_facts_from_the_database(shared, logins):
    assert readers(shared, logins, write(shared)) == STAFF | {"mother", "youth"}
    assert readers(shared, logins, write(shared, about=shared.youth)) == STAFF | {"youth"}
    assert readers(shared, logins, write(shared, about=shared.child)) == STAFF | {"mother"}
    assert readers(shared, logins, write(shared, level=INTERNAL)) == STAFF
    restricted = write(shared, level=RESTRICTED, about=shared.youth)
    assert readers(shared, logins, restricted) == {"coordinator", "team_lead"}
    by_lead = write(shared, level=RESTRICTED, by=shared.world.team_lead)
    assert readers(shared, logins, by_lead) == {"team_lead"}


def test_below_the_configured_youth_age_the_parents_read(shared, logins):
    note = write(shared, about=shared.youth)  # the youth is 16
    ProgrammeSettings.objects.filter(municipality=shared.world.muni_a).update(youth_consent_age=17)
    assert queries.note_readable_by(note=note, user=logins["mother"])
    ProgrammeSettings.objects.filter(municipality=shared.world.muni_a).update(youth_consent_age=16)
    assert not queries.note_readable_by(note=note, user=logins["mother"])


def test_a_member_who_has_moved_out_reads_nothing(shared, logins):
    note = write(shared)
    Member.objects.filter(pk=shared.mother.pk).update(
        left_on=timezone.localdate() - timedelta(days=1)
    )
    assert not queries.note_readable_by(note=note, user=logins["mother"])

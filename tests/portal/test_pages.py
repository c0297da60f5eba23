"""The family's own pages through HTTP: who gets them, what each family member sees on them
(parent vs youth vs another family vs staff), the access log in plain words, the copy of
everything (logged), and that another family's or a youth's things are a logged 404."""

from __future__ import annotations

import json

import pytest

from familieplan.core.models import AccessLog
from familieplan.meetings import services as meetings
from familieplan.meetings.services import Invitee
from tests.portal.test_visibility import NOTES

PAGES = ["", "plan/", "meetings/", "record/", "progress/", "consents/", "access-log/", "copy/"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 403), ("team_lead", 403), ("partner", 403), ("administrator", 403)],
)
def test_staff_and_partners_have_no_family_pages(client, portal, page, persona, status):
    client.force_login(portal.shared.world.users()[persona])
    assert client.get(f"/family/{page}").status_code == status


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_logged_for_the_family(client, portal, page):
    client.force_login(portal.mother_user)
    assert client.get(f"/family/{page}").status_code == 200
    entry = AccessLog.objects.filter(user=portal.mother_user).latest("at")
    assert (entry.family_id, entry.person_id) == (portal.shared.family.pk, portal.shared.mother.pk)


def _texts(portal, keys):
    return {portal.notes[k].text for k in keys}


@pytest.mark.parametrize(("login", "reader"), [("mother_user", "mother"), ("youth_user", "youth")])
def test_the_record_shows_only_what_the_reader_may_see(client, portal, login, reader):
    client.force_login(getattr(portal, login))
    body = client.get("/family/record/").content.decode()
    for key, note in portal.notes.items():
        assert (note.text in body) == (key in NOTES[reader]), key


def test_a_youths_goal_is_hidden_from_the_parent(client, portal):
    shared = portal.shared
    client.force_login(portal.mother_user)
    body = client.get("/family/plan/").content.decode()
    assert shared.family_goal.own_words in body and shared.child_goal.own_words in body
    assert shared.youth_goal.own_words not in body
    client.force_login(portal.youth_user)
    body = client.get("/family/plan/").content.decode()
    assert shared.youth_goal.own_words in body and shared.family_goal.own_words in body
    assert shared.child_goal.own_words not in body


def test_another_family_sees_nothing_of_this_one(client, portal):
    client.force_login(portal.other_user)
    for page in ("record/", "plan/", "consents/"):
        body = client.get(f"/family/{page}").content.decode()
        assert all(note.text not in body for note in portal.notes.values())
        assert portal.shared.family_goal.own_words not in body
    # and the staff page of the family answers 404, logged under the family
    response = client.get(f"/families/{portal.shared.family.pk}/")
    assert response.status_code == 404
    assert AccessLog.objects.filter(
        user=portal.other_user, family_id=portal.shared.family.pk, outcome="not_found"
    ).exists()


def test_the_access_log_in_plain_words(client, portal):
    world = portal.shared.world
    client.force_login(world.coordinator)
    client.get(f"/families/{portal.shared.family.pk}/")
    client.get(f"/journal/{portal.shared.family.pk}/")
    client.force_login(world.coordinator_b)
    client.get(f"/families/{portal.shared.family.pk}/")  # refused
    client.force_login(portal.mother_user)
    body = client.get("/family/access-log/").content.decode()
    assert "Familiekoordinator (<bdi>Test Bruker</bdi>) så på familiens opplysninger" in body
    assert "så på kontakter og notater" in body
    assert "forsøkte å åpne familiens opplysninger, men fikk ikke lov" in body
    assert "Du så på" not in body  # the family's own visits are left out


def test_staff_names_follow_the_programme_setting(client, portal):
    from familieplan.families.models import ProgrammeSettings

    settings = ProgrammeSettings.for_municipality(portal.shared.world.muni_a)
    settings.show_staff_names_to_family = False
    settings.save()
    client.force_login(portal.shared.world.coordinator)
    client.get(f"/families/{portal.shared.family.pk}/")
    client.force_login(portal.mother_user)
    body = client.get("/family/access-log/").content.decode()
    assert "Familiekoordinator så på familiens opplysninger" in body
    assert "Test Bruker" not in body.split("<main")[1]


def test_the_copy_of_everything_is_what_the_reader_sees_and_is_logged(client, portal):
    client.force_login(portal.youth_user)
    response = client.get("/family/copy/?format=json")
    data = json.loads(response.content)
    texts = {n["text"] for n in data["notes"]}
    assert texts == _texts(portal, NOTES["youth"])
    assert {c["about"] for c in data["consents"]} == {portal.shared.youth.full_name}
    assert [p["name"] for p in data["people"]] == [portal.shared.youth.full_name]
    assert AccessLog.objects.filter(
        user=portal.youth_user, action="export", object_type="portal.copy"
    ).exists()
    pdf = client.get("/family/copy/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_minutes_only_when_released_and_the_childs_words_only_for_that_child(client, portal):
    from datetime import timedelta

    from django.utils import timezone

    shared = portal.shared
    world = shared.world
    start = timezone.now() - timedelta(days=2)
    meeting = meetings.meeting_schedule(
        family=shared.family,
        by=world.coordinator,
        kind="evaluation",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        invitees=[Invitee(member=shared.mother), Invitee(member=shared.youth)],
        held=True,
        place="Familiesenteret",
    )
    meetings.minutes_record(
        meeting=meeting,
        by=world.coordinator,
        expected_sequence=meeting.sequence,
        minutes="Referat: Vi snakket om skolen.",
        child_experience="Ola: Jeg vil ha sommerjobb.",
        child_experience_of=shared.youth,
        attended={p.pk for p in meeting.participants.all()},
    )
    client.force_login(portal.mother_user)
    assert "Referat: Vi snakket om skolen." not in client.get("/family/meetings/").content.decode()
    meetings.minutes_release(meeting=meeting, by=world.coordinator)
    body = client.get("/family/meetings/").content.decode()
    assert "Referat: Vi snakket om skolen." in body
    assert "Jeg vil ha sommerjobb" not in body  # the youth's own words, not the parent's
    client.force_login(portal.youth_user)
    assert "Jeg vil ha sommerjobb" in client.get("/family/meetings/").content.decode()


def test_the_family_entrance_is_for_family_members(client, portal):
    from tests.factories import TEST_PASSWORD as PASSWORD

    response = client.post("/accounts/family/login/", {"username": "mona", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/family/"
    client.logout()
    response = client.post(
        "/accounts/family/login/", {"username": "koordinator", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Denne innloggingen er for familier" in response.content.decode()
    # A family member who comes in through the staff login lands on the family's pages too.
    client.post("/accounts/login/", {"username": "ola", "password": PASSWORD})
    assert client.get("/").headers["Location"] == "/family/"

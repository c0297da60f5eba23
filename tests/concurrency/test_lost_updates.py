"""Two people edit the same row: the older form never silently overwrites the newer save. The
second editor gets a clear message, keeps what they typed, sees what the other saved, and can
save on purpose with a second press. One test per edit form of families and partners;
meetings (sequence) and the plan (version) are checked in their own tests."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from familieplan.families.models import CoordinatorAssignment, Enrolment, Family, Member
from familieplan.partners.models import Partner
from tests.concurrency.helpers import page_form
from tests.factories import make_member, make_partner

STALE = "Noen andre har lagret en endring mens du skrev"


@pytest.fixture
def two(world):
    """The coordinator and the team lead, both allowed to change family A."""
    first, second = Client(), Client()
    first.force_login(world.coordinator)
    second.force_login(world.team_lead)
    return first, second


def test_a_member_edited_by_two_people_keeps_the_first_save(two, world):
    member = make_member(family=world.family_a, first_name="Kari", birth_date=date(1985, 1, 1))
    url = f"/families/{world.family_a.pk}/members/{member.pk}/"
    first, second = two
    mine = page_form(first, url, first_name="Kari Anne")
    theirs = page_form(second, url, phone="91234567")
    assert first.post(url, mine).status_code == 302

    response = second.post(url, theirs)
    body = response.content.decode()
    assert response.status_code == 200 and STALE in body
    assert "Kari Anne" in body  # what the first one saved, shown …
    assert 'value="91234567"' in body  # … beside what the second one typed
    member.refresh_from_db()
    assert (member.first_name, member.phone) == ("Kari Anne", "")

    # The form now carries the current version: a second press saves, knowingly.
    again = second.post(url, page_form_from(body, url, theirs))
    assert again.status_code == 302
    member.refresh_from_db()
    assert member.phone == "91234567" and member.version == 2


def page_form_from(body: str, url: str, typed: dict) -> dict:
    from tests import fuzzing

    form = next(f for f in fuzzing.forms_on(url, body) if f.method == "post" and f.action == url)
    return {**typed, "version": form.values["version"][0]}


def test_the_identity_number_is_never_shown_among_the_stored_values(two, world):
    from tests.families.helpers import fnr

    number = fnr(1, 1, 85, 321)
    member = make_member(
        family=world.family_a, first_name="Kari", birth_date=date(1985, 1, 1), national_id=number
    )
    url = f"/families/{world.family_a.pk}/members/{member.pk}/"
    _first, second = two
    theirs = page_form(second, url, first_name="Karianne")
    Member.objects.filter(pk=member.pk).update(national_id=fnr(2, 2, 85, 400), version=1)
    body = second.post(url, theirs).content.decode()
    assert STALE in body
    assert number not in body and fnr(2, 2, 85, 400) not in body


def test_the_partner_directory_keeps_the_first_save(two, world):
    partner = make_partner(municipality=world.muni_a, name="Lunde skole", kind="school")
    url = f"/partners/{partner.pk}/edit/"
    first, second = two
    mine = page_form(first, url, phone="22 00 00 00")
    theirs = page_form(second, url, email="post@lunde.no")
    assert first.post(url, mine).status_code == 302
    body = second.post(url, theirs).content.decode()
    assert STALE in body and "22 00 00 00" in body and "post@lunde.no" in body
    partner.refresh_from_db()
    assert (partner.phone, partner.email) == ("22 00 00 00", "")


def test_the_same_edit_pressed_twice_is_saved_once_without_alarm(two, world):
    partner = make_partner(municipality=world.muni_a, name="Lunde skole", kind="school")
    url = f"/partners/{partner.pk}/edit/"
    first, _second = two
    mine = page_form(first, url, phone="22 00 00 00")
    assert first.post(url, mine).status_code == 302
    again = first.post(url, mine, follow=True)
    assert STALE not in again.content.decode()
    assert "Skjemaet ble sendt mer enn én gang" in again.content.decode()
    assert Partner.objects.get().version == 1


def test_an_enrolment_moved_by_someone_else_meanwhile_is_shown(two, world):
    enrolment = Enrolment.objects.create(
        municipality=world.muni_a,
        family=world.family_a,
        status="active",
        started_on=date(2024, 1, 1),
    )
    url = f"/families/{world.family_a.pk}/enrolments/{enrolment.pk}/change/"
    first, second = two
    today = timezone.localdate().isoformat()
    mine = page_form(first, url, to="paused", on=today)
    theirs = page_form(second, url, to="ended", on=today, end_reason="goals_reached")
    assert first.post(url, mine).status_code == 302
    body = second.post(url, theirs).content.decode()
    assert STALE in body and "Status nå" in body and "Pause" in body
    assert Enrolment.objects.get().status == "paused"


def test_a_coordinator_handed_over_meanwhile_is_shown(two, world):
    url = f"/families/{world.family_a.pk}/coordinator/"
    first, second = two
    mine = page_form(first, url, coordinator=str(world.colleague.pk), kind="co")
    theirs = page_form(second, url, coordinator=str(world.coordinator.pk), kind="primary")
    assert first.post(url, mine).status_code == 302
    body = second.post(url, theirs).content.decode()
    assert STALE in body and world.colleague.display_name in body
    assert CoordinatorAssignment.objects.count() == 1
    assert Family.objects.get(pk=world.family_a.pk).co_coordinator == world.colleague


def test_a_co_coordinator_assigned_since_the_page_was_shown_is_not_removed(two, world):
    from familieplan.core.roles import Role
    from tests.factories import make_user

    first, second = two
    url = f"/families/{world.family_a.pk}/coordinator/"
    assert second.post(url, page_form(second, url, coordinator=world.colleague.pk, kind="co"))
    page = first.get(f"/families/{world.family_a.pk}/").content.decode()
    seen = re.search(r'name="version" value="(\d+)"', page).group(1)
    newcomer = make_user(username="ny", role=Role.COORDINATOR, unit=world.unit_a)
    second.post(url, page_form(second, url, coordinator=newcomer.pk, kind="co"))

    response = first.post(
        f"/families/{world.family_a.pk}/co-coordinator/remove/", {"version": seen}, follow=True
    )
    assert "Koordinatorene er endret mens du så på siden" in response.content.decode()
    assert Family.objects.get(pk=world.family_a.pk).co_coordinator == newcomer


def test_a_meeting_moved_meanwhile_is_shown_and_a_second_press_saves(two, world):
    from datetime import datetime, time, timedelta

    from familieplan.meetings import services
    from familieplan.meetings.models import Meeting

    def at(days, hour):
        day = timezone.localdate() + timedelta(days=days)
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))

    meeting = services.meeting_schedule(
        family=world.family_a,
        by=world.coordinator,
        kind="cooperation",
        starts_at=at(5, 10),
        ends_at=at(5, 11),
        place="Skolen",
        invitees=[],
    )
    url = f"/meetings/{world.family_a.pk}/{meeting.pk}/edit/"
    first, second = two
    mine = page_form(first, url, place="Biblioteket")
    theirs = page_form(second, url, agenda="Ny timeplan")
    assert first.post(url, mine).status_code == 302
    body = second.post(url, theirs).content.decode()
    assert "Noen andre har endret møtet" in body and "Biblioteket" in body
    assert "Ny timeplan" in body  # the second person's typing is kept
    assert Meeting.objects.get().agenda == ""
    current = Meeting.objects.get().sequence
    assert f'name="sequence" value="{current}"' in body  # the next press saves on top
    again = second.post(url, {**theirs, "sequence": current})
    assert again.status_code == 302 and Meeting.objects.get().agenda == "Ny timeplan"

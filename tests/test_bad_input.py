"""Bad input in a query string gets an answer, never a server error: the two cases that gave
one (a naive date as the timeline's cursor, a NUL byte in a search box on PostgreSQL), and the
shared reading of query values (familieplan/core/query.py). tests/test_fuzz.py walks all."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from familieplan.core import query
from familieplan.families.models import Enrolment, EnrolmentEvent
from familieplan.journal import services as journal


def test_the_timeline_takes_a_date_as_its_cursor(client, world):
    family = world.family_a
    today = timezone.localdate()
    enrolment = Enrolment.objects.create(
        municipality=family.municipality, family=family, status="active", started_on=today
    )
    EnrolmentEvent.objects.create(
        municipality=family.municipality,
        enrolment=enrolment,
        to_status="active",
        on=today,
        by=world.coordinator,
    )
    old = journal.contact_record(
        family=family,
        by=world.coordinator,
        at=timezone.now() - timedelta(days=40),
        kind="home_visit",
        minutes=30,
        summary="Gammelt besøk.",
    )
    journal.contact_record(
        family=family,
        by=world.coordinator,
        at=timezone.now() - timedelta(hours=1),
        kind="home_visit",
        minutes=30,
        summary="Nytt besøk.",
    )
    client.force_login(world.coordinator)
    day = timezone.localdate(old.at) + timedelta(days=1)
    response = client.get(f"/journal/{family.pk}/", {"before": day.isoformat()})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Gammelt besøk." in body and "Nytt besøk." not in body


@pytest.mark.parametrize("path", ["/journal/search/", "/families/", "/partners/"])
def test_a_nul_byte_in_a_search_box_gets_a_clear_page(client, world, path):
    client.force_login(world.coordinator)
    response = client.get(path, {"q": "skole\x00"})
    assert response.status_code == 400
    assert "tegn som ikke kan brukes" in response.content.decode()


def test_a_nul_byte_anywhere_in_the_address_is_refused_before_any_view(world):
    client = Client()
    client.force_login(world.coordinator)
    assert client.get("/families/?stage=%00").status_code == 400
    assert client.get("/families/?%00=1").status_code == 400


def _request(**params):
    return RequestFactory().get("/", params)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7),
        (" 7 ", 7),
        ("-3", 1),
        ("99999999999999999999", 100),
        ("abc", 5),
        ("", 5),
        ("٣", 5),  # an Arabic-Indic digit: int() would take it
        ("1" * 100, 5),
    ],
)
def test_query_int_is_clamped_or_the_default(value, expected):
    assert query.query_int(_request(n=value), "n", default=5, minimum=1, maximum=100) == expected


def test_query_moment_is_aware_and_local():
    oslo = timezone.get_current_timezone()
    day = query.query_moment(_request(before="2026-11-01"), "before")
    assert day == datetime.combine(date(2026, 11, 1), time.min, tzinfo=oslo)
    moment = query.query_moment(_request(before="2026-07-01T10:30:00+00:00"), "before")
    assert moment == datetime(2026, 7, 1, 10, 30, tzinfo=UTC)
    for bad in ("2026-13-45", "0001-01-01", "tomorrow", "x" * 1000, ""):
        assert query.query_moment(_request(before=bad), "before") is None
    assert query.query_date(_request(on="2026-02-30"), "on") is None


def test_a_referral_claiming_thousands_of_people_is_refused_without_building_them(client, world):
    """TOTAL_FORMS comes from the browser: Django would build up to 2000 rows for the page."""
    from tests.families.helpers import ADULT, referral_post

    client.force_login(world.coordinator)
    data = referral_post(unit=world.unit_a, members=[ADULT])
    data["members-TOTAL_FORMS"] = "99999999999999999999"
    response = client.post("/families/referral/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "En henvisning kan ha høyst 20 personer" in body
    assert "Person 21" not in body


def test_a_very_long_username_is_a_failed_login_not_a_server_error(client, world):
    """django-axes records the username tried; PostgreSQL refuses one longer than its column."""
    response = client.post("/accounts/login/", {"username": "x" * 5000, "password": "feil"})
    assert response.status_code == 200
    assert "Feil brukernavn eller passord" in response.content.decode()


def test_a_nul_byte_in_an_answer_to_the_family_gets_a_message(client, world):
    from familieplan.portal.models import Proposal
    from tests.factories import make_member

    mother = make_member(family=world.family_a, first_name="Mona")
    proposal = Proposal.objects.create(
        municipality=world.muni_a, family=world.family_a, kind="new_goal", by=mother, text="Svømme"
    )
    client.force_login(world.coordinator)
    url = f"/family/staff/{world.family_a.pk}/proposals/{proposal.pk}/answer/"
    response = client.post(url, {"answer": "Ja\x00"}, follow=True)
    assert response.status_code == 200 and 'data-color="danger"' in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.answered_at is None

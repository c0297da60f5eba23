"""Registering a referral through the form: the happy path and every kind of bad input."""

from datetime import date, timedelta

import pytest

from familieplan.core.models import AccessLog
from familieplan.families.models import Family, Member, Referral
from tests.families.helpers import ADULT, CHILD, fnr, referral_post

URL = "/families/referral/new/"


def post(client, world, members, **overrides):
    client.force_login(world.coordinator)
    return client.post(URL, referral_post(unit=world.unit_a, members=members, **overrides))


def test_referral_creates_family_members_address_and_referral(client, world):
    number = fnr(2, 4, 88, 123)
    response = post(
        client,
        world,
        [{**ADULT, "national_id": number, "needs_interpreter": "on"}, CHILD],
        **{
            "address-street": "Storgata 1",
            "address-postal_code": "0150",
            "address-city": "Oslo",
            "address-valid_from": "2024-01-01",
        },
    )
    family = Family.objects.get(name="Familien Jensen")
    assert response.status_code == 302
    assert response["Location"] == f"/families/{family.pk}/"
    assert number not in response["Location"]
    assert family.stage == "referred" and family.municipality == world.muni_a
    assert family.members.count() == 2
    assert family.members.get(first_name="Lise").needs_interpreter is True
    assert family.addresses.get().postal_code == "0150"
    assert Referral.objects.get(family=family).source == "nav"
    assert AccessLog.objects.filter(family_id=family.pk, action="create").exists()
    page = client.get(response["Location"]).content.decode()
    assert number not in page
    assert "****** **" + number[-3:] in page


def assert_nothing_saved():
    assert not Family.objects.filter(name="Familien Jensen").exists()
    assert not Member.objects.filter(last_name="Jensen").exists()


def test_household_without_an_adult_is_refused(client, world):
    response = post(client, world, [CHILD])
    assert response.status_code == 200
    assert "Husholdningen må ha minst én voksen" in response.content.decode()
    assert_nothing_saved()


@pytest.mark.parametrize(
    "birth_date,message",
    [
        ((date.today() + timedelta(days=3)).isoformat(), "Datoen kan ikke være fram i tid."),
        ("1850-01-01", "Datoen er for langt tilbake i tid."),
        ("31.02.2010", "Skriv en gyldig dato"),
    ],
)
def test_impossible_birth_dates_are_refused(client, world, birth_date, message):
    response = post(client, world, [{**ADULT, "birth_date": birth_date}, CHILD])
    assert message in response.content.decode()
    assert_nothing_saved()


@pytest.mark.parametrize(
    "number,message",
    [
        ("12345678901", "Fødselsnummeret er ikke gyldig"),
        ("1234", "Fødselsnummeret må ha 11 siffer."),
        ("3113880123x", "Fødselsnummeret kan bare inneholde siffer."),
    ],
)
def test_invalid_identity_number_is_refused_without_echoing_it_in_the_message(
    client, world, number, message
):
    response = post(client, world, [{**ADULT, "national_id": number}, CHILD])
    body = response.content.decode()
    assert message in body
    summary = body[
        body.index("ds-error-summary") : body.index("</ul>", body.index("ds-error-summary"))
    ]
    assert number not in summary
    assert_nothing_saved()


def test_duplicate_identity_number_in_municipality_is_refused(client, world):
    number = fnr(2, 4, 88, 200)
    Member.objects.create(
        municipality=world.muni_a,
        family=world.family_a,
        role="parent",
        first_name="Ola",
        last_name="Hansen",
        birth_date=date(1988, 4, 2),
        national_id=number,
    )
    response = post(client, world, [{**ADULT, "national_id": number}, CHILD])
    assert "allerede registrert på en person i kommunen" in response.content.decode()
    assert_nothing_saved()


def test_same_number_twice_in_one_household_is_refused(client, world):
    number = fnr(2, 4, 88, 300)
    second = {**ADULT, "first_name": "Per", "national_id": number}
    response = post(client, world, [{**ADULT, "national_id": number}, second])
    assert "Det samme fødselsnummeret er skrevet inn for to personer." in response.content.decode()
    assert_nothing_saved()


def test_same_number_may_exist_in_another_municipality(client, world):
    number = fnr(2, 4, 88, 400)
    Member.objects.create(
        municipality=world.muni_b,
        family=world.family_b,
        role="parent",
        first_name="Ola",
        last_name="Olsen",
        birth_date=date(1988, 4, 2),
        national_id=number,
    )
    assert post(client, world, [{**ADULT, "national_id": number}, CHILD]).status_code == 302


def test_half_an_address_is_refused(client, world):
    response = post(client, world, [ADULT], **{"address-street": "Storgata 1"})
    assert "Fyll ut hele adressen" in response.content.decode()
    assert_nothing_saved()


def test_missing_fields_get_messages_at_the_field(client, world):
    response = post(client, world, [ADULT], **{"referral-reason": "", "referral-family_name": ""})
    body = response.content.decode()
    assert body.count("Feltet er påkrevet.") >= 2
    assert 'aria-invalid="true"' in body
    assert_nothing_saved()


def test_cannot_refer_into_another_municipalitys_unit(client, world):
    client.force_login(world.coordinator)
    response = client.post(URL, referral_post(unit=world.unit_b, members=[ADULT]))
    assert response.status_code == 200
    assert "Velg et gyldig valg." in response.content.decode()
    assert_nothing_saved()


@pytest.mark.parametrize("persona", ["partner", "family_member", "researcher", "privacy_officer"])
def test_roles_without_case_work_cannot_refer(client, world, persona):
    client.force_login(world.users()[persona])
    assert client.get(URL).status_code == 403


def test_identity_numbers_never_reach_log_lines(client, world):
    """What the log handlers actually write (after the redaction filter) holds no number."""
    import io
    import logging

    number = fnr(2, 4, 88, 500)
    stream = io.StringIO()
    handlers = list(
        {
            h
            for name in ("", "django.request", "django.server")
            for h in logging.getLogger(name).handlers
            if type(h) is logging.StreamHandler and h.filters
        }
    )
    assert handlers, "the console handler is configured"
    old = [h.setStream(stream) for h in handlers]
    try:
        post(client, world, [{**ADULT, "national_id": number}, CHILD])
        post(client, world, [{**ADULT, "national_id": number[:-1] + "0"}, CHILD])
        client.get(f"/families/{number}/")  # a number pasted into a URL: plain 404
    finally:
        for handler, previous in zip(handlers, old, strict=True):
            handler.setStream(previous)
    written = stream.getvalue()
    assert "Not Found" in written  # the 404 was logged, with the number masked
    assert number not in written
    for entry in AccessLog.objects.all():
        assert number not in entry.path and number not in entry.object_id

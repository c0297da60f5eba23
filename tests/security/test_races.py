"""Two people saving the same thing at the same moment: both pass the form's check, and the
database's unique constraint refuses the second. The second gets the check's message on the
field, not a server error, and nothing of theirs is half-saved.

The duplicate is really inserted between the check and the save: directly after a form has
validated, and through HTTP by a database hook that inserts the other person's row just before
the save's own savepoint (after the check's query), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from familieplan.families import services
from familieplan.families.forms.household import MemberForm
from familieplan.families.models import Address, Family, Member
from tests.factories import make_member
from tests.families.helpers import ADULT, CHILD, fnr, referral_post

TAKEN = "Dette fødselsnummeret er allerede registrert på en person i kommunen."
NUMBER = fnr(2, 4, 88, 500)


def someone_else_saves(world, number=NUMBER) -> Member:
    """The other person's member with the number, in another family of the municipality."""
    return make_member(family=world.family_a, first_name="Annen", national_id=number)


@contextmanager
def inserted_between_check_and_save(column: str, insert):
    """Runs `insert` once, after the first query that reads `column` (the check) and before
    the next savepoint or transaction begins (the save)."""
    state = {"checked": False, "inserted": False}

    def hook(execute, sql, params, many, context):
        if not state["inserted"]:
            start = sql.lstrip()[:20].upper()
            if start.startswith("SELECT") and column in sql:
                state["checked"] = True
            elif state["checked"] and start.startswith(("SAVEPOINT", "BEGIN")):
                state["inserted"] = True
                insert()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(hook):
        yield
    assert state["inserted"], "the hook never ran: the view no longer checks, then saves"


def page_fields(client, url) -> dict:
    """The form's own hidden fields as the page gives them (the version it shows, the
    submit-once token), as a browser would send them back."""
    body = client.get(url).content.decode()
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)" id="id_', body))


def member_post(**overrides) -> dict:
    return {
        "role": "parent",
        "first_name": "Kari",
        "last_name": "Hansen",
        "birth_date": "1988-04-02",
        "national_id": NUMBER,
        "languages": "norsk",
        **overrides,
    }


def test_a_member_form_that_validated_before_the_other_save_gets_the_field_message(world):
    form = MemberForm(
        member_post(),
        instance=Member(family=world.family_b, municipality=world.muni_a),
        municipality=world.muni_a,
    )
    assert form.is_valid()
    someone_else_saves(world)
    with pytest.raises(ValidationError) as refused:
        form.save()
    assert refused.value.message_dict == {"national_id": [TAKEN]}
    assert Member.objects.filter(national_id=NUMBER).count() == 1


def test_a_new_member_through_http(client, world):
    client.force_login(world.coordinator)
    family = world.family_a
    url = f"/families/{family.pk}/members/new/"
    data = {**page_fields(client, url), **member_post()}
    with inserted_between_check_and_save("national_id", lambda: someone_else_saves(world)):
        response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"national_id": [TAKEN]}
    assert TAKEN in response.content.decode()
    assert not Member.objects.filter(first_name="Kari").exists()


def test_a_number_added_to_an_existing_member_through_http(client, world):
    member = make_member(family=world.family_a, first_name="Kari", birth_date=date(1988, 4, 2))
    client.force_login(world.coordinator)
    url = f"/families/{world.family_a.pk}/members/{member.pk}/"
    data = {**page_fields(client, url), **member_post()}
    with inserted_between_check_and_save("national_id", lambda: someone_else_saves(world)):
        response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"national_id": [TAKEN]}
    member.refresh_from_db()
    assert member.national_id == ""


def test_a_referral_through_http_keeps_everything_and_names_the_person(client, world):
    client.force_login(world.coordinator)
    data = referral_post(unit=world.unit_a, members=[{**ADULT, "national_id": NUMBER}, CHILD])
    with inserted_between_check_and_save("national_id", lambda: someone_else_saves(world)):
        response = client.post("/families/referral/new/", data)
    assert response.status_code == 200
    household = response.context["household"]
    assert household.forms[0].errors == {"national_id": [TAKEN]}
    assert not Family.objects.filter(name="Familien Jensen").exists()  # all or nothing
    body = response.content.decode()
    assert TAKEN in body and 'value="Lise"' in body  # what was typed is kept


def test_the_referral_service_refuses_with_the_number_in_the_error(world):
    someone_else_saves(world)
    member = {**ADULT, "birth_date": date(1988, 4, 2), "national_id": NUMBER}
    with pytest.raises(ValidationError) as refused:
        services.referral_register(
            unit=world.unit_a,
            by=world.coordinator,
            family_name="Familien Jensen",
            referral={"source": "nav", "received_on": date.today(), "reason": "x"},
            members=[member],
        )
    assert refused.value.code == "duplicate_national_id"
    assert refused.value.messages == [TAKEN]
    assert not Family.objects.filter(name="Familien Jensen").exists()


def test_a_move_registered_twice_for_one_date_through_http(client, world):
    family = world.family_a
    valid_from = date(2025, 3, 1)

    def other_move():
        Address.objects.create(
            municipality=family.municipality,
            family=family,
            street="Andre gate 2",
            postal_code="0150",
            city="Oslo",
            valid_from=valid_from,
        )

    client.force_login(world.coordinator)
    post = {
        "street": "Storgata 1",
        "postal_code": "0150",
        "city": "Oslo",
        "housing": "rented",
        "valid_from": valid_from.isoformat(),
    }
    url = f"/families/{family.pk}/addresses/new/"
    post = {**page_fields(client, url), **post}
    with inserted_between_check_and_save("valid_from", other_move):
        response = client.post(url, post)
    assert response.status_code == 200
    message = "Familien har allerede en adresse fra denne datoen."
    assert response.context["form"].errors == {"valid_from": [message]}
    assert list(family.addresses.values_list("street", flat=True)) == ["Andre gate 2"]

"""'Who has seen our data' follows the one visibility rule of the family's pages: a service's
read under a youth's own consent is the youth's matter (never the parents'), under a young
child's consent the guardian's and the child's, under an adult's consent the whole family's.
The same on the page, in the JSON copy and in the PDF copy; and with the demo's own people."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from familieplan.accounts.models import User
from familieplan.families.models import Family
from familieplan.partners.models import Partner
from tests.factories import make_consent, make_partner, make_user

CLINIC = "Helsestasjonen"


def _give(portal, subject_key, *, partner, given_by=None):
    shared = portal.shared
    subject = getattr(shared, subject_key)
    return make_consent(
        family=shared.family,
        partner=partner,
        subject=subject,
        given_by=given_by or subject,
        recorded_by=shared.world.coordinator,
    )


def _clinic_reads(portal, *, expect=200):
    client = Client()
    client.force_login(portal.shared.clinic_user)
    assert client.get(f"/partner/{portal.shared.family.pk}/").status_code == expect


def _page(client, user) -> str:
    client.force_login(user)
    return client.get("/family/access-log/").content.decode().split("<main")[1]


def _pdf(client) -> str:
    from pypdf import PdfReader

    content = client.get("/family/copy/?format=pdf").content
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_a_read_under_the_youths_consent_is_the_youths_not_the_parents(client, portal):
    _give(portal, "youth", partner=portal.shared.clinic)
    _clinic_reads(portal)
    assert CLINIC not in _page(client, portal.mother_user)
    copy = json.loads(client.get("/family/copy/?format=json").content)
    assert all(CLINIC not in line["who"] for line in copy["access_log"])
    assert CLINIC not in _pdf(client)
    youth_page = _page(client, portal.youth_user)
    assert CLINIC in youth_page and "så på det som er delt med tjenesten" in youth_page
    copy = json.loads(client.get("/family/copy/?format=json").content)
    assert any(CLINIC in line["who"] for line in copy["access_log"])


def test_a_refused_attempt_after_the_youth_withdrew_stays_the_youths(client, portal):
    consent = _give(portal, "youth", partner=portal.shared.clinic)
    _clinic_reads(portal)
    from familieplan.partners import services as consent_services

    consent_services.consent_withdraw(
        consent=consent, by=portal.shared.world.coordinator, method="oral", note="Ola ringte."
    )
    _clinic_reads(portal, expect=404)
    assert CLINIC not in _page(client, portal.mother_user)
    youth_page = _page(client, portal.youth_user)
    assert "forsøkte å åpne det som er delt med tjenesten, men fikk ikke lov" in youth_page


@pytest.mark.parametrize(
    ("subject", "mother_sees", "youth_sees"),
    [
        ("mother", True, True),  # an adult's consent opens the family's shared matters
        ("child", True, False),  # a young child's: the guardian's and the child's matter
        ("youth", False, True),  # a youth's own: the youth's alone
    ],
)
def test_whose_consent_decides_who_sees_the_read(client, portal, subject, mother_sees, youth_sees):
    giver = portal.shared.mother if subject == "child" else None
    _give(portal, subject, partner=portal.shared.clinic, given_by=giver)
    _clinic_reads(portal)
    assert (CLINIC in _page(client, portal.mother_user)) is mother_sees
    assert (CLINIC in _page(client, portal.youth_user)) is youth_sees


def test_one_login_for_two_services_names_only_the_one_the_reader_may_know_of(client, portal):
    """The clinic's user also works for the sports club; the mother's consent is to the club,
    the youth's to the clinic: the mother sees the read, naming the club only."""
    shared = portal.shared
    club = make_partner(
        municipality=shared.world.muni_a, name="Idrettslaget", kind="culture_leisure"
    )
    from familieplan.partners.models import PartnerStaff

    PartnerStaff.objects.create(user=shared.clinic_user, partner=club)
    _give(portal, "youth", partner=shared.clinic)
    _give(portal, "mother", partner=club)
    _clinic_reads(portal)
    mother_page = _page(client, portal.mother_user)
    assert "Idrettslaget" in mother_page and "så på det som er delt med tjenesten" in mother_page
    assert CLINIC not in mother_page


@pytest.mark.django_db
def test_the_demo_family_youth_shares_with_the_clinic_the_parent_does_not_learn_it(client):
    """In the demo: `ungdom` (Hamza, 16) gives the clinic (`partner2`) consent on his own page,
    the clinic looks; `forelder` (his mother) does not see that, `ungdom` does."""
    call_command("load_demo", families=4)
    hamza = User.objects.get(username="ungdom")
    amina = User.objects.get(username="forelder")
    clinic_user = User.objects.get(username="partner2")
    family = Family.objects.get(name="Familien Warsame")
    clinic = Partner.objects.get(municipality=family.municipality, name="Helsestasjonen Demo")
    client.force_login(hamza)
    response = client.post(
        "/family/consents/new/",
        {
            "partner": clinic.pk,
            "subject": hamza.family_member.pk,
            "topics": ["plan"],
            "purpose": "",
            "valid_until": "2027-06-30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    partner = Client()
    partner.force_login(clinic_user)
    assert partner.get(f"/partner/{family.pk}/").status_code == 200
    assert "Helsestasjonen Demo" not in _page(client, amina)
    assert "Helsestasjonen Demo" in _page(client, hamza)


def test_a_staff_download_of_the_youths_consent_form_is_the_youths(client, portal):
    """Staff reading the scanned consent form of the youth's consent (logged with the consent
    as object) is not shown to the parent."""
    from familieplan.core.models import AccessLog

    consent = _give(portal, "youth", partner=portal.shared.clinic)
    coordinator = portal.shared.world.coordinator
    AccessLog.objects.create(
        user=coordinator,
        username=coordinator.username,
        role="coordinator",
        municipality_id=portal.shared.family.municipality_id,
        family_id=portal.shared.family.pk,
        object_type="partners.consent.document",
        object_id=str(consent.pk),
        action="export",
        path=f"/partners/{portal.shared.family.pk}/consents/{consent.pk}/document/",
    )
    assert "lastet ned samtykker og deling" not in _page(client, portal.mother_user)
    assert "lastet ned samtykker og deling" in _page(client, portal.youth_user)


def test_an_unknown_partner_user_without_any_consent_is_shown_to_all(client, portal):
    stranger = make_user(
        username="fremmed", role="partner", municipality=portal.shared.world.muni_a
    )
    make_partner(municipality=portal.shared.world.muni_a, name="Ukjent tjeneste", staff=stranger)
    other = Client()
    other.force_login(stranger)
    assert other.get(f"/partner/{portal.shared.family.pk}/").status_code == 404
    for user in (portal.mother_user, portal.youth_user):
        page = _page(client, user)
        assert "Ukjent tjeneste" in page and "forsøkte å åpne" in page

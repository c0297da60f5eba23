"""Recording and withdrawing consent through the coordinator's pages, the rules on who may
give it, and the partner directory. Bad input: a clear message, nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from familieplan.core.models import AccessLog
from familieplan.families.models import ProgrammeSettings
from familieplan.partners.models import Consent, Partner
from tests.factories import make_partner

TODAY = timezone.localdate


def form(shared, **overrides):
    data = {
        "partner": str(shared.school.pk),
        "subject": str(shared.mother.pk),
        "given_by": str(shared.mother.pk),
        "decision": "given",
        "topics": ["plan", "meetings"],
        "purpose": "Skolen følger opp leksehjelpen.",
        "method": "written",
        "given_on": TODAY().isoformat(),
        "valid_from": TODAY().isoformat(),
        "valid_until": (TODAY() + timedelta(days=365)).isoformat(),
        "note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def coordinator(client, shared):
    client.force_login(shared.world.coordinator)
    return client


def post(client, shared, data):
    return client.post(f"/partners/families/{shared.family.pk}/consents/new/", data)


def test_a_consent_is_recorded_and_shown_in_the_overview(coordinator, shared):
    assert post(coordinator, shared, form(shared)).status_code == 302
    consent = Consent.objects.get()
    assert (
        consent.topics == ["plan", "meetings"] and consent.recorded_by == shared.world.coordinator
    )
    page = coordinator.get(f"/partners/families/{shared.family.pk}/consents/").content.decode()
    assert "Lunde skole" in page and "Planen og tiltakene" in page and "Gyldig" in page


@pytest.mark.parametrize(
    "overrides,message",
    [
        (
            {"valid_until": (TODAY() - timedelta(days=1)).isoformat()},
            "Samtykket kan ikke slutte før det begynner.",
        ),
        ({"topics": []}, "Velg minst ett tema samtykket gjelder."),
        ({"topics": ["health"], "method": "oral"}, "må være skriftlig"),
        ({"given_on": (TODAY() + timedelta(days=2)).isoformat()}, "fram i tid"),
        ({"valid_from": (TODAY() - timedelta(days=5)).isoformat()}, "før det ble gitt"),
        ({"given_by": "child"}, "Et barn under 15 år kan ikke samtykke selv."),
        ({"subject": "youth"}, "Ungdom fra 15 år gir samtykke for seg selv."),
        ({"subject": "mother", "given_by": "youth"}, "En voksen gir samtykke for seg selv."),
    ],
    ids=[
        "end-before-start",
        "no-topic",
        "health-oral",
        "future",
        "backdated",
        "child-self",
        "parent-for-youth",
        "youth-for-parent",
    ],
)
def test_bad_consent_input_is_refused_with_a_message(coordinator, shared, overrides, message):
    people = {"child": shared.child, "youth": shared.youth, "mother": shared.mother}
    if overrides.get("given_by") == "child":
        overrides = {**overrides, "subject": str(shared.child.pk), "given_by": str(shared.child.pk)}
    overrides = {
        k: str(people[v].pk) if isinstance(v, str) and v in people else v
        for k, v in overrides.items()
    }
    response = post(coordinator, shared, form(shared, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consent.objects.exists()


def test_the_youth_consent_age_is_a_programme_setting(coordinator, shared):
    settings_ = ProgrammeSettings.for_municipality(shared.world.muni_a)
    settings_.youth_consent_age = 17
    settings_.save()
    response = post(
        coordinator, shared, form(shared, subject=shared.youth.pk, given_by=shared.mother.pk)
    )
    assert response.status_code == 302  # a 16-year-old is still a child here: the parent decides


def test_a_refusal_is_recorded_too(coordinator, shared):
    data = form(shared, decision="refused", topics=[], method="oral")
    assert post(coordinator, shared, data).status_code == 302
    assert Consent.objects.get().decision == "refused"


def test_a_scanned_form_is_kept_and_its_download_is_logged(coordinator, shared, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("skjema.pdf", b"%PDF-1.4 samtykke", "application/pdf")
    assert post(coordinator, shared, {**form(shared), "document": upload}).status_code == 302
    consent = Consent.objects.get()
    response = coordinator.get(
        f"/partners/families/{shared.family.pk}/consents/{consent.pk}/document/"
    )
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(
        object_type="partners.consent.document", action="export"
    ).exists()


def test_a_document_of_the_wrong_type_is_refused(coordinator, shared, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("skjema.exe", b"MZ", "application/octet-stream")
    response = post(coordinator, shared, {**form(shared), "document": upload})
    assert "Last opp en PDF, JPG eller PNG." in response.content.decode()
    assert not Consent.objects.exists()


def test_withdrawal_is_recorded_with_who_when_and_how(coordinator, shared):
    post(coordinator, shared, form(shared))
    consent = Consent.objects.get()
    url = f"/partners/families/{shared.family.pk}/consents/{consent.pk}/withdraw/"
    assert coordinator.post(url, {"method": "oral", "note": "Ringte."}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == shared.world.coordinator
    assert consent.state == "withdrawn"
    again = coordinator.post(url, {"method": "oral"})
    assert "allerede trukket tilbake" in again.content.decode()


def test_a_colleague_may_read_consents_but_not_record_them(client, shared):
    client.force_login(shared.world.colleague)
    assert client.get(f"/partners/families/{shared.family.pk}/consents/").status_code == 200
    assert post(client, shared, form(shared)).status_code == 403


def test_another_municipality_does_not_see_the_consents(client, shared):
    client.force_login(shared.world.coordinator_b)
    assert client.get(f"/partners/families/{shared.family.pk}/consents/").status_code == 404


# The directory


def partner_form(**overrides):
    data = {"name": "Lunde skole", "kind": "school", "org_number": "974 760 673", "active": "on"}
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "number,message",
    [
        ("974760672", "Organisasjonsnummeret er ikke gyldig."),
        ("97476067", "Organisasjonsnummeret har 9 siffer."),
        ("97476067X", "kan bare inneholde siffer"),
    ],
)
def test_an_invalid_organisation_number_is_refused(client, world, number, message):
    client.force_login(world.coordinator)
    response = client.post("/partners/new/", partner_form(org_number=number))
    assert message in response.content.decode()
    assert not Partner.objects.exists()


def test_a_coordinator_adds_a_partner_with_a_contact(client, world):
    client.force_login(world.coordinator)
    response = client.post("/partners/new/", partner_form())
    partner = Partner.objects.get()
    assert response.status_code == 302 and partner.org_number == "974760673"
    assert partner.municipality == world.muni_a
    client.post(f"/partners/{partner.pk}/contacts/new/", {"name": "Siri Lunde", "title": "Rektor"})
    assert "Siri Lunde" in client.get(f"/partners/{partner.pk}/").content.decode()
    assert "974 760 673" in client.get("/partners/?q=974760673").content.decode()


def test_national_organisations_are_listed_everywhere_but_kept_by_operations(client, world):
    national = make_partner(municipality=None, name="Røde Kors", kind="volunteer")
    other = make_partner(municipality=world.muni_b, name="Fjordvik skole", kind="school")
    client.force_login(world.coordinator)
    listing = client.get("/partners/").content.decode()
    assert "Røde Kors" in listing and "Fjordvik skole" not in listing
    assert client.get(f"/partners/{national.pk}/edit/").status_code == 403
    assert client.get(f"/partners/{other.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["partner", "family_member", "researcher", "privacy_officer"])
def test_the_directory_is_for_staff(client, world, persona):
    client.force_login(world.users()[persona])
    assert client.get("/partners/").status_code == 403


def test_the_stored_file_name_tells_nothing_about_the_person(
    coordinator, shared, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("samtykke Mona Hansen.pdf", b"%PDF-1.4", "application/pdf")
    post(coordinator, shared, {**form(shared), "document": upload})
    name = Consent.objects.get().document.name
    assert "Mona" not in name and name.endswith(".pdf")

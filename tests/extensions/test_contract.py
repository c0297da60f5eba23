"""The extension contract works: the test-only app `tests/extension_app` (outings) fills in
one `Extension` from its `ready()` and shows up on the family page, in the timeline, on the
family's pages and in their copy, in the caseload and the digest, in the consent topics, in
the access log's words and in the demo — while no product file names it."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from familieplan.core import extensions
from familieplan.core.models import AccessLog
from familieplan.outbox.models import OutgoingEmail
from familieplan.reminders.digest import send_digests
from tests.extension_app.extension import extension
from tests.extension_app.models import Outing
from tests.partners.conftest import shared  # noqa: F401
from tests.portal.conftest import portal  # noqa: F401


@pytest.fixture
def outings(portal):  # noqa: F811
    """One outing for the whole family (tomorrow), one for Ella (9) and one for Ola (16)."""
    family_data = portal.shared
    today = timezone.localdate()

    def add(title, member=None, days=1):
        return Outing.objects.create(
            municipality=family_data.world.muni_a,
            family=family_data.family,
            member=member,
            on=today + timedelta(days=days),
            title=title,
        )

    add("Bading i Bystranda")
    add("Ellas klassetur", family_data.child, days=20)
    add("Olas fotballtur", family_data.youth, days=30)
    return portal


def _main(response) -> str:
    return response.content.decode().split("<main")[1]


def test_the_family_page_links_the_app_and_shows_its_section_by_its_own_rule(client, outings):
    world = outings.shared.world
    family = outings.shared.family
    client.force_login(world.coordinator)
    page = _main(client.get(f"/families/{family.pk}/"))
    assert f'href="/outings/{family.pk}/"' in page and "Utflukter" in page
    assert "Neste utflukter" in page and "Bading i Bystranda" in page
    # The colleague may read the family but not change it: the link, not the section.
    client.force_login(world.colleague)
    page = _main(client.get(f"/families/{family.pk}/"))
    assert f'href="/outings/{family.pk}/"' in page and "Neste utflukter" not in page


def test_the_apps_own_page_is_mounted_and_checks_access_through_the_helpers(client, outings):
    world = outings.shared.world
    family = outings.shared.family
    client.force_login(world.coordinator)
    response = client.get(f"/outings/{family.pk}/")
    assert response.status_code == 200 and "Olas fotballtur" in response.content.decode()
    assert AccessLog.objects.filter(user=world.coordinator, family_id=family.pk).exists()
    client.force_login(world.coordinator_b)  # another municipality
    assert client.get(f"/outings/{family.pk}/").status_code == 404
    assert client.post(f"/outings/{family.pk}/").status_code == 405


def test_the_timeline_has_the_apps_events_and_filter(client, outings):
    family = outings.shared.family
    client.force_login(outings.shared.world.coordinator)
    page = _main(client.get(f"/journal/{family.pk}/"))
    assert "Utflukt: Bading i Bystranda" in page
    only = _main(client.get(f"/journal/{family.pk}/", {"kind": "outing"}))
    assert "Utflukt: Ellas klassetur" in only


def test_the_caseload_counts_and_filters_on_the_apps_counter(client, outings):
    family = outings.shared.family
    client.force_login(outings.shared.world.coordinator)
    page = _main(client.get("/families/", {"needs": "outing_soon"}))
    assert family.name in page and "Utflukt snart" in page
    Outing.objects.filter(title="Bading i Bystranda").delete()  # the rest are weeks away
    page = _main(client.get("/families/", {"needs": "outing_soon"}))
    assert family.name not in page


def test_the_digest_has_the_counters_line(outings):
    coordinator = outings.shared.world.coordinator
    coordinator.email = "kari@kommune.no"
    coordinator.save()
    assert send_digests(timezone.localdate())[0] == 1
    body = OutgoingEmail.objects.get(topic="reminder_digest", to="kari@kommune.no").body
    assert "1 familie(r) har utflukt innen en uke" in body and "needs=outing_soon" in body


def test_the_family_sees_the_page_by_the_apps_rule_and_the_read_is_logged(client, outings):
    client.force_login(outings.mother_user)
    home = _main(client.get("/family/"))
    assert 'href="/family/more/outings/"' in home
    page = _main(client.get("/family/more/outings/"))
    assert "Bading i Bystranda" in page and "Ellas klassetur" in page
    assert "Olas fotballtur" not in page  # the youth's own matter
    assert AccessLog.objects.filter(user=outings.mother_user, path="/family/more/outings/")
    client.force_login(outings.youth_user)
    page = _main(client.get("/family/more/outings/"))
    assert "Olas fotballtur" in page and "Ellas klassetur" not in page
    client.force_login(outings.other_user)  # another family: nothing of this one
    page = _main(client.get("/family/more/outings/"))
    assert "Bading" not in page and "Ingen utflukter" in page
    assert client.get("/family/more/no-such-page/").status_code == 404


def test_the_copy_of_everything_has_the_apps_part_for_this_reader(client, outings):
    from pypdf import PdfReader

    client.force_login(outings.mother_user)
    data = json.loads(client.get("/family/copy/?format=json").content)
    assert [o["title"] for o in data["outings"]] == ["Bading i Bystranda", "Ellas klassetur"]
    pdf = client.get("/family/copy/?format=pdf").content
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Ellas klassetur" in text and "Olas fotballtur" not in text


def test_the_access_log_names_the_apps_data_in_its_words(client, outings):
    world = outings.shared.world
    client.force_login(world.coordinator)
    client.get(f"/outings/{outings.shared.family.pk}/")
    client.force_login(outings.mother_user)
    page = _main(client.get("/family/access-log/"))
    assert "så på utfluktene" in page


def test_a_consent_can_be_about_the_apps_data(client, outings):
    family = outings.shared.family
    client.force_login(outings.shared.world.coordinator)
    form = client.get(f"/partners/families/{family.pk}/consents/new/").content.decode()
    assert 'value="outings"' in form and "Utflukter" in form


@pytest.mark.django_db
def test_the_demo_runs_the_apps_builder_step():
    call_command("load_demo", families=4)
    assert Outing.objects.filter(title="Demo-utflukt", family__name="Familien Warsame").exists()


def test_taken_away_the_app_leaves_no_trace(client, outings):
    family = outings.shared.family
    extensions.unregister("extension_app")
    try:
        client.force_login(outings.shared.world.coordinator)
        page = _main(client.get(f"/families/{family.pk}/"))
        assert "Utflukter" not in page and "Neste utflukter" not in page
        assert "Utflukt:" not in _main(client.get(f"/journal/{family.pk}/"))
        client.force_login(outings.mother_user)
        assert client.get("/family/more/outings/").status_code == 404
        assert "outings" not in json.loads(client.get("/family/copy/?format=json").content)
    finally:
        extensions.register(extension())


def test_no_product_file_names_the_app():
    words = ["-e", "extension_app", "-e", "outings?"]
    found = subprocess.run(
        ["git", "grep", "--untracked", "-l", "-i", "-w", "-E", *words, "--", "familieplan"],
        capture_output=True,
        text=True,
    )
    assert found.stdout.split() == []


def test_a_note_is_shared_under_the_apps_topic_and_the_service_reads_it(client, outings):
    from familieplan.journal import services as journal
    from tests.factories import make_consent

    case = outings.shared
    make_consent(
        family=case.family,
        partner=case.school,
        subject=case.mother,
        topics=("outings",),
        recorded_by=case.world.coordinator,
    )
    journal.note_write(
        family=case.family,
        by=case.world.coordinator,
        text="Skolen tar med Ella på utflukten.",
        level="ordinary",
        shared_with_partner=case.school,
        shared_topic="outings",
    )
    client.force_login(case.world.coordinator)
    timeline = _main(client.get(f"/journal/{case.family.pk}/"))
    assert "Delt med Lunde skole (Utflukter)" in timeline
    client.force_login(case.world.partner)
    page = _main(client.get(f"/partner/{case.family.pk}/"))
    assert "Skolen tar med Ella på utflukten." in page

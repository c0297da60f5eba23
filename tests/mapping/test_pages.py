"""Mapping through HTTP: who sees what, filling in with bad input (a clear message, nothing
lost), completing, the progress chart with its table (page, print and PDF), the programme
figures with small groups suppressed and their downloads, and a new instrument version
uploaded in the admin."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from familieplan.core.models import AccessLog
from familieplan.mapping import services
from familieplan.mapping.models import Assessment, Instrument, Response
from tests.mapping.conftest import WHO5, instrument, mapped_family, who5_families

EXPECTED = {
    "coordinator": 200,
    "colleague": 200,
    "team_lead": 200,
    "coordinator_b": 404,
    "partner": 404,
    "family_member": 404,
    "researcher": 404,
    "administrator": 404,
    "privacy_officer": 404,
}


@pytest.mark.parametrize(("persona", "status"), EXPECTED.items())
def test_who_sees_the_family_mapping(client, enrolled, persona, status):
    client.force_login(enrolled.world.users()[persona])
    response = client.get(f"/mapping/{enrolled.family.pk}/")
    assert response.status_code == status
    assert AccessLog.objects.filter(
        family_id=enrolled.family.pk, user__username=enrolled.world.users()[persona].username
    ).exists()


def test_a_colleague_reads_but_cannot_start_a_mapping(client, enrolled):
    client.force_login(enrolled.world.colleague)
    page = client.get(f"/mapping/{enrolled.family.pk}/").content.decode()
    assert "Start kartleggingen" not in page
    response = client.post(
        f"/mapping/{enrolled.family.pk}/", {"occasion": "intake:0", "held_on": "2026-01-01"}
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def _start(client, enrolled, held_on=None):
    held_on = held_on or timezone.localdate() - timedelta(days=98)
    response = client.post(
        f"/mapping/{enrolled.family.pk}/",
        {"occasion": "intake:0", "held_on": held_on.isoformat()},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Assessment.objects.get(occasion="intake")


def test_a_date_before_the_enrolment_is_refused_on_the_form(client, enrolled):
    client.force_login(enrolled.world.coordinator)
    start_on = enrolled.family.enrolments.get().started_on
    response = client.post(
        f"/mapping/{enrolled.family.pk}/",
        {"occasion": "intake:0", "held_on": (start_on - timedelta(days=1)).isoformat()},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "før familien startet i programmet" in body
    assert not Assessment.objects.exists()


def test_filling_in_with_bad_input_keeps_what_was_typed(client, enrolled):
    client.force_login(enrolled.world.coordinator)
    assessment = _start(client, enrolled)
    url = f"/mapping/{enrolled.family.pk}/{assessment.pk}/living-household/family/"
    response = client.post(
        url,
        {
            "answered_by": "with_coordinator",
            "item_moves": "25",
            "item_debt": "2",
            "final": "1",
            "version": "0",  # the version of the response the form was made from: none yet
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Svarene er utenfor skalaen" not in body  # one message, on the item
    assert "Svaret er utenfor skalaen." in body
    assert 'value="25"' in body  # the typed value is still there
    assert 'value="2" checked' in body or 'value="2"\n' in body or "checked" in body
    assert not Response.objects.exists()


def test_fill_complete_and_see_the_progress(client, enrolled):
    client.force_login(enrolled.world.coordinator)
    family = enrolled.family
    assessment = _start(client, enrolled)
    base = f"/mapping/{family.pk}/{assessment.pk}"
    ratings = {f"item_domain__{code}": str(n) for code, n in (("housing", 3), ("economy", 2))}
    response = client.post(
        f"{base}/domain-rating/family/",
        {"answered_by": "self", "final": "1", "version": "0", **ratings},
    )
    assert response.status_code == 302
    who5 = {f"item_{k}": str(v) for k, v in WHO5.items()}
    response = client.post(
        f"{base}/who5/{enrolled.mother.pk}/",
        {"answered_by": "self", "final": "1", "version": "0", **who5},
    )
    assert response.status_code == 302
    page = client.get(f"{base}/").content.decode()
    assert "Råskår (0–25): 15" in page and "Prosentskår (0–100): 60" in page
    assert client.post(f"{base}/").status_code == 302  # complete
    assessment.refresh_from_db()
    assert assessment.is_completed
    progress = client.get(f"/mapping/{family.pk}/").content.decode()
    assert progress.count("<svg") == 2
    assert (
        '<caption id="ratings-caption">Familiens egen vurdering per livsområde (1–10)</caption>'
        in progress
    )
    assert "Bolig" in progress and "<td>3</td>" in progress
    assert "– Bolig: 3</title>" in progress and "– Økonomi: 2</title>" in progress  # points
    family_page = client.get(f"/families/{family.pk}/").content.decode()
    assert "Kartlegging og framgang" in family_page and "<svg" in family_page
    printed = client.get(f"/mapping/{family.pk}/print/")
    assert printed.status_code == 200 and "<svg" in printed.content.decode()
    pdf = client.get(f"/mapping/{family.pk}/print/?format=pdf&lang=en")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(action="print", family_id=family.pk).count() == 2


def test_programme_figures_show_change_and_suppress_small_groups(client, world):
    who5_families(world, 5)
    who5_families(world, 2, unit=world.unit_a2)
    client.force_login(world.team_lead)  # leads unit_a only
    body = client.get("/mapping/figures/?group_by=unit&instrument=who5").content.decode()
    assert "Familiesenteret" in body and "NAV Demo" not in body  # only the lead's unit
    assert "+40" in body  # WHO-5 percent: 40 → 80 for all five
    client.force_login(world.administrator)
    body = client.get("/mapping/figures/?group_by=unit&instrument=who5").content.decode()
    assert "NAV Demo" in body  # the administrator sees the municipality, but
    nav_rows = [row for row in body.split("</tr>") if "NAV Demo" in row]
    assert len(nav_rows) >= 3  # families, timeliness and change rows for the small unit …
    assert all("+40" not in row and ">2<" not in row for row in nav_rows)  # … all suppressed
    assert "rader er skjult fordi gruppene har færre enn 5 familier" in body
    assert AccessLog.objects.filter(object_type="mapping.figures", action="read").count() == 2


def test_programme_figures_download_as_csv_and_excel(client, world):
    who5_families(world, 5)
    client.force_login(world.team_lead)
    response = client.get("/mapping/figures/?format=csv&instrument=all")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    percent = [r for r in rows if "Prosentskår" in r[2]]
    assert percent and percent[0][4] == "5" and float(percent[0][8]) == 40.0
    assert response["Content-Disposition"] == 'attachment; filename="kartlegging-endring.csv"'
    response = client.get("/mapping/figures/?format=xlsx&instrument=who5")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Familier", "I tide", "Endring", "Fordeling"]
    values = [[c.value for c in row] for row in workbook["Endring"].iter_rows()]
    assert any(v[2].startswith("Prosentskår") and v[8] == 40 for v in values[1:])
    families = [[c.value for c in row] for row in workbook["Familier"].iter_rows()]
    assert families == [["Gruppe", "Familier"], ["Demo kommune", 5]]
    timeliness = [[c.value for c in row] for row in workbook["I tide"].iter_rows()]
    assert timeliness[1:] == [
        ["Demo kommune", "Kartlegging ved oppstart", 5, 5, 100],
        ["Demo kommune", "Årskartlegging 1", 5, 5, 100],
    ]
    assert AccessLog.objects.filter(object_type="mapping.figures", action="export").count() == 2


def test_the_distribution_downloads_one_row_per_cell_with_small_cells_empty(client, world):
    ladder = {"thriving": {"now": 8, "future": 9}, "struggling": {"now": 5, "future": 6}}
    ladder["suffering"] = {"now": 2, "future": 3}
    for later, n in (("thriving", 7), ("struggling", 5), ("suffering", 1)):
        for i in range(n):
            answers = {"cantril": (ladder["struggling"], ladder[later])}
            mapped_family(world, f"Familien {later}{i}", answers)
    client.force_login(world.team_lead)
    response = client.get("/mapping/figures/?format=csv&instrument=cantril&table=distribution")
    assert response["Content-Disposition"] == 'attachment; filename="kartlegging-fordeling.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Gruppe", "Skjema", "Skår", "Kartlegging", "Svar", "Familier"]
    year1 = [r[4:] for r in rows[1:] if r[3] == "Årskartlegging 1"]
    # one family suffers: hidden, and the five struggling with it (or it would follow)
    assert year1 == [["Strever", ""], ["Lider", ""], ["Trives", "7"]]
    intake = [r[4:] for r in rows[1:] if r[3] == "Kartlegging ved oppstart"]
    assert intake == [["Strever", "13"]]
    page = client.get("/mapping/figures/?instrument=cantril").content.decode()
    assert "Strever: –; Lider: –; Trives: 7" in page


def test_a_cohort_that_is_not_a_year_gets_a_message_and_is_kept(client, world):
    who5_families(world, 5)
    client.force_login(world.team_lead)
    page = client.get("/mapping/figures/?cohort=20x4").content.decode()
    assert "Inntakskull må være et årstall med fire sifre" in page
    assert 'value="20x4"' in page and 'aria-invalid="true"' in page


@pytest.mark.parametrize("persona", ["coordinator", "partner", "family_member", "researcher"])
def test_programme_figures_are_for_team_leads_and_administrators(client, world, persona):
    client.force_login(world.users()[persona])
    assert client.get("/mapping/figures/").status_code == 403


BROKEN = """key: who5
version: 2
name: {nb: WHO-5, en: WHO-5}
"""


def test_an_administrator_adds_a_version_and_old_answers_keep_theirs(client, enrolled):
    world = enrolled.world
    assessment = services.assessment_start(
        family=enrolled.family,
        by=world.coordinator,
        occasion="intake",
        held_on=timezone.localdate() - timedelta(days=90),
    )
    old = services.response_save(
        assessment=assessment,
        instrument=instrument("who5"),
        member=enrolled.mother,
        answered_by="self",
        answers=WHO5,
        final=True,
        by=world.coordinator,
    )
    client.force_login(world.administrator)
    upload = SimpleUploadedFile("who5.v2.yaml", BROKEN.encode())
    response = client.post("/admin/mapping/instrument/add/", {"file": upload, "active": "on"})
    body = response.content.decode()
    assert response.status_code == 200 and "line" in body
    shipped = instrument("who5").version
    assert Instrument.objects.filter(key="who5").count() == shipped
    text = instrument("who5").definition.replace(
        f"version: {shipped}", f"version: {shipped + 1}", 1
    )
    upload = SimpleUploadedFile(f"who5.v{shipped + 1}.yaml", text.encode())
    response = client.post("/admin/mapping/instrument/add/", {"file": upload, "active": "on"})
    assert response.status_code == 302
    assert instrument("who5").version == shipped + 1
    old.refresh_from_db()
    assert old.instrument.version == shipped  # the answer keeps the version it was given with


def test_programme_figures_start_with_the_domain_rating(client, world):
    who5_families(world, 5)
    client.force_login(world.team_lead)
    body = client.get("/mapping/figures/").content.decode()
    assert '<option value="domain-rating" selected>' in body
    assert "Prosentskår" not in body  # WHO-5 is one choice away
    assert "Prosentskår" in client.get("/mapping/figures/?instrument=all").content.decode()

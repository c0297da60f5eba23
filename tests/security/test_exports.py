"""Formula injection: no download of the product hands a spreadsheet a formula made of what
people typed. Text that starts like a formula is neutralised (CSV: a leading apostrophe;
Excel: a text cell with the quote prefix); numbers, also negative ones, stay numbers."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from familieplan.core.exports import Table, csv_download, table_download
from familieplan.journal import services as journal_services
from familieplan.mapping import figures_tables
from tests.mapping.conftest import WHO5, mapped_family

LINK = '=HYPERLINK("http://x","y")'
PAYLOADS = [LINK, "+1+cmd", "-3+cmd", "@SUM(A1)", "\t=1+1", "\r=1+1", "＝1+1", "＋1", "－1", "＠A"]
#: What a spreadsheet reads as the start of a formula (OWASP "CSV injection", plus the
#: full-width forms that Excel also accepts).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
PACKAGE = Path(__file__).resolve().parents[2] / "familieplan"


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def is_number(text: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", text) is not None


def assert_safe_csv(response, expected_text: set[str]) -> None:
    """No cell starts like a formula unless it is a number; each expected text is there with
    the apostrophe in front."""
    cells = [cell for row in csv_rows(response) for cell in row]
    dangerous = [c for c in cells if c.startswith(FORMULA_STARTS) and not is_number(c)]
    assert dangerous == []
    for text in expected_text:
        assert "'" + text in cells


def assert_safe_workbook(response, expected_text: set[str]) -> None:
    """No formula cell anywhere; text that starts like a formula is a text cell with the quote
    prefix; each expected text is there unchanged."""
    workbook = load_workbook(io.BytesIO(response.content))
    values = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    if cell.value.startswith(FORMULA_STARTS):
                        assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate}"
                values.add(cell.value)
    # XML turns a carriage return into a line feed: the text is the same cell otherwise.
    assert {t.replace("\r", "\n") if isinstance(t, str) else t for t in expected_text} <= values


def test_every_text_that_starts_like_a_formula_is_neutralised_and_numbers_stay_numbers():
    rows = [[payload, -3, 4.5, 0, "vanlig tekst", "3-2", None] for payload in PAYLOADS]
    header = ["Navn", "Tall", "Desimal", "Null", "Tekst", "Bindestrek", "Tom"]
    kwargs = {"name": "x", "header": header, "rows": rows, "sheet_title": "Ark"}
    response = table_download(fmt="csv", **kwargs)
    parsed = csv_rows(response)
    assert [r[0] for r in parsed[1:]] == ["'" + p for p in PAYLOADS]
    assert parsed[1][1:] == ["-3", "4.5", "0", "vanlig tekst", "3-2", ""]
    assert_safe_csv(response, set(PAYLOADS))

    response = table_download(fmt="xlsx", **kwargs)
    assert_safe_workbook(response, set(PAYLOADS))
    sheet = load_workbook(io.BytesIO(response.content)).active
    first = next(sheet.iter_rows(min_row=2, max_row=2))
    assert [c.value for c in first[:6]] == [LINK, -3, 4.5, 0, "vanlig tekst", "3-2"]
    assert [c.data_type for c in first[:6]] == ["s", "n", "n", "n", "s", "s"]
    assert not first[4].quotePrefix  # ordinary text is left as it is


def test_a_header_is_neutralised_too():
    response = csv_download(name="x", table=Table(title="Ark", header=["=1+1"], rows=[]))
    assert csv_rows(response) == [["'=1+1"]]


@pytest.fixture
def hostile_names(shared):
    """The family, the coordinator and the unit named like formulas."""
    world = shared.world
    shared.family.name = LINK
    shared.family.save(update_fields=["name"])
    world.coordinator.first_name, world.coordinator.last_name = "@SUM(1+1)", "-2+3"
    world.coordinator.save(update_fields=["first_name", "last_name"])
    world.unit_a.name = "+cmd|' /C calc'!A0"
    world.unit_a.save(update_fields=["name"])
    return {"family": LINK, "person": "@SUM(1+1) -2+3", "unit": world.unit_a.name}


def figures_families(world):
    """Five families of the hostile unit with WHO-5 and Cantril's ladder at intake and year 1,
    so that every figures table has rows."""
    who5 = (dict.fromkeys(WHO5, 2), dict.fromkeys(WHO5, 4))
    cantril = ({"now": 5, "future": 6}, {"now": 8, "future": 9})
    for i in range(5):
        mapped_family(world, f"Familien Tall{i}", {"who5": who5, "cantril": cantril})


def _time_download(client, shared, fmt):
    journal_services.contact_record(
        family=shared.family,
        by=shared.world.coordinator,
        at=timezone.localtime() - timedelta(hours=2),
        kind="phone",
        minutes=15,
        summary="Telefon.",
    )
    client.force_login(shared.world.team_lead)
    start = (timezone.localdate() - timedelta(days=30)).isoformat()
    query = {"start": start, "end": timezone.localdate().isoformat(), "format": fmt}
    response = client.get("/journal/time/", query)
    assert response.status_code == 200
    return response


def test_the_time_overview_csv_is_safe(client, shared, hostile_names):
    response = _time_download(client, shared, "csv")
    assert_safe_csv(response, {hostile_names["family"], hostile_names["person"]})
    assert csv_rows(response)[1][3] == "15"  # minutes stay a number


def test_the_time_overview_workbook_is_safe(client, shared, hostile_names):
    response = _time_download(client, shared, "xlsx")
    assert_safe_workbook(response, {hostile_names["family"], hostile_names["person"], 15})


@pytest.mark.parametrize("table", figures_tables.DOWNLOADS)
def test_every_figures_table_as_csv_is_safe(client, shared, hostile_names, table):
    figures_families(shared.world)
    client.force_login(shared.world.team_lead)
    response = client.get(
        "/mapping/figures/",
        {"format": "csv", "group_by": "unit", "instrument": "all", "table": table},
    )
    assert response.status_code == 200
    assert_safe_csv(response, {hostile_names["unit"]})


def test_the_figures_workbook_is_safe(client, shared, hostile_names):
    figures_families(shared.world)
    client.force_login(shared.world.team_lead)
    response = client.get(
        "/mapping/figures/", {"format": "xlsx", "group_by": "unit", "instrument": "all"}
    )
    assert response.status_code == 200
    assert_safe_workbook(response, {hostile_names["unit"]})


#: Every module that offers a download, and so is covered by the tests above.
DOWNLOAD_MODULES = {"journal/exports.py", "mapping/figures_views.py"}


def test_every_download_goes_through_core_exports():
    """A module that writes CSV or a workbook itself would skip the neutralisation; a new
    download through core/exports.py needs a test above (and a line in DOWNLOAD_MODULES)."""
    writers, downloads = set(), set()
    for path in PACKAGE.rglob("*.py"):
        name = str(path.relative_to(PACKAGE))
        if name == "core/exports.py" or "/migrations/" in name:
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"\bcsv\.(writer|DictWriter)\b|\bopenpyxl\b|\bxlsxwriter\b", source):
            writers.add(name)
        if re.search(r"\b(table_download|csv_download|workbook_download)\(", source):
            downloads.add(name)
    assert writers == set()
    assert downloads == DOWNLOAD_MODULES

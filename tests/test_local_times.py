"""Times outside templates are Norwegian local time: 10:00 in Oslo is 10:00 in a CSV or Excel
download, in winter and in summer (text in CSV, a real date and time without a zone, which
Excel cannot hold, in a workbook), and in the names records have in the admin and in choices."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from familieplan.core.exports import table_download

WINTER = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)
SUMMER = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)


def _download(fmt):
    return table_download(
        name="t", fmt=fmt, header=["Når"], rows=[[WINTER], [SUMMER]], sheet_title="Tider"
    )


def test_csv_has_local_times():
    body = _download("csv").content.decode("utf-8-sig")
    assert body.splitlines()[1:] == ["2026-12-09 10:00", "2026-06-10 10:00"]


def test_a_workbook_has_real_local_times():
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(_download("xlsx").content)).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [
        datetime(2026, 12, 9, 10, 0),
        datetime(2026, 6, 10, 10, 0),
    ]
    assert sheet["A2"].number_format == "dd.mm.yyyy hh:mm"


def test_a_time_without_a_zone_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        table_download(
            name="t", fmt="csv", header=["Når"], rows=[[datetime(2026, 1, 1)]], sheet_title="T"
        )


def test_records_are_named_with_their_local_time():
    from familieplan.core.models import AccessLog
    from familieplan.journal.models import Contact

    contact = Contact(at=WINTER, kind="phone")
    assert str(contact).endswith("09.12.2026 10:00")
    entry = AccessLog(at=SUMMER, username="u", action="read", object_type="families.family")
    assert str(entry).startswith("2026-06-10 10:00")

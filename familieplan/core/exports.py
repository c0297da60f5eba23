"""Tables as downloads: CSV (semicolon-separated, UTF-8 with a BOM, as Norwegian Excel opens
it) and Excel workbooks (openpyxl) of one or more sheets, with numbers kept as numbers.

Every text cell is made safe against formula injection here, for every download: a spreadsheet
treats text that starts with = + - @ (or their full-width forms, a tab or a carriage return) as
a formula, so a family named `=HYPERLINK(...)` would become a link or a command on the
reader's machine. In CSV such text gets a leading apostrophe (OWASP); in a workbook the cell is
stored as text with Excel's quote prefix, so it stays text even when edited. Numbers (also
negative ones) stay numbers. Views never write CSV or workbooks themselves
(tests/security/test_exports.py checks that).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpResponse

from familieplan.lib.times import spreadsheet_local

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: What makes a spreadsheet read a text cell as a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


@dataclass(frozen=True)
class Table:
    """One table: a CSV file, or one sheet of a workbook (`title` is the sheet's name)."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence]
    widths: Sequence[int] = ()


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """The value as a CSV cell: text a spreadsheet would run gets a leading apostrophe; a
    time is Norwegian local time (`2026-12-09 10:00`, which spreadsheets read as a time)."""
    if isinstance(value, datetime):
        return f"{spreadsheet_local(value):%Y-%m-%d %H:%M}"
    return "'" + value if looks_like_formula(value) else value


def table_download(
    *,
    name: str,
    fmt: str,
    header: Sequence[str],
    rows: Sequence[Sequence],
    sheet_title: str,
    widths: Sequence[int] = (),
) -> HttpResponse:
    """`fmt` is "csv" or "xlsx"; `name` the file name without extension."""
    table = Table(title=sheet_title, header=header, rows=rows, widths=widths)
    if fmt == "csv":
        return csv_download(name=name, table=table)
    return workbook_download(name=name, tables=[table])


def _csv_row(row: Iterable) -> list:
    return [csv_cell(value) for value in row]


def csv_download(*, name: str, table: Table) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_csv_row(table.header))
    writer.writerows(_csv_row(row) for row in table.rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _cell(sheet, value):
    """One cell; text is always a text cell (openpyxl would store "=…" as a formula), and text
    that looks like a formula also carries the quote prefix, so it stays text when edited."""
    from openpyxl.cell import Cell

    if isinstance(value, datetime):
        # A real date and time in the workbook, in Norwegian local time (Excel has no zones).
        cell = Cell(sheet, value=spreadsheet_local(value))
        cell.number_format = "dd.mm.yyyy hh:mm"
        return cell
    cell = Cell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def _append(sheet, row: Iterable) -> None:
    sheet.append([_cell(sheet, value) for value in row])


def workbook_download(*, name: str, tables: Sequence[Table]) -> HttpResponse:
    """One workbook with a sheet per table, in the order given."""
    from openpyxl import Workbook  # only the Excel downloads need it
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])
        _append(sheet, table.header)
        for row in table.rows:
            _append(sheet, row)
        for index, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response

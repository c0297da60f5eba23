"""Tables as downloads: CSV (semicolon-separated, UTF-8 with a BOM, as Norwegian Excel opens
it) and Excel workbooks (openpyxl) of one or more sheets, with numbers kept as numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Table:
    """One table: a CSV file, or one sheet of a workbook (`title` is the sheet's name)."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence]
    widths: Sequence[int] = ()


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


def csv_download(*, name: str, table: Table) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def workbook_download(*, name: str, tables: Sequence[Table]) -> HttpResponse:
    """One workbook with a sheet per table, in the order given."""
    from openpyxl import Workbook  # only the Excel downloads need it
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.append(list(table.header))
        for row in table.rows:
            sheet.append(list(row))
        for index, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response

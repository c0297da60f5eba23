"""Tables as downloads: CSV (semicolon-separated, UTF-8 with a BOM, as Norwegian Excel opens
it) and Excel workbooks (openpyxl), with numbers kept as numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook  # only the Excel downloads need it
        from openpyxl.utils import get_column_letter

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = sheet_title[:31]
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        fmt = "xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response

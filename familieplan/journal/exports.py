"""The time overview as CSV (semicolon-separated, UTF-8 with BOM, as Norwegian Excel opens it)
and as an Excel workbook (openpyxl): the same rows, minutes as numbers, a total row."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from familieplan.journal.time_overview import Report


def _header() -> list[str]:
    return [
        _("Familie"),
        _("Måned"),
        _("Ansatt"),
        _("Minutter i kontakt"),
        _("Minutter annet"),
        _("Minutter totalt"),
    ]


def _rows(report: Report) -> list[list]:
    return [
        [
            line.family,
            f"{line.month:%Y-%m}",
            line.person,
            line.contact_minutes,
            line.other_minutes,
            line.total,
        ]
        for line in report.lines
    ]


def _total_row(report: Report) -> list:
    return [
        _("Totalt"),
        "",
        "",
        sum(line.contact_minutes for line in report.lines),
        sum(line.other_minutes for line in report.lines),
        report.total,
    ]


def time_export(report: Report, *, fmt: str) -> HttpResponse:
    name = f"tidsbruk-{report.start:%Y%m%d}-{report.end:%Y%m%d}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(_header())
        writer.writerows(_rows(report))
        writer.writerow(_total_row(report))
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    from openpyxl import Workbook  # only this export needs it

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tidsbruk")[:31]
    sheet.append(_header())
    for row in _rows(report):
        sheet.append(row)
    sheet.append(_total_row(report))
    for column, width in zip("ABCDEF", (30, 10, 25, 18, 16, 16), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response

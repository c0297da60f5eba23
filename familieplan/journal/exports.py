"""The time overview as CSV and Excel (core/exports.py): the same rows, minutes as numbers, a
total row."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from familieplan.core.exports import table_download
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
    return table_download(
        name=f"tidsbruk-{report.start:%Y%m%d}-{report.end:%Y%m%d}",
        fmt=fmt,
        header=_header(),
        rows=[*_rows(report), _total_row(report)],
        sheet_title=_("Tidsbruk"),
        widths=(30, 10, 25, 18, 16, 16),
    )

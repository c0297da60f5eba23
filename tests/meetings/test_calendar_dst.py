"""The week the clocks go forward (Sunday 29 March 2026, 02:00 → 03:00 in Europe/Oslo): the
hour that does not exist offers no new meeting (it would be the 03:00 slot twice)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from familieplan.meetings import calendar_layout as cal

SPRING_SUNDAY = date(2026, 3, 29)


def test_the_skipped_hour_is_no_slot():
    # A meeting at 01:00 that night widens the grid to the small hours.
    start = timezone.make_aware(datetime.combine(SPRING_SUNDAY, time(1)))
    entry = cal.Entry(
        start=timezone.localtime(start),
        end=timezone.localtime(start),
        title="Møte",
        family="Familien Test",
        url="/m/",
    )
    now = timezone.make_aware(datetime(2026, 3, 1, 8))
    shown = cal.layout(cal.WEEK, SPRING_SUNDAY, [entry], now=now, new_url=lambda at: at.isoformat())
    sunday = {
        row.hour: cell for row in shown.hours for cell in row.cells if cell.day == SPRING_SUNDAY
    }
    assert sunday[2].new_url == ""
    assert sunday[3].new_url.startswith("2026-03-29T03:00")
    assert sunday[1].entries == (entry,)

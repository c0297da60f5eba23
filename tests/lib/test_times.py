"""Times for people: local Norwegian time in winter and summer, in each family language's
format; ISO 8601 with the offset for machines; naive datetimes refused."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familieplan.lib import times

WINTER = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)  # 10:00 in Oslo (+01:00)
SUMMER = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)  # 10:00 in Oslo (+02:00)


@pytest.mark.parametrize(
    ("language", "winter", "summer"),
    [
        ("nb", "09.12.2026 10.00", "10.06.2026 10.00"),
        ("nn", "09.12.2026 10.00", "10.06.2026 10.00"),
        ("en", "9 Dec 2026, 10:00", "10 Jun 2026, 10:00"),
        ("ar", "09/12/2026 10:00", "10/06/2026 10:00"),
        ("so", "09/12/2026 10:00", "10/06/2026 10:00"),
        ("pl", "09.12.2026 10:00", "10.06.2026 10:00"),
        ("uk", "09.12.2026 10:00", "10.06.2026 10:00"),
        ("ti", "09/12/2026 10:00", "10/06/2026 10:00"),
        ("de", "09.12.2026 10.00", "10.06.2026 10.00"),  # unknown: bokmål
        (None, "09.12.2026 10.00", "10.06.2026 10.00"),
    ],
)
def test_a_ten_oclock_meeting_reads_ten_oclock_in_every_language(language, winter, summer):
    assert times.person_datetime(WINTER, language) == winter
    assert times.person_datetime(SUMMER, language) == summer


def test_iso_for_machines_is_local_with_the_offset():
    assert times.iso_local(WINTER) == "2026-12-09T10:00:00+01:00"
    assert times.iso_local(SUMMER) == "2026-06-10T10:00:00+02:00"
    assert times.iso_local(None) is None


def test_dates_and_spans():
    late = datetime(2026, 12, 9, 23, 30, tzinfo=UTC)  # already 10 December in Oslo
    assert times.person_date(late, "nb") == "10.12.2026"
    assert times.person_date(date(2026, 12, 9), "en") == "9 Dec 2026"
    assert times.person_date(None, "nb") == ""
    end = WINTER + timedelta(hours=1, minutes=30)
    assert times.person_span(WINTER, end, "nb") == "09.12.2026 10.00–11.30"
    assert times.person_span(WINTER, WINTER + timedelta(days=1), "en") == (
        "9 Dec 2026, 10:00–10 Dec 2026, 10:00"
    )
    assert times.spreadsheet_local(SUMMER) == datetime(2026, 6, 10, 10, 0)


def test_a_naive_datetime_is_refused_not_guessed():
    with pytest.raises(ValueError, match="timezone-aware"):
        times.person_datetime(datetime(2026, 12, 9, 10, 0), "nb")


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_the_text_is_the_local_wall_clock(moment):
    aware = moment.replace(tzinfo=UTC)
    wall = aware.astimezone(times.OSLO)
    assert times.person_time(aware, "nb") == f"{wall.hour:02}.{wall.minute:02}"
    assert datetime.fromisoformat(times.iso_local(aware)) == aware.replace(microsecond=0)

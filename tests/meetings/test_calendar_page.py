"""The calendar page through HTTP: whose meetings the week, month and list show (a colleague's
family, another unit and another municipality never; a team lead's team always), bad query
values, empty slots that lead to a new meeting, and the schedule form with the start filled in."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familieplan.core.models import AccessLog
from familieplan.core.roles import Role
from familieplan.families.access import can_write_family
from familieplan.families.models import Family
from familieplan.meetings.agenda import writable_families
from familieplan.meetings.calendar_layout import monday_of
from tests.factories import make_family, make_user
from tests.meetings.calendar_world import build, detail_url, make_meeting

URL = "/meetings/calendar/"


@pytest.fixture
def cw(world):
    return build(world)


def page(client, user, **query) -> str:
    client.force_login(user)
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def shown(html: str, *meetings) -> list[bool]:
    return [detail_url(m) in html for m in meetings]


def test_the_coordinators_week_holds_their_own_and_nothing_else(client, cw):
    html = page(client, cw.world.coordinator, date=cw.monday.isoformat(), view="week")
    assert shown(html, cw.own, cw.co, cw.taking_part, cw.cancelled) == [True] * 4
    assert shown(html, cw.colleagues, cw.other_unit, cw.other_municipality) == [False] * 3
    assert "Familien Hansen" in html and "Familien Olsen" not in html
    assert "Familien Berg" not in html
    # The kind and the family name, at the local time, in the Tuesday 10:00 row.
    assert "10:00–11:00</span> Samarbeidsmøte / ansvarsgruppe · Familien Hansen" in html


def test_the_team_leads_week_holds_the_teams_meetings(client, cw):
    html = page(client, cw.world.team_lead, date=cw.monday.isoformat())
    assert shown(html, cw.own, cw.co, cw.taking_part, cw.colleagues) == [True] * 4
    assert shown(html, cw.other_unit, cw.other_municipality) == [False, False]
    assert "Teamets møter" in html and 'name="coordinator"' in html


def test_the_lead_filters_by_one_coordinator(client, cw):
    colleague = cw.world.colleague
    html = page(client, cw.world.team_lead, date=cw.monday.isoformat(), coordinator=colleague.pk)
    # The colleague coordinates Ali and Dahl; Hansen is the coordinator's.
    assert shown(html, cw.taking_part, cw.colleagues, cw.co) == [True] * 3
    assert shown(html, cw.own, cw.cancelled) == [False, False]
    assert f'value="{colleague.pk}" selected' in html


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "0"])
def test_a_coordinator_outside_the_team_or_no_id_filters_nothing(client, cw, value):
    outsider = str(cw.world.coordinator_b.pk) if value == "0" else value
    html = page(client, cw.world.team_lead, date=cw.monday.isoformat(), coordinator=outsider)
    assert shown(html, cw.own, cw.colleagues) == [True, True]
    assert detail_url(cw.other_municipality) not in html


def test_cancelled_meetings_are_struck_through(client, cw):
    html = page(client, cw.world.coordinator, date=cw.monday.isoformat(), view="list")
    assert "<s>Samarbeidsmøte / ansvarsgruppe · Familien Hansen</s> (avlyst)" in html


def test_the_month_holds_the_weeks_of_the_month(client, cw, world):
    later = make_meeting(
        world.family_a, day=cw.monday + timedelta(days=35), hour=9, by=world.coordinator
    )
    client.force_login(world.coordinator)
    month = client.get(URL, {"view": "month", "date": later.starts_at.date().isoformat()})
    week = client.get(URL, {"view": "week", "date": cw.monday.isoformat()})
    html = month.content.decode()
    assert detail_url(later) in html and detail_url(later) not in week.content.decode()
    assert 'class="cal-grid cal-month"' in html
    assert html.count("<tr>") >= 5  # the header and at least four weeks
    assert detail_url(cw.other_municipality) not in html


def test_the_list_is_an_agenda_by_day(client, cw):
    html = page(client, cw.world.coordinator, date=cw.monday.isoformat(), view="list")
    assert html.count('class="cal-day') == 7
    assert "Ingen møter." in html  # Monday and the weekend
    tuesday = html.index("Tirsdag")
    assert tuesday < html.index(detail_url(cw.own)) < html.index("Onsdag")


def test_without_a_view_the_week_and_its_list_are_both_there_for_the_css(client, cw):
    html = page(client, cw.world.coordinator, date=cw.monday.isoformat())
    assert 'class="cal-wide"' in html and 'class="cal-narrow"' in html
    assert html.count(detail_url(cw.own)) == 2


def test_today_is_marked(client, cw):
    html = page(client, cw.world.coordinator)
    assert 'aria-current="date"' in html
    # Today's column, and only today's, carries the mark (the menu's "I dag" is not it).
    assert html.count('class="cal-today-mark"') == 2  # the week's head and the phone's list
    assert f"{timezone.localdate():%-d.%-m.}" in html


@pytest.mark.parametrize(
    "query",
    [
        {"date": "2026-13-45"},
        {"date": "x" * 500},
        {"date": "0001-01-01"},
        {"view": "year"},
        {"view": "<script>", "date": "2026-02-30"},
        {"coordinator": "1 OR 1=1"},
    ],
)
def test_bad_query_values_fall_back_to_this_week(client, world, query):
    html = page(client, world.team_lead, **query)
    week = timezone.localdate().isocalendar().week
    assert f"Uke {week}:" in html


def test_empty_slots_ahead_link_to_a_new_meeting_and_past_ones_do_not(client, cw):
    html = page(client, cw.world.coordinator, date=cw.monday.isoformat(), view="week")
    slot = f"/meetings/calendar/new/?start={cw.monday.isoformat()}T08%3A00"
    assert f'href="{slot}"' in html
    month = page(client, cw.world.coordinator, date=cw.monday.isoformat(), view="month")
    assert f"/meetings/calendar/new/?start={cw.monday.isoformat()}T09%3A00" in month
    tuesday, friday = cw.monday + timedelta(days=1), cw.monday + timedelta(days=4)
    assert f"?start={tuesday.isoformat()}T10%3A00" not in html  # taken by Hansen's meeting
    assert f"?start={friday.isoformat()}T12%3A00" in html  # only a cancelled one there
    last_week = cw.monday - timedelta(days=14)
    past = page(client, cw.world.coordinator, date=last_week.isoformat(), view="week")
    assert "/meetings/calendar/new/" not in past


def test_the_page_logs_each_family_shown_once(client, cw):
    page(client, cw.world.coordinator, date=cw.monday.isoformat())
    logged = AccessLog.objects.filter(object_type="meetings.calendar")
    assert sorted(str(f) for f in logged.values_list("family_id", flat=True)) == sorted(
        str(f.pk) for f in (cw.world.family_a, cw.dahl, cw.world.family_a_colleague)
    )


def _queries(client, user, day) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"date": day.isoformat(), "view": "month"}).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_families_or_meetings(client, cw, world):
    before = {u: _queries(client, u, cw.monday) for u in (world.coordinator, world.team_lead)}
    for n in range(15):
        family = make_family(
            unit=world.unit_a, name=f"Familien Ny {n}", coordinator=world.coordinator
        )
        for days in (0, 2, 9):
            make_meeting(
                family, day=cw.monday + timedelta(days=days), hour=8 + n % 8, by=world.coordinator
            )
    after = {u: _queries(client, u, cw.monday) for u in (world.coordinator, world.team_lead)}
    assert after == before


@pytest.mark.parametrize("persona", ["partner", "researcher", "privacy_officer", "family_member"])
def test_only_coordinators_and_team_leads_have_a_calendar(client, world, persona):
    client.force_login(world.users()[persona])
    assert client.get(URL).status_code == 403
    assert client.get("/meetings/calendar/new/").status_code == 403


def test_the_menu_offers_the_calendar_to_case_staff(client, world):
    assert ">Kalender</a>" in page(client, world.coordinator)
    client.force_login(world.partner)
    assert ">Kalender</a>" not in client.get("/").content.decode()


# -- A new meeting from an empty slot --------------------------------------------------------


def slot_page(client, user, **query):
    client.force_login(user)
    return client.get("/meetings/calendar/new/", query)


def main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def future_slot() -> str:
    day = monday_of(timezone.localdate()) + timedelta(days=8)
    return f"{day.isoformat()}T10:00"


def test_a_slot_in_the_past_gives_a_message_and_no_form(client, world):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = slot_page(client, world.coordinator, start=f"{yesterday.isoformat()}T10:00")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tidspunktet har passert" in html
    assert "<select" not in main(html) and "<form" not in main(html)


@pytest.mark.parametrize("start", ["", "tomorrow", "2026-13-45T10:00", "x" * 200])
def test_a_slot_that_is_no_time_gives_a_message(client, world, start):
    html = slot_page(client, world.coordinator, start=start).content.decode()
    assert "Velg et ledig tidspunkt i kalenderen." in html and "<select" not in main(html)


def _options(html: str) -> set[str]:
    return set(re.findall(r'<option value="([0-9a-f-]{36})"', html))


def test_the_slot_offers_the_families_the_user_may_change(client, cw, world):
    html = slot_page(client, world.coordinator, start=future_slot()).content.decode()
    assert _options(html) == {str(world.family_a.pk), str(cw.dahl.pk)}
    lead = slot_page(client, world.team_lead, start=future_slot()).content.decode()
    assert _options(lead) == {
        str(f.pk) for f in (world.family_a, world.family_a_colleague, cw.dahl)
    }
    assert "Familien Hansen (Familiesenteret, Test Bruker)" in html


def test_the_choice_agrees_with_who_may_change_a_family(cw, world):
    for user in (world.coordinator, world.colleague, world.team_lead, world.coordinator_b):
        listed = set(writable_families(user))
        allowed = {f for f in Family.objects.visible_to(user) if can_write_family(user, f)}
        assert listed == allowed, user
    lead = make_user(role=Role.TEAM_LEAD, municipality=world.muni_a)  # the whole municipality
    assert set(writable_families(lead)) == set(Family.objects.filter(municipality=world.muni_a))


def test_choosing_the_family_goes_to_its_schedule_form_with_the_start(client, world):
    start = future_slot()
    response = slot_page(client, world.coordinator, start=start, family=str(world.family_a.pk))
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/meetings/{world.family_a.pk}/new/?start={start.replace(':', '%3A')}"
    )
    form = client.get(response["Location"]).content.decode()
    day = start[:10]
    assert f'value="{day}"' in form or f'value="{day[8:10]}.{day[5:7]}.{day[:4]}"' in form
    assert 'name="start_time" value="10:00"' in form and 'name="end_time" value="11:00"' in form


@pytest.mark.parametrize("family", ["colleague", "other_municipality", "nonsense", ""])
def test_a_family_the_user_may_not_change_is_refused_in_the_form(client, world, family):
    value = {
        "colleague": str(world.family_a_colleague.pk),
        "other_municipality": str(world.family_b.pk),
        "nonsense": "' OR 1=1",
        "": "",
    }[family]
    response = slot_page(client, world.coordinator, start=future_slot(), family=value)
    html = response.content.decode()
    assert response.status_code == 200 and "ds-error-summary" in html
    assert "Familien Olsen" not in html and "Familien Ali" not in html


def test_the_slot_page_finds_families_by_name(client, world):
    html = slot_page(client, world.team_lead, start=future_slot(), q="Ali").content.decode()
    assert _options(html) == {str(world.family_a_colleague.pk)}


@pytest.mark.parametrize("start", ["nonsense", "2026-02-30T10:00", ""])
def test_the_schedule_form_ignores_a_start_that_is_no_time(client, world, start):
    client.force_login(world.coordinator)
    response = client.get(f"/meetings/{world.family_a.pk}/new/", {"start": start})
    assert response.status_code == 200
    assert 'name="start_time" value=' not in response.content.decode()


@pytest.mark.django_db
def test_the_demo_coordinators_have_meetings_this_week_and_next(client):
    from django.core.management import call_command

    from familieplan.accounts.models import User

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (as `make demo`)
    monday = monday_of(timezone.localdate())
    for username in ("koordinator", "koordinator2", "koordinator-b"):
        client.force_login(User.objects.get(username=username))
        for day in (monday, monday + timedelta(days=7)):
            html = client.get(URL, {"view": "list", "date": day.isoformat()}).content.decode()
            assert 'class="cal-event"' in html, (username, day)

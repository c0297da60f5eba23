"""Attacks on the coordinator's day (issue 16) from outside: another municipality's or another
unit's ids on every new page and button, roles that have no day, forged hand-overs, the calendar
feed's secret address, and the privacy officer's name search.

What must hold: an id the reader may not see is a 404 (logged like every refusal), nothing is
changed or half-saved, a role without a case gets a 403, the feed shows only «Møte», times and a
link, and a name search never reaches beyond the officer's own municipalities."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from familieplan.core.models import AccessLog
from familieplan.core.roles import Role
from familieplan.families import services as family_services
from familieplan.families.models import CoordinatorAssignment, Enrolment, Family
from familieplan.meetings.models import CalendarFeed, Participant
from familieplan.notifications.models import Notification
from familieplan.workday.models import SeenMark
from tests.factories import make_family, make_member, make_user
from tests.meetings.calendar_world import build, detail_url, make_meeting, take_part

REASON = "Omfordeling i teamet."


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refused_lookups(family) -> int:
    return AccessLog.objects.filter(family_id=family.pk, outcome="not_found").count()


def notification(family, recipient) -> Notification:
    return Notification.objects.create(
        municipality=family.municipality,
        recipient=recipient,
        family=family,
        kind=Notification.Kind.FAMILY_PROPOSAL,
        url=f"/families/{family.pk}/",
    )


# -- Roles that have no day -------------------------------------------------------------


NO_DAY = ["partner", "family_member", "youth", "researcher", "administrator", "privacy_officer"]


def persona(world, portal, name):
    return portal.youth_user if name == "youth" else getattr(world, name)


@pytest.mark.parametrize("name", NO_DAY)
def test_roles_without_a_case_see_no_day_no_calendar_and_no_notifications(world, portal, name):
    family = world.family_a
    meeting = make_meeting(
        family, day=timezone.localdate() + timedelta(days=1), hour=10, by=world.coordinator
    )
    mine = notification(family, world.coordinator)
    client = login(persona(world, portal, name))
    body = client.get("/", follow=True).content.decode()  # their own start (or none)
    assert 'id="today-heading"' not in body
    assert "/notifications/" not in body  # no bell
    slot = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    for path in (
        "/day/team/",
        f"/day/team/{world.coordinator.pk}/",
        "/meetings/calendar/",
        "/meetings/calendar/?view=month",
        "/meetings/calendar/?view=list",
        f"/meetings/calendar/new/?start={slot}",
        "/meetings/calendar/feed/",
        "/notifications/",
        "/notifications/email/",
    ):
        assert client.get(path).status_code == 403, path
    for path in (
        "/day/seen/",
        "/day/seen/undo/",
        "/meetings/calendar/feed/new/",
        "/notifications/read/",
        f"/notifications/{mine.pk}/read/",
        f"/notifications/{mine.pk}/open/",
        f"/notifications/families/{family.pk}/read/",
    ):
        data = {"kind": "meeting", "object_id": meeting.pk, "day": ""}
        assert client.post(path, data).status_code == 403, path
    assert client.get("/day/").status_code == 404  # the day is the start page, not a page
    mine.refresh_from_db()
    assert mine.read_at is None
    assert not SeenMark.objects.exists() and not CalendarFeed.objects.exists()


def test_a_youths_comment_reaches_the_coordinators_never_the_parent(client, portal):
    shared = portal.shared
    client.force_login(portal.youth_user)
    url = f"/family/plan/measures/{shared.youth_measure.pk}/comment/"
    assert client.post(url, {"text": "Jeg vil bytte skole."}).status_code == 302
    told = Notification.objects.filter(family=shared.family)
    assert told.exists()
    assert set(told.values_list("recipient__username", flat=True)) == {"koordinator"}
    parent = login(portal.mother_user)
    assert parent.get("/notifications/").status_code == 403
    assert "bytte skole" not in parent.get("/", follow=True).content.decode()


# -- The "Sett" and "Angre" buttons -------------------------------------------------------


@pytest.mark.parametrize("where", ["family_b", "family_a_other_unit"])
@pytest.mark.parametrize("button", ["/day/seen/", "/day/seen/undo/"])
def test_seen_buttons_on_another_municipalitys_or_units_meeting_are_404(world, where, button):
    family = getattr(world, where)
    meeting = make_meeting(family, day=timezone.localdate(), hour=22, by=world.coordinator_b)
    for user in (world.coordinator, world.team_lead):
        response = login(user).post(button, {"kind": "meeting", "object_id": meeting.pk})
        assert response.status_code == 404
    assert not SeenMark.objects.exists()
    assert refused_lookups(family) == 2
    # The refusal is logged where the owner's privacy officer reads it.
    assert set(
        AccessLog.objects.filter(family_id=family.pk).values_list("municipality_id", flat=True)
    ) == {family.municipality_id}


# -- Notifications ----------------------------------------------------------------------


def test_notifications_of_another_person_or_municipality_never_show_open_or_mark(world):
    theirs = notification(world.family_b, world.coordinator_b)
    colleague = notification(world.family_a_colleague, world.colleague)
    # A row addressed to the coordinator about a family they cannot see (moved away).
    moved = notification(world.family_b, world.coordinator)
    client = login(world.coordinator)
    body = client.get("/notifications/").content.decode()
    assert "Familien Olsen" not in body and "Familien Ali" not in body
    for row in (theirs, colleague, moved):
        for action in ("read", "open"):
            assert client.post(f"/notifications/{row.pk}/{action}/").status_code == 404
    assert client.post(f"/notifications/{uuid.uuid4()}/read/").status_code == 404
    assert client.post(f"/notifications/families/{world.family_b.pk}/read/").status_code == 404
    assert client.post("/notifications/read/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=False).exists()
    assert refused_lookups(world.family_b) == 1
    # Nor does the lead of unit A see another unit's or municipality's rows.
    lead = login(world.team_lead)
    assert lead.post(f"/notifications/families/{world.family_b.pk}/read/").status_code == 404
    assert (
        lead.post(f"/notifications/families/{world.family_a_other_unit.pk}/read/").status_code
        == 404
    )


# -- The calendar -----------------------------------------------------------------------


@pytest.mark.parametrize("view", ["", "week", "month", "list"])
def test_the_leads_calendar_never_reaches_another_municipality_or_unit(world, view):
    cw = build(world)
    lead = login(world.team_lead)
    nav = make_user(username="nav-koord", role=Role.COORDINATOR, unit=world.unit_a2)
    Family.objects.filter(pk=world.family_a_other_unit.pk).update(coordinator=nav)
    for outsider in (world.coordinator_b, nav):
        query = f"?date={cw.monday}&coordinator={outsider.pk}" + (f"&view={view}" if view else "")
        response = lead.get("/meetings/calendar/" + query)
        assert response.status_code == 200
        body = response.content.decode()
        for hidden in ("Familien Olsen", "Familien Berg", detail_url(cw.other_municipality)):
            assert hidden not in body
        assert detail_url(cw.other_unit) not in body
        assert f'value="{outsider.pk}" selected' not in body
        assert "Fant ikke koordinatoren i teamet ditt. Viser hele teamet." in body
    # A coordinator's own calendar ignores the lead's filter altogether.
    mine = login(world.coordinator).get(
        f"/meetings/calendar/?date={cw.monday}&coordinator={world.colleague.pk}"
    )
    assert detail_url(cw.colleagues) not in mine.content.decode()
    assert detail_url(cw.own) in mine.content.decode()


def test_a_new_meeting_from_a_slot_never_offers_or_takes_anothers_family(world):
    ahead = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    client = login(world.coordinator)
    page = client.get(f"/meetings/calendar/new/?start={ahead}")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Familien Hansen" in body
    for hidden in ("Familien Olsen", "Familien Berg", "Familien Ali"):
        assert hidden not in body
    for family in (world.family_b, world.family_a_other_unit, world.family_a_colleague):
        response = client.get(f"/meetings/calendar/new/?start={ahead}&family={family.pk}")
        assert response.status_code == 200  # the form again, with its error
        assert "meetings/" not in response.get("Location", "")
    # The search cannot reach them either.
    assert (
        "Familien Olsen"
        not in client.get(f"/meetings/calendar/new/?start={ahead}&q=Olsen").content.decode()
    )
    # Nor the schedule form behind it.
    assert client.get(f"/meetings/{world.family_b.pk}/new/?start={ahead}").status_code == 404


@pytest.mark.parametrize(
    "start",
    ["2020-01-01T10:00", "{yesterday}T10:00", "{today}T00:00", "{today}"],
)
def test_a_slot_in_the_past_says_so_and_offers_no_form(world, start):
    today = timezone.localdate()
    start = start.format(today=today, yesterday=today - timedelta(days=1))
    client = login(world.coordinator)
    response = client.get(f"/meetings/calendar/new/?start={start}&family={world.family_a.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tidspunktet har passert" in body
    assert 'name="family"' not in body


@pytest.mark.parametrize(
    "start", ["", "x", "9999-99-99T99:99", "0001-01-01T00:00", "99999-01-01", "2026-13-01"]
)
def test_a_slot_that_is_no_time_says_so(world, start):
    response = login(world.coordinator).get(f"/meetings/calendar/new/?start={start}")
    assert response.status_code == 200
    assert "Velg et ledig tidspunkt i kalenderen." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "date=0001-01-01&view=month",
        "date=9999-12-31&view=month",
        "date=9999-12-31",
        "coordinator=99999999999999999999999",
        "coordinator=-1",
        "view=<script>",
        "date[]=1",
    ],
)
def test_odd_calendar_addresses_fall_back_and_never_fail(world, query):
    for user in (world.coordinator, world.team_lead):
        assert login(user).get("/meetings/calendar/?" + query).status_code == 200


# -- The team page and the bulk hand-over -------------------------------------------------


def enrolled(unit, name, coordinator, lead) -> Family:
    family = make_family(unit=unit, name=name)
    make_member(family=family, first_name="Amina")
    Enrolment.objects.create(
        municipality=family.municipality,
        family=family,
        status="active",
        started_on=date(2025, 3, 1),
    )
    Family.objects.filter(pk=family.pk).update(stage="active")
    family.refresh_from_db()
    family_services.family_assign_coordinator(
        family=family, coordinator=coordinator, kind="primary", by=lead, on=date(2025, 3, 1)
    )
    family.refresh_from_db()
    return family


def handover_page(client, coordinator) -> tuple[str, dict[str, str]]:
    body = client.get(f"/day/team/{coordinator.pk}/").content.decode()
    token = re.search(r'name="submit_token" value="([^"]+)"', body).group(1)
    values = re.findall(r'name="families" value="([^"]+)" id="(id_families_\d+)"', body)
    labels = dict(re.findall(r'<label for="(id_families_\d+)">([^<]+)</label>', body))
    return token, {labels[key]: value for value, key in values}


@pytest.fixture
def caseload(world):
    return [
        enrolled(world.unit_a, f"Familien K{i}", world.coordinator, world.team_lead)
        for i in range(3)
    ]


def assert_nothing_handed_over(families):
    for family in families:
        stored = Family.objects.get(pk=family.pk)
        assert (stored.coordinator_id, stored.version) == (family.coordinator_id, family.version)
        assert not CoordinatorAssignment.objects.filter(family=family, note=REASON).exists()
    assert not Notification.objects.filter(kind=Notification.Kind.HANDOVER).exists()
    assert not AccessLog.objects.filter(
        action="change", outcome="allowed", object_type="families.family"
    ).exists()


def forged(family: Family) -> str:
    return f"{family.pk}:{family.version}"


@pytest.mark.parametrize("where", ["family_b", "family_a_other_unit", "family_a_colleague"])
def test_a_forged_family_in_the_hand_over_hands_over_nothing(world, caseload, where):
    """Another municipality's or unit's family mixed into the ticked ones is a 404; a family
    of the lead's own unit that is not this coordinator's is named and refused. Either way
    nothing is handed over, not even the genuine ones."""
    client = login(world.team_lead)
    token, values = handover_page(client, world.coordinator)
    intruder = getattr(world, where)
    data = {
        "submit_token": token,
        "families": [values["Familien K0"], forged(intruder), values["Familien K2"]],
        "to": str(world.colleague.pk),
        "reason": REASON,
    }
    response = client.post(f"/day/team/{world.coordinator.pk}/", data)
    if where == "family_a_colleague":
        assert response.status_code == 200
        assert "Familien Ali er endret mens du så på siden" in response.content.decode()
    else:
        assert response.status_code == 404
        assert refused_lookups(intruder) == 1
    assert_nothing_handed_over([*caseload, intruder])
    # The page for another unit's or municipality's coordinator does not open either.
    assert client.get(f"/day/team/{world.coordinator_b.pk}/").status_code == 404
    assert client.post(f"/day/team/{world.coordinator_b.pk}/", data).status_code == 404


def test_a_target_outside_the_unit_or_municipality_is_refused_with_a_message(world, caseload):
    nav = make_user(username="nav-koord", role=Role.COORDINATOR, unit=world.unit_a2)
    partner = world.partner
    client = login(world.team_lead)
    token, values = handover_page(client, world.coordinator)
    for target in (world.coordinator_b, nav, partner, world.team_lead, world.coordinator):
        response = client.post(
            f"/day/team/{world.coordinator.pk}/",
            {
                "submit_token": token,
                "families": list(values.values()),
                "to": str(target.pk),
                "reason": REASON,
            },
        )
        assert response.status_code == 200
        assert "Velg en koordinator i teamet ditt." in response.content.decode()
    assert_nothing_handed_over(caseload)


def test_an_ended_family_cannot_be_handed_over_by_a_forged_form(world, caseload):
    """The page lists only families still followed; a forged value of an ended family of the
    same coordinator is refused too."""
    ended = enrolled(world.unit_a, "Familien Slutt", world.coordinator, world.team_lead)
    Family.objects.filter(pk=ended.pk).update(stage="ended")
    ended.refresh_from_db()
    client = login(world.team_lead)
    token, values = handover_page(client, world.coordinator)
    assert "Familien Slutt" not in values
    response = client.post(
        f"/day/team/{world.coordinator.pk}/",
        {
            "submit_token": token,
            "families": [values["Familien K0"], forged(ended)],
            "to": str(world.colleague.pk),
            "reason": REASON,
        },
    )
    assert response.status_code == 200
    assert "Familien Slutt" in response.content.decode()
    assert_nothing_handed_over([*caseload, ended])


def test_a_doubled_hand_over_is_one_and_is_logged_noted_and_told(world, caseload):
    client = login(world.team_lead)
    token, values = handover_page(client, world.coordinator)
    data = {
        "submit_token": token,
        "families": [values["Familien K0"], values["Familien K1"]],
        "to": str(world.colleague.pk),
        "reason": REASON,
    }
    url = f"/day/team/{world.coordinator.pk}/"
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    moved = caseload[:2]
    for family in moved:
        history = list(family.assignments.order_by("created_at"))
        assert len(history) == 2
        assert history[-1].note == REASON and history[-1].coordinator_id == world.colleague.pk
    changes = AccessLog.objects.filter(action="change", object_type="families.family")
    assert sorted(str(e.family_id) for e in changes) == sorted(str(f.pk) for f in moved)
    told = Notification.objects.filter(kind=Notification.Kind.HANDOVER)
    assert sorted((n.recipient_id, str(n.family_id)) for n in told) == sorted(
        (world.colleague.pk, str(f.pk)) for f in moved
    )
    # A fresh page of the same lead with the same families now finds them changed.
    _token, values2 = handover_page(client, world.coordinator)
    assert "Familien K0" not in values2


def test_the_team_page_names_no_one_outside_the_team(world, caseload):
    make_user(username="nav-koord", role=Role.COORDINATOR, unit=world.unit_a2)
    body = login(world.team_lead).get("/day/team/").content.decode()
    assert f"/day/team/{world.coordinator_b.pk}/" not in body
    for hidden in ("Familien Olsen", "Familien Berg", "NAV Demo", "Familieteamet"):
        assert hidden not in body
    for user in (world.coordinator, world.colleague, world.coordinator_b):
        assert login(user).get("/day/team/").status_code == 403


# -- The calendar feed ------------------------------------------------------------------


def subscribe(user) -> str:
    client = login(user)
    assert client.post("/meetings/calendar/feed/new/").status_code == 302
    html = client.get("/meetings/calendar/feed/").content.decode()
    base = re.escape(settings.FAMILIEPLAN_BASE_URL)
    return re.search(rf"{base}/meetings/feed/([A-Za-z0-9_-]+)\.ics", html).group(1)


def feed(token: str, client: Client | None = None):
    return (client or Client()).get(f"/meetings/feed/{token}.ics")


def test_the_feed_leaks_nothing_but_the_word_times_and_a_link(world):
    cw = build(world)
    named = make_meeting(
        world.family_a,
        day=cw.monday + timedelta(days=2),
        hour=8,
        by=world.coordinator,
        title="Møte med Mona om Olas skolebytte",
    )
    mona = make_member(family=world.family_a, first_name="Mona")
    Participant.objects.create(
        municipality=named.municipality, meeting=named, kind="member", member=mona
    )
    Participant.objects.create(
        municipality=named.municipality,
        meeting=named,
        kind="other",
        name="Tante Gunnhild Vik",
        email="gunnhild@example.no",
    )
    take_part(named, world.colleague)
    world.colleague.first_name, world.colleague.last_name = "Kari", "Kollegasen"
    world.colleague.save()
    response = feed(subscribe(world.coordinator))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert f"{named.calendar_uid}@familieplan" in {str(e["UID"]) for e in events}
    for event in events:
        assert set(event.keys()) <= {
            "DTSTART",
            "DTEND",
            "DTSTAMP",
            "UID",
            "SEQUENCE",
            "STATUS",
            "SUMMARY",
            "URL",
        }
        assert str(event["SUMMARY"]) == "Møte"
        assert str(event["URL"]).startswith(settings.FAMILIEPLAN_BASE_URL + "/meetings/")
    body = response.content.decode()
    for secret in (
        "Familien",
        "Hansen",
        "Mona",
        "Ola",
        "skolebytte",
        "Gunnhild",
        "gunnhild@",
        "Kari",
        "Kollegasen",
        "koordinator",
        "Storgata",
        "Fjell",
        "Hemmelig",
        "video.example.no",
        "ORGANIZER",
        "ATTENDEE",
        "LOCATION",
        "DESCRIPTION",
    ):
        assert secret not in body, secret


def test_a_feed_shows_its_owners_meetings_whoever_asks(world):
    """A token stands for its owner only: another user's session does not widen or change it,
    and the owner's token never shows another municipality's meetings."""
    cw = build(world)
    token_b = subscribe(world.coordinator_b)
    for client in (Client(), login(world.coordinator), login(world.team_lead)):
        uids = {
            str(e["UID"]) for e in Calendar.from_ical(feed(token_b, client).content).walk("VEVENT")
        }
        assert uids == {f"{cw.other_municipality.calendar_uid}@familieplan"}
    entry = AccessLog.objects.filter(object_type="meetings.calendarfeed").latest("at")
    assert entry.username == "koordinator-b" and entry.municipality_id == world.muni_b.pk
    assert token_b not in entry.path


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1],
        lambda t: t + "A",
        lambda t: t.upper(),
        lambda t: t.swapcase(),
        lambda t: t[:20],
        lambda t: "A" * 43,
        lambda t: "x" * 5000,
        lambda t: "%00",
        lambda t: "..%2F..%2Fetc",
    ],
)
def test_a_guessed_token_is_a_404_that_writes_no_row(world, mangle):
    token = subscribe(world.coordinator)
    before = AccessLog.objects.count()
    guess = mangle(token)
    assert guess != token
    response = feed(guess)
    assert response.status_code in (400, 404)  # a NUL in the address is a 400
    assert b"BEGIN:VCALENDAR" not in response.content
    assert AccessLog.objects.count() == before


def test_a_revoked_or_replaced_token_is_a_404_logged_under_the_owner(world):
    first = subscribe(world.coordinator)
    second = subscribe(world.coordinator)  # replaces the first
    assert feed(second).status_code == 200
    assert login(world.coordinator).post("/meetings/calendar/feed/revoke/").status_code == 302
    for token in (first, second):
        before = AccessLog.objects.filter(outcome="not_found").count()
        response = feed(token)
        assert response.status_code == 404 and b"VCALENDAR" not in response.content
        entry = AccessLog.objects.filter(outcome="not_found").latest("id")
        assert AccessLog.objects.filter(outcome="not_found").count() == before + 1
        assert entry.object_type == "meetings.calendarfeed"
        assert entry.municipality_id == world.muni_a.pk and entry.family_id is None
        assert token not in entry.path and entry.user_id is None
    # Revoking someone else's subscription is not possible: the button acts on one's own.
    token_b = subscribe(world.coordinator_b)
    login(world.coordinator).post("/meetings/calendar/feed/revoke/")
    assert feed(token_b).status_code == 200


def test_a_deactivated_owner_or_lost_role_shows_nothing(world):
    cw = build(world)
    token = subscribe(world.coordinator)
    world.coordinator.memberships.update(active=False)
    body = feed(token)
    assert body.status_code == 200
    assert list(Calendar.from_ical(body.content).walk("VEVENT")) == []
    assert detail_url(cw.own) not in body.content.decode()
    world.coordinator.is_active = False
    world.coordinator.save()
    assert feed(token).status_code == 404


# -- The privacy officer's search by name -------------------------------------------------


def test_the_access_log_search_by_name_stays_in_the_officers_municipality(world):
    make_member(family=world.family_b, first_name="Sigrid")
    make_member(family=world.family_a, first_name="Mona")
    AccessLog.objects.create(
        username="koordinator-b",
        object_type="families.family",
        action="read",
        municipality=world.muni_b,
        family_id=world.family_b.pk,
    )
    officer = login(world.privacy_officer)
    for query in ("name=Olsen", "name=Sigrid", "name=Sigrid+Olsen", f"family={world.family_b.pk}"):
        response = officer.get("/access-log/?" + query)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Familien Olsen" not in body and "koordinator-b" not in body
    # The searches never named the other municipality's family in an entry: it would show in
    # that family's "who has seen our data" (portal/access_words.py reads by family only).
    assert list(
        AccessLog.objects.filter(family_id=world.family_b.pk).values_list("username", flat=True)
    ) == ["koordinator-b"]
    searched = AccessLog.objects.filter(object_type="core.accesslog", username="personvern")
    assert str(world.family_b.pk) in set(searched.values_list("object_id", flat=True))
    # The officer's own municipality's family is found by a member's name.
    found = officer.get("/access-log/?name=Mona").content.decode()
    assert "Familien Hansen" in found
    # The other municipality's officer finds theirs, and not ours.
    other = login(world.privacy_officer_b)
    assert "Familien Olsen" in other.get("/access-log/?name=Sigrid").content.decode()
    assert "Familien Hansen" not in other.get("/access-log/?name=Mona").content.decode()


@pytest.mark.parametrize(
    "name", ["coordinator", "team_lead", "partner", "family_member", "researcher", "administrator"]
)
def test_only_the_privacy_officer_searches_the_access_log(world, name):
    make_member(family=world.family_a, first_name="Mona")
    response = login(getattr(world, name)).get("/access-log/?name=Mona")
    assert response.status_code == 403
    assert "Familien Hansen" not in response.content.decode()

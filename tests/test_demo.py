"""`load_demo` builds the demo, is idempotent, and refuses a database that is not a demo."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from familieplan.accounts.models import User
from familieplan.core.models import Municipality
from familieplan.families.models import Family

PERSONAS = {
    "koordinator",
    "koordinator2",
    "koordinator-b",
    "leder",
    "partner",
    "partner2",
    "forelder",
    "ungdom",
    "forsker",
    "admin",
    "personvern",
}


@pytest.mark.django_db
def test_demo_loads_personas_and_families_then_is_idempotent(capsys):
    call_command("load_demo", families=8)
    assert set(User.objects.values_list("username", flat=True)) >= PERSONAS
    assert Municipality.objects.count() == 2
    first = Family.objects.count()
    assert first >= 8
    assert Family.objects.filter(municipality__number="9902").exists()
    call_command("load_demo", families=8)
    assert Family.objects.count() == first
    assert "koordinator" in capsys.readouterr().out


def test_demo_households_are_deterministic_for_a_seed():
    import random
    from datetime import date

    from familieplan.demo.builder import _household

    def draw(seed):
        rng = random.Random(seed)
        return [_household(rng, date(2026, 11, 23)) for _ in range(20)]

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)
    surnames = {surname for surname, _members, _interpreter in draw(7)}
    assert len(surnames) > 5 and all(len(s) > 2 and not s.startswith("Lorem") for s in surnames)


@pytest.mark.django_db
def test_demo_refuses_a_real_database():
    Municipality.objects.create(number="0301", name="Oslo", county="Oslo")
    with pytest.raises(CommandError, match="not a demo database"):
        call_command("load_demo")


@pytest.mark.django_db
def test_demo_logins_work_with_password_demo(client):
    call_command("load_demo", families=4)
    response = client.post("/accounts/login/", {"username": "koordinator", "password": "demo"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_demo_history_is_coherent():
    """Names are real surnames; included families were screened as eligible, in order."""
    call_command("load_demo", families=12)
    for family in Family.objects.exclude(stage="referred"):
        assert len(family.name.removeprefix("Familien ")) > 2, family.name
        screening, decision = family.screenings.get(), family.decisions.get()
        referral = family.referrals.get()
        assert referral.received_on < screening.performed_at.date() <= decision.decided_at.date()
        if decision.outcome in ("included", "waiting_list"):
            assert screening.eligible is True


@pytest.mark.django_db
def test_demo_plans_have_history_of_different_ages():
    from familieplan.plans.models import FamilyPlan, PlanVersion

    call_command("load_demo", families=12)
    plans = FamilyPlan.objects.filter(is_current=True)
    assert plans.count() >= 5
    assert all(p.versions.count() >= 5 for p in plans)
    first_versions = PlanVersion.objects.filter(number=1).values_list("at", flat=True)
    assert len({at.year for at in first_versions}) >= 2  # plans started in different years
    warsame = plans.get(family__name="Familien Warsame")
    assert warsame.goals.count() == 4  # three drawn, plus Sagal's own school goal
    assert warsame.goals.filter(measures__responsible_partner__name="Lunde skole").exists()
    assert warsame.goals.filter(measures__isnull=False).exists()


@pytest.mark.django_db
def test_demo_has_a_follow_up_record():
    """Contacts and notes over a year or more, the persona family's notes, and a caseload
    where some families — not all — have had no contact in 30 days."""
    from datetime import timedelta

    from django.db.models import Max, Min
    from django.utils import timezone

    from familieplan.families import caseload
    from familieplan.journal.models import Contact, Note, TimeEntry
    from familieplan.journal.queries import note_readable_by
    from familieplan.journal.visibility import notes_for_partner
    from familieplan.partners.models import Partner
    from familieplan.partners.scope import scope_for

    call_command("load_demo", families=12)
    now = timezone.now()
    assert not Contact.objects.filter(at__gt=now).exists()
    assert TimeEntry.objects.exists()
    assert Note.objects.filter(corrects__isnull=False).exclude(correction_reason="").exists()
    spans = []
    for family in Family.objects.filter(stage="active"):
        contacts = family.contacts.aggregate(first=Min("at"), last=Max("at"))
        notes = family.notes.aggregate(first=Min("created_at"), last=Max("created_at"))
        assert contacts["first"] and notes["first"], family.name
        for contact in family.contacts.all():  # by whoever coordinated the family that day
            assert contact.recorded_by in _coordinators_on(
                family, timezone.localtime(contact.at).date()
            ), (family.name, contact)
        spans.append((contacts["last"] - contacts["first"], notes["last"] - notes["first"]))
    assert any(c >= timedelta(days=365) and n >= timedelta(days=365) for c, n in spans)
    assert Contact.objects.filter(kind="service_meeting", partners__isnull=False).exists()
    # Some families were handed over: their record has two coordinators, each in their time.
    handed_over = [
        f
        for f in Family.objects.filter(stage="active")
        if f.contacts.values("recorded_by").distinct().count() > 1
    ]
    assert handed_over

    warsame = Family.objects.get(name="Familien Warsame")
    hamza = warsame.members.get(first_name="Hamza")
    secret = warsame.notes.get(level="restricted", about=hamza)
    assert secret.author.username == "koordinator"
    assert note_readable_by(note=secret, user=User.objects.get(username="koordinator"))
    assert not note_readable_by(note=secret, user=User.objects.get(username="forelder"))
    shared = warsame.notes.get(shared_with_partner__name="Lunde skole")
    assert (shared.level, shared.shared_topic, shared.about.first_name) == (
        "ordinary",
        "school",
        "Sagal",
    )
    school = Partner.objects.get(name="Lunde skole")
    assert shared in notes_for_partner(warsame, scope_for(warsame, {school.pk}))
    assert warsame.notes.filter(level="internal").exists()
    assert warsame.notes.filter(corrects__isnull=False).exists()

    coordinator = User.objects.get(username="koordinator")
    mine = Family.objects.visible_to(coordinator).coordinated_by(coordinator)
    ctx = caseload.CaseloadContext(today=timezone.localdate(), now=now, no_contact_days=30)
    open_families = mine.filter(stage__in=caseload.OPEN_STAGES).count()
    assert 1 <= caseload.count_needs(mine, ctx)["no_contact"] <= open_families / 2


@pytest.mark.django_db
def test_demo_day_lies_around_today_in_office_hours(client):
    """The demo is loaded on any day: each persona coordinator's start page has the day's
    work (meetings this week and next, measures overdue lately or due within a week,
    proposals of the last 14 days, consents running out within 30 days), and staff and
    services meet and write on working days in office hours."""
    from datetime import timedelta

    from django.utils import timezone

    from familieplan.meetings.models import Meeting
    from familieplan.partners.models import Consent
    from familieplan.plans.models import Measure, MeasureComment
    from familieplan.portal.models import Proposal

    call_command("load_demo", families=12)
    now, today = timezone.now(), timezone.localdate()
    for meeting in Meeting.objects.all():
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        assert start.weekday() < 5 and start.hour >= 8 and end.hour <= 16, meeting
    for comment in MeasureComment.objects.exclude(author__username="forelder"):
        written = timezone.localtime(comment.created_at)
        assert written <= now and written.weekday() < 5 and 8 <= written.hour < 16, comment
    open_measures = Measure.objects.filter(
        goal__plan__is_current=True, status__in=("planned", "in_progress")
    )
    assert not open_measures.filter(due_on__lt=today - timedelta(days=30)).exists()
    for username in ("koordinator", "koordinator2", "koordinator-b"):
        user = User.objects.get(username=username)
        mine = Family.objects.filter(coordinator=user)
        assert Meeting.objects.filter(
            family__in=mine, status="planned", starts_at__gt=now, starts_at__lt=now + timedelta(14)
        ).exists(), username
        assert open_measures.filter(
            goal__plan__family__in=mine, due_on__lte=today + timedelta(days=7)
        ).exists(), username
        assert Proposal.objects.filter(
            family__in=mine, created_at__gte=now - timedelta(days=14), created_at__lte=now
        ).exists(), username
    assert Consent.objects.filter(
        family__coordinator__username="koordinator",
        decision="given",
        withdrawn_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=30),
    ).exists()

    client.post("/accounts/login/", {"username": "koordinator", "password": "demo"})
    page = client.get("/").content.decode()
    for key in ("measures", "from_families", "from_partners", "consents", "no_contact"):
        heading = re.search(rf'<h3 id="day-{key}"[^>]*>(.*?)</h3>', page, re.S)
        assert heading and "today-count" in heading.group(1), key  # "(N)": lines to show


def _coordinators_on(family, day):
    """The coordinator and co-coordinator whose assignment covered `day`."""
    from django.db.models import Q

    covering = family.assignments.filter(started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )
    return {a.coordinator for a in covering.select_related("coordinator")}


ROOT = Path(__file__).resolve().parent.parent


def make_demo_dry_run(*args: str) -> str:
    return subprocess.run(
        [shutil.which("make") or "make", "-n", "demo", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.one_database
@pytest.mark.parametrize(
    ("args", "url"),
    [
        ((), "http://127.0.0.1:8000"),
        (("PORT=8123",), "http://127.0.0.1:8123"),
        (("HOST=localhost", "PORT=8124"), "http://localhost:8124"),
    ],
)
def test_make_demo_points_email_links_at_the_address_it_serves(args, url):
    out = make_demo_dry_run(*args)
    serve = next(line for line in out.splitlines() if "demo-serve" in line)
    assert f"FAMILIEPLAN_BASE_URL={url}" in serve
    host, port = url.removeprefix("http://").split(":")
    assert f"HOST={host}" in serve and f"PORT={port}" in serve


@pytest.mark.one_database
def test_make_demo_sends_the_workers_email_to_a_file_not_the_console():
    serve = next(line for line in make_demo_dry_run().splitlines() if "demo-serve" in line)
    assert "DEMO_EMAIL_LOG=var/demo-email.log" in serve


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.one_database
def test_the_demo_server_prints_its_address_last_once_it_answers(tmp_path):
    """scripts/demo-serve.sh, as `make demo` runs it: the worker's output goes to the email
    log, and the address comes after the server's own start-up lines; Ctrl+C stops both."""
    port = _free_port()
    log = tmp_path / "demo-email.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FAMILIEPLAN_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        DJANGO_DEBUG="false",
        FAMILIEPLAN_DEMO="true",
        FAMILIEPLAN_INSECURE_HTTP="true",
        PY=sys.executable,
        HOST="127.0.0.1",
        PORT=str(port),
        DEMO_EMAIL_LOG=str(log),
    )
    out_path = tmp_path / "console.txt"
    with out_path.open("w") as out:
        server = subprocess.Popen(
            [str(ROOT / "scripts" / "demo-serve.sh")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while "runs on" not in out_path.read_text() and time.monotonic() < deadline:
            assert server.poll() is None, out_path.read_text()
            time.sleep(0.2)
        time.sleep(1)
        console = out_path.read_text()
        lines = [line for line in console.splitlines() if line.strip()]
        address = f"Familieplan runs on http://127.0.0.1:{port}/"
        assert any(address in line for line in lines[-3:]), console
        assert f"written to {log}" in lines[-1]
        assert "Starting development server" in console
        assert log.exists() and "db_worker" not in console
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=20)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the worker and the server are gone too
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        os.killpg(server.pid, signal.SIGKILL)
        pytest.fail("the demo's processes outlived Ctrl+C")

"""The plan pages through HTTP: create, goals, measures, status with conflict, history,
agreement — and who may do what."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from familieplan.families.models import Domain, Enrolment, ProgrammeSettings
from familieplan.partners.models import Partner
from familieplan.plans.models import FamilyPlan, Goal, Measure
from tests.factories import make_member, make_partner


def nav_demo(world) -> Partner:
    return Partner.objects.filter(name="NAV Demo").first() or make_partner(
        municipality=world.muni_a, name="NAV Demo"
    )


@pytest.fixture
def enrolled(world):
    ProgrammeSettings.for_municipality(world.muni_a)
    Enrolment.objects.create(
        municipality=world.muni_a,
        family=world.family_a,
        status="active",
        started_on=date(2026, 1, 1),
        planned_end=date(2030, 12, 31),
    )
    return world.family_a


def url(family, suffix=""):
    return f"/plans/{family.pk}/{suffix}"


@pytest.fixture
def plan_with_measure(client, world, enrolled):
    client.force_login(world.coordinator)
    today = timezone.localdate()
    assert (
        client.post(
            url(enrolled, "new/"),
            {
                "legal_basis": "project",
                "period_start": today.isoformat(),
                "period_end": (today + timedelta(days=900)).isoformat(),
                "needs": "Oversikt.",
            },
        ).status_code
        == 302
    )
    housing = Domain.objects.get(municipality=world.muni_a, code="housing")
    assert (
        client.post(
            url(enrolled, "goals/new/"),
            {
                "domain": housing.pk,
                "own_words": "Vi vil bo trygt.",
                "priority": "1",
            },
        ).status_code
        == 302
    )
    goal = FamilyPlan.objects.get(family=enrolled).goals.get()
    response = client.post(
        url(enrolled, f"goals/{goal.pk}/measures/new/"),
        {
            "what": "Søke om bostøtte",
            "responsible_kind": "service",
            "responsible_partner": str(nav_demo(world).pk),
            "due_on": (today + timedelta(days=30)).isoformat(),
            "status": "planned",
        },
    )
    assert response.status_code == 302
    return Measure.objects.get()


def test_the_plan_page_shows_goals_measures_and_responsible(client, world, plan_with_measure):
    page = client.get(url(world.family_a)).content.decode()
    assert "Bolig: Vi vil bo trygt." in page
    assert "Søke om bostøtte" in page and "NAV Demo" in page


def test_a_measure_without_responsible_is_refused_with_a_message(client, world, plan_with_measure):
    goal = plan_with_measure.goal
    response = client.post(
        url(world.family_a, f"goals/{goal.pk}/measures/new/"),
        {
            "what": "Noe",
            "responsible_kind": "service",
            "responsible_partner": "",
            "due_on": timezone.localdate().isoformat(),
            "status": "planned",
        },
    )
    assert "Velg hvem som er ansvarlig." in response.content.decode()
    assert Measure.objects.count() == 1


def test_a_due_date_before_the_plan_period_is_refused(client, world, plan_with_measure):
    goal = plan_with_measure.goal
    response = client.post(
        url(world.family_a, f"goals/{goal.pk}/measures/new/"),
        {
            "what": "Noe",
            "responsible_kind": "coordinator",
            "responsible_user": world.coordinator.pk,
            "status": "planned",
            "due_on": (timezone.localdate() - timedelta(days=10)).isoformat(),
        },
    )
    assert "innenfor planperioden" in response.content.decode()
    assert Measure.objects.count() == 1


def test_status_change_and_the_stale_form_message(client, world, plan_with_measure):
    m = plan_with_measure
    move = url(world.family_a, f"measures/{m.pk}/move/")
    response = client.post(move, {"to": "in_progress", "version": 1}, follow=True)
    assert "Tiltaket er oppdatert." in response.content.decode()
    stale = client.post(move, {"to": "cancelled", "reason": "x", "version": 1}, follow=True)
    body = stale.content.decode()
    assert "Noen andre har lagret en endring" in body and "Status nå: Pågår." in body
    assert Measure.objects.get().status == "in_progress"
    done = client.post(move, {"to": "done", "version": 2}, follow=True)
    assert "Skriv en kort begrunnelse for å avslutte." in done.content.decode()
    client.post(move, {"to": "done", "reason": "Innvilget.", "version": 2})
    final = client.post(move, {"to": "cancelled", "reason": "x", "version": 3}, follow=True)
    assert "avsluttet og kan ikke endres" in final.content.decode()


def test_history_as_of_a_date_and_the_difference(client, world, plan_with_measure):
    client.post(
        url(world.family_a, f"measures/{plan_with_measure.pk}/move/"),
        {"to": "in_progress", "version": 1},
    )
    history = client.get(
        url(world.family_a, "history/"), {"as_of": timezone.localdate().isoformat()}
    ).content.decode()
    assert "Versjon 4" in history
    compared = client.get(url(world.family_a, "history/"), {"a": 3, "b": 4}).content.decode()
    assert "Endringer fra versjon 3 til 4" in compared
    assert "<del>Planlagt</del>" in compared and "<ins>Pågår</ins>" in compared  # labels, not keys
    early = client.get(url(world.family_a, "history/"), {"as_of": "2000-01-01"}, follow=True)
    assert "Planen fantes ikke ennå på den datoen." in early.content.decode()


def test_agreement_then_change_shows_the_agreed_version_is_not_current(
    client, world, plan_with_measure
):
    parent = make_member(family=world.family_a, first_name="Kari")
    client.post(
        url(world.family_a, "agree/"),
        {
            "member": parent.pk,
            "how": "meeting",
            "agreed_on": timezone.localdate().isoformat(),
            "version": 3,
        },
    )
    page = client.get(url(world.family_a)).content.decode()
    assert "Kari Hansen var enig i versjon 3" in page
    assert "Planen er endret etter dette." not in page
    client.post(
        url(world.family_a, f"measures/{plan_with_measure.pk}/move/"),
        {"to": "in_progress", "version": 1},
    )
    assert "Planen er endret etter dette." in client.get(url(world.family_a)).content.decode()


def test_colleague_reads_but_cannot_change_and_others_get_404(client, world, plan_with_measure):
    client.force_login(world.colleague)
    assert client.get(url(world.family_a)).status_code == 200
    assert client.get(url(world.family_a, "goals/new/")).status_code == 403
    move = url(world.family_a, f"measures/{plan_with_measure.pk}/move/")
    assert client.post(move, {"to": "done", "reason": "x", "version": 1}).status_code == 403
    client.force_login(world.coordinator_b)
    assert client.get(url(world.family_a)).status_code == 404
    assert client.get(url(world.family_a, "history/")).status_code == 404


def test_this_week_lists_open_measures_per_person_with_overdue_marked(
    client, world, plan_with_measure
):
    measure = plan_with_measure
    Measure.objects.filter(pk=measure.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    page = client.get(url(world.family_a, "this-week/")).content.decode()
    assert "NAV Demo" in page and "Søke om bostøtte" in page and "skulle vært gjort" in page
    client.post(
        url(world.family_a, f"measures/{measure.pk}/move/"),
        {"to": "done", "reason": "Ferdig.", "version": 1},
    )
    page = client.get(url(world.family_a, "this-week/")).content.decode()
    assert "Ingenting har frist de neste ukene." in page


def _pdf_text(response) -> str:
    import io

    from pypdf import PdfReader

    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_printed_plan_in_bokmal_and_english_is_logged(client, world, plan_with_measure):
    from familieplan.core.models import AccessLog

    nb = _pdf_text(client.get(url(world.family_a, "print/"), {"format": "pdf"}))
    assert "Familiens plan: Familien Hansen" in nb
    assert "Bolig: Vi vil bo trygt." in nb and "Søke om bostøtte" in nb and "NAV Demo" in nb
    assert "Slik når dere koordinatoren" in nb
    en = _pdf_text(client.get(url(world.family_a, "print/"), {"format": "pdf", "lang": "en"}))
    assert "Family plan" in en and "How to reach the coordinator" in en
    printed = AccessLog.objects.filter(family_id=world.family_a.pk, action="print")
    assert printed.count() == 2
    html = client.get(url(world.family_a, "print/")).content.decode()
    assert "Søke om bostøtte" in html  # the same template, as a page


def test_review_records_what_changed_and_the_next_date(client, world, plan_with_measure):
    today = timezone.localdate()
    bad = client.post(
        url(world.family_a, "reviews/new/"),
        {
            "held_on": today.isoformat(),
            "what_changed": "Bostøtte innvilget.",
            "next_review_on": today.isoformat(),
        },
    )
    assert "Neste evaluering må være etter denne." in bad.content.decode()
    client.post(
        url(world.family_a, "reviews/new/"),
        {
            "held_on": today.isoformat(),
            "what_changed": "Bostøtte innvilget.",
            "next_review_on": (today + timedelta(days=90)).isoformat(),
        },
    )
    plan = FamilyPlan.objects.get(family=world.family_a)
    assert plan.next_review_on == today + timedelta(days=90)
    assert "Bostøtte innvilget." in client.get(url(world.family_a)).content.decode()


def test_goal_edit_needs_a_reason_when_achieved_and_checks_the_version(
    client, world, plan_with_measure
):
    goal = plan_with_measure.goal
    edit = url(world.family_a, f"goals/{goal.pk}/edit/")
    base = {"domain": goal.domain_id, "own_words": "Vi vil bo trygt og lenge.", "priority": "1"}
    response = client.post(edit, {**base, "status": "achieved", "version": goal.version})
    assert "Skriv en kort begrunnelse." in response.content.decode()
    client.post(
        edit,
        {**base, "status": "achieved", "status_reason": "Flyttet inn.", "version": goal.version},
    )
    goal.refresh_from_db()
    assert goal.status == "achieved" and goal.status_reason == "Flyttet inn."
    assert goal.own_words == "Vi vil bo trygt og lenge."
    stale = client.post(edit, {**base, "status": "in_progress", "version": 1})
    assert "Noen andre har lagret en endring" in stale.content.decode()
    assert Goal.objects.get(pk=goal.pk).status == "achieved"


def test_reopen_a_closed_measure_from_the_page(client, world, plan_with_measure):
    m = plan_with_measure
    client.post(
        url(world.family_a, f"measures/{m.pk}/move/"),
        {"to": "cancelled", "reason": "Utsatt.", "version": 1},
    )
    due = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = client.post(url(world.family_a, f"measures/{m.pk}/reopen/"), {"due_on": due})
    assert response.status_code == 302
    new = Measure.objects.exclude(pk=m.pk).get()
    assert new.reopened_from_id == m.pk and new.status == "planned"


def test_measure_edit_refuses_a_stale_form_and_shows_the_newer_version(
    client, world, plan_with_measure
):
    m = plan_with_measure
    edit = url(world.family_a, f"measures/{m.pk}/edit/")
    form = {
        "what": "Søke om bostøtte i januar",
        "responsible_kind": "service",
        "responsible_partner": str(nav_demo(world).pk),
        "due_on": m.due_on.isoformat(),
        "version": 1,
    }
    assert client.post(edit, form).status_code == 302
    stale = client.post(edit, {**form, "what": "Noe annet"})
    body = stale.content.decode()
    assert "Noen andre har lagret en endring" in body
    assert "Søke om bostøtte i januar" in body  # the newer version is shown
    assert Measure.objects.get().what == "Søke om bostøtte i januar"
    client.post(
        url(world.family_a, f"measures/{m.pk}/move/"),
        {"to": "done", "reason": "Ferdig.", "version": 2},
    )
    final = client.post(edit, {**form, "version": 3})
    assert "avsluttet og kan ikke endres" in final.content.decode()


def test_plan_framework_edit_with_version_check(client, world, plan_with_measure):
    plan = FamilyPlan.objects.get(family=world.family_a)
    data = {
        "legal_basis": "individual_plan",
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "needs": "Nye behov.",
        "version": plan.version,
    }
    assert client.post(url(world.family_a, "edit/"), data).status_code == 302
    plan.refresh_from_db()
    assert plan.legal_basis == "individual_plan" and plan.needs == "Nye behov."
    stale = client.post(url(world.family_a, "edit/"), {**data, "needs": "x"})
    assert "Noen andre har lagret en endring" in stale.content.decode()

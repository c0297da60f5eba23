"""What the family does from its own pages, end to end through HTTP: proposals and comments
reach the coordinator (with a generic email), a measure they are responsible for can be
marked done, the plan agreed to digitally, consents given and withdrawn — and bad input,
stale or double submits, someone else's consent or another family's ids get a clear message
or a logged 404, with nothing lost or half-saved."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from familieplan.core.models import AccessLog
from familieplan.mapping import services as mapping_services
from familieplan.mapping.models import Response
from familieplan.outbox.models import OutgoingEmail
from familieplan.partners.models import Consent
from familieplan.plans import services as plan_services
from familieplan.plans.models import MeasureComment, PlanAgreement
from familieplan.portal.models import Proposal


def _login_mother(client, portal):
    portal.shared.world.coordinator.email = "koordinator@example.org"
    portal.shared.world.coordinator.save(update_fields=["email"])
    client.force_login(portal.mother_user)


def test_propose_a_goal_and_an_empty_one_is_refused(client, portal):
    _login_mother(client, portal)
    response = client.post(
        "/family/plan/propose/", {"kind": "new_goal", "about": "", "text": "   "}
    )
    assert response.status_code == 200 and not Proposal.objects.exists()
    assert (
        "Dette feltet er påkrevd" in response.content.decode()
        or "Skriv" in response.content.decode()
    )
    response = client.post(
        "/family/plan/propose/",
        {
            "kind": "new_goal",
            "about": str(portal.shared.child.pk),
            "text": "Ella vil lære å svømme.",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.by, proposal.about, proposal.text) == (
        portal.shared.mother,
        portal.shared.child,
        "Ella vil lære å svømme.",
    )
    email = OutgoingEmail.objects.get(topic="notification")  # the coordinator's choice
    assert "svømme" not in email.body and "Ella" not in email.body  # generic


def test_a_parent_cannot_propose_for_the_youth(client, portal):
    _login_mother(client, portal)
    response = client.post(
        "/family/plan/propose/",
        {"kind": "new_goal", "about": str(portal.shared.youth.pk), "text": "Ola må jobbe."},
    )
    assert response.status_code == 200 and not Proposal.objects.exists()


def test_comment_on_a_goal_and_a_measure(client, portal):
    shared = portal.shared
    _login_mother(client, portal)
    assert (
        client.post(
            f"/family/plan/goals/{shared.family_goal.pk}/comment/", {"text": "Bra mål!"}
        ).status_code
        == 302
    )
    assert Proposal.objects.get().goal == shared.family_goal
    assert (
        client.post(
            f"/family/plan/measures/{shared.child_measure.pk}/comment/", {"text": "Takk!"}
        ).status_code
        == 302
    )
    assert MeasureComment.objects.get().author_label == shared.mother.full_name


def test_the_youths_or_another_familys_things_are_a_logged_404(client, portal):
    shared = portal.shared
    _login_mother(client, portal)
    for url in (
        f"/family/plan/goals/{shared.youth_goal.pk}/comment/",
        f"/family/plan/measures/{shared.youth_measure.pk}/comment/",
        f"/family/consents/{portal.consents['youth'].pk}/withdraw/",
    ):
        assert client.post(url, {"text": "x"}).status_code == 404
    assert AccessLog.objects.filter(user=portal.mother_user, outcome="not_found").count() == 3
    client.force_login(portal.other_user)
    assert (
        client.post(
            f"/family/plan/goals/{shared.family_goal.pk}/comment/", {"text": "x"}
        ).status_code
        == 404
    )
    assert not Proposal.objects.exists() and not MeasureComment.objects.exists()


def test_mark_own_measure_done_stale_and_others_refused(client, portal):
    shared = portal.shared
    own = plan_services.measure_add(
        goal=shared.family_goal,
        by=shared.world.coordinator,
        what="Ringe tannlegen",
        responsible_kind="member",
        responsible_member=shared.mother,
        due_on=timezone.localdate() + timedelta(days=5),
    )
    _login_mother(client, portal)
    body = client.get("/family/plan/").content.decode()
    assert body.count("Merk som gjort") == 1  # only her own measure
    response = client.post(
        f"/family/plan/measures/{own.pk}/done/", {"version": own.version - 1}, follow=True
    )
    assert "endret mens du så på det" in response.content.decode()
    own.refresh_from_db()
    assert own.status != "done"
    client.post(f"/family/plan/measures/{own.pk}/done/", {"version": own.version})
    own.refresh_from_db()
    assert own.status == "done"
    response = client.post(
        f"/family/plan/measures/{shared.family_measure.pk}/done/",
        {"version": shared.family_measure.version},
        follow=True,
    )
    assert "bare merke dine egne tiltak" in response.content.decode()


def test_agree_to_the_plan_once_per_version(client, portal):
    plan = portal.shared.family_goal.plan
    plan.refresh_from_db()
    _login_mother(client, portal)
    response = client.post("/family/plan/agree/", {"version": plan.version - 1}, follow=True)
    assert "Planen er endret siden du åpnet den" in response.content.decode()
    assert not PlanAgreement.objects.exists()
    client.post("/family/plan/agree/", {"version": plan.version})
    agreement = PlanAgreement.objects.get()
    assert (agreement.member, agreement.how, agreement.version_number) == (
        portal.shared.mother,
        "digital",
        plan.version,
    )
    assert "Du har sagt deg enig" in client.get("/family/plan/").content.decode()


def test_withdraw_own_consent_but_not_one_someone_else_gave(client, portal):
    _login_mother(client, portal)
    mine = portal.consents["mother"]
    client.post(f"/family/consents/{mine.pk}/withdraw/")
    mine.refresh_from_db()
    assert mine.withdrawn_at is not None and mine.withdrawn_method == "digital"
    response = client.post(f"/family/consents/{mine.pk}/withdraw/", follow=True)  # double
    assert "allerede trukket tilbake" in response.content.decode()
    # The youth withdraws the consent about himself; the child's, given by the mother, is hers.
    client.force_login(portal.youth_user)
    client.post(f"/family/consents/{portal.consents['youth'].pk}/withdraw/")
    assert Consent.objects.get(pk=portal.consents["youth"].pk).withdrawn_at is not None


def test_a_youth_cannot_withdraw_what_a_parent_gave_for_the_family(client, portal):
    from tests.factories import make_consent

    shared = portal.shared
    given_by_mother = make_consent(
        family=shared.family,
        partner=shared.clinic,
        subject=shared.mother,
        given_by=shared.mother,
        recorded_by=shared.world.coordinator,
    )
    client.force_login(portal.youth_user)
    assert client.post(f"/family/consents/{given_by_mother.pk}/withdraw/").status_code == 404


def test_give_a_consent_digitally_and_health_needs_writing(client, portal):
    shared = portal.shared
    _login_mother(client, portal)
    until = (timezone.localdate() + timedelta(days=200)).isoformat()
    data = {
        "partner": str(shared.clinic.pk),
        "subject": str(shared.child.pk),
        "topics": ["health"],
        "purpose": "",
        "valid_until": until,
    }
    response = client.post("/family/consents/new/", data)
    assert response.status_code == 200  # refused: health needs a written consent
    assert not Consent.objects.filter(partner=shared.clinic).exists()
    assert (
        'value="health" checked' in response.content.decode()
        or "checked" in response.content.decode()
    )
    response = client.post("/family/consents/new/", {**data, "topics": ["school", "plan"]})
    assert response.status_code == 302
    consent = Consent.objects.get(partner=shared.clinic)
    assert (consent.subject, consent.given_by, consent.method) == (
        shared.child,
        shared.mother,
        "digital",
    )


def test_fill_in_own_questionnaire(client, portal):
    shared = portal.shared
    from familieplan.mapping.services import refresh_schedule

    refresh_schedule(shared.family)
    assessment = mapping_services.assessment_start(
        family=shared.family,
        by=shared.world.coordinator,
        occasion="intake",
        held_on=timezone.localdate() - timedelta(days=90),
    )
    client.force_login(portal.mother_user)
    body = client.get("/family/progress/").content.decode()
    assert "WHO-5" in body and "/family/mapping/" in body
    answers = {f"item_q{i}": "3" for i in range(1, 6)}
    response = client.post(
        f"/family/mapping/{assessment.pk}/who5/",
        {"final": "1", "answered_by": "self", "version": "0", **answers},
    )
    assert response.status_code == 302
    saved = Response.objects.get()
    assert (saved.member, saved.answered_by, saved.filled_by, saved.scores["raw"]) == (
        shared.mother,
        "self",
        portal.mother_user,
        15.0,
    )
    client.force_login(portal.youth_user)
    assert client.get(f"/family/mapping/{assessment.pk}/who5/").status_code == 404  # adults'


def test_the_coordinator_answers_a_proposal_on_the_family_page(client, portal):
    shared = portal.shared
    _login_mother(client, portal)
    client.post("/family/plan/propose/", {"kind": "change", "about": "", "text": "Flytte møtet."})
    proposal = Proposal.objects.get()
    client.force_login(shared.world.colleague)  # reads, may not answer
    assert "Flytte møtet." in client.get(f"/families/{shared.family.pk}/").content.decode()
    url = f"/family/staff/{shared.family.pk}/proposals/{proposal.pk}/answer/"
    assert client.post(url, {"answer": "Ja"}).status_code == 403
    client.force_login(shared.world.coordinator)
    response = client.post(url, {"answer": ""}, follow=True)
    assert "Skriv et svar" in response.content.decode()
    client.post(url, {"answer": "Vi tar det på neste møte."})
    proposal.refresh_from_db()
    assert proposal.answer == "Vi tar det på neste møte."
    client.force_login(portal.mother_user)
    assert "Vi tar det på neste møte." in client.get("/family/plan/").content.decode()


def test_a_proposal_takes_one_answer_and_a_second_press_is_saved_once(client, portal):
    shared = portal.shared
    _login_mother(client, portal)
    client.post("/family/plan/propose/", {"kind": "change", "about": "", "text": "Flytte møtet."})
    proposal = Proposal.objects.get()
    url = f"/family/staff/{shared.family.pk}/proposals/{proposal.pk}/answer/"
    client.force_login(shared.world.coordinator)
    first = client.post(url, {"answer": "Ja, til tirsdag."}, follow=True).content.decode()
    assert "Svaret er lagret" in first
    again = client.post(url, {"answer": "Ja, til tirsdag."}, follow=True).content.decode()
    assert "Det er lagret bare én gang" in again
    client.force_login(shared.world.team_lead)  # a second answer, written at the same time
    other = client.post(url, {"answer": "Nei."}, follow=True).content.decode()
    assert "Forslaget er allerede besvart." in other
    long = client.post(url, {"answer": "x" * 2001}, follow=True).content.decode()
    assert "høyst 2000 tegn" in long
    proposal.refresh_from_db()
    assert (proposal.answer, proposal.answered_by) == ("Ja, til tirsdag.", shared.world.coordinator)

"""The family's pages and the partner's page, sent twice: a proposal, a comment or a consent
is made once and the page shows the first; "mark as done", "I agree" and a status change are
safe to press twice; a partner's comment is sent once. Also when two presses arrive at the
same moment (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from familieplan.partners.models import Consent
from familieplan.plans.models import Measure, MeasureComment, PlanAgreement, PlanVersion
from familieplan.portal.models import Proposal
from tests.concurrency.helpers import inline_form, page_form
from tests.partners.conftest import shared  # noqa: F401
from tests.portal.conftest import portal  # noqa: F401

TWICE = "Skjemaet ble sendt mer enn én gang"
STALE = "Noen andre har lagret en endring mens du skrev"


@pytest.fixture
def mother(client, portal):  # noqa: F811
    client.force_login(portal.mother_user)
    return client


def _twice(client, url, data):
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    return first, second


def _own_measure(portal):  # noqa: F811
    """The child's measure, made the mother's own (she may mark it done)."""
    measure = portal.shared.child_measure
    Measure.objects.filter(pk=measure.pk).update(
        responsible_kind="member", responsible_partner=None, responsible_member=portal.shared.mother
    )
    return Measure.objects.get(pk=measure.pk)


# The family's pages --------------------------------------------------------------------------


def test_a_proposal_sent_twice_is_one_proposal_and_shown(mother, portal):  # noqa: F811
    url = "/family/plan/propose/"
    first, second = _twice(mother, url, page_form(mother, url, text="Vi vil lære å sykle."))
    proposal = Proposal.objects.get()
    assert first["Location"].endswith(f"#proposal-{proposal.pk}")
    body = second.content.decode()
    assert TWICE in body and "Vi vil lære å sykle." in body
    assert second.redirect_chain[-1][0].endswith(f"#proposal-{proposal.pk}")


def test_a_comment_on_a_goal_sent_twice_is_one(mother, portal):  # noqa: F811
    url = f"/family/plan/goals/{portal.shared.family_goal.pk}/comment/"
    _first, second = _twice(mother, url, page_form(mother, url, text="Bra mål!"))
    assert Proposal.objects.filter(kind="comment").count() == 1
    assert TWICE in second.content.decode()


def test_a_comment_on_a_measure_sent_twice_is_one(mother, portal):  # noqa: F811
    measure = portal.shared.child_measure
    url = f"/family/plan/measures/{measure.pk}/comment/"
    first, second = _twice(mother, url, page_form(mother, url, text="Takk for hjelpen!"))
    assert first["Location"].endswith(f"#measure-{measure.pk}")
    assert MeasureComment.objects.count() == 1 and TWICE in second.content.decode()


def test_a_consent_given_twice_is_one_consent(mother, portal):  # noqa: F811
    url = "/family/consents/new/"
    before = Consent.objects.count()
    data = page_form(
        mother,
        url,
        partner=str(portal.shared.clinic.pk),
        subject=str(portal.shared.mother.pk),
        topics=["plan"],
        valid_until=(timezone.localdate() + timedelta(days=200)).isoformat(),
    )
    first, second = _twice(mother, url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert Consent.objects.count() == before + 1
    consent = Consent.objects.get(partner=portal.shared.clinic)
    assert second.redirect_chain[-1][0].endswith(f"#consent-{consent.pk}")
    assert TWICE in second.content.decode()


def test_marking_ones_measure_done_twice_moves_it_once(mother, portal):  # noqa: F811
    measure = _own_measure(portal)
    action = f"/family/plan/measures/{measure.pk}/done/"
    data = inline_form(mother, "/family/plan/", action)
    versions = PlanVersion.objects.count()
    first, second = _twice(mother, action, data)
    assert first.status_code == 302
    assert "Tiltaket er allerede merket som gjort." in second.content.decode()
    assert "endret mens du så på det" not in second.content.decode()
    assert Measure.objects.get(pk=measure.pk).status == "done"
    assert PlanVersion.objects.count() == versions + 1


def test_agreeing_to_the_plan_twice_is_one_agreement(mother, portal):  # noqa: F811
    data = inline_form(mother, "/family/plan/", "/family/plan/agree/")
    first, second = _twice(mother, "/family/plan/agree/", data)
    assert first.status_code == 302 and PlanAgreement.objects.count() == 1
    body = second.content.decode()
    assert TWICE in body and "Du har sagt deg enig i denne versjonen" in body


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database refuses a second writer at once",
)
def test_two_presses_of_i_agree_at_the_same_moment_are_one_agreement(portal):  # noqa: F811
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(portal.mother_user)
    data = inline_form(clients[0], "/family/plan/", "/family/plan/agree/")
    start = threading.Barrier(2)
    statuses = []

    def press(client):
        try:
            start.wait()
            statuses.append(client.post("/family/plan/agree/", data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert PlanAgreement.objects.count() == 1


# The partner's page ----------------------------------------------------------------------------


@pytest.fixture
def school(client, portal):  # noqa: F811
    client.force_login(portal.shared.world.partner)
    return client


def _partner_page(portal) -> str:  # noqa: F811
    return f"/partner/{portal.shared.family.pk}/"


def test_a_partners_comment_sent_twice_is_one_comment(school, portal):  # noqa: F811
    measure = portal.shared.family_measure
    action = f"/partner/{portal.shared.family.pk}/measures/{measure.pk}/comment/"
    data = inline_form(school, _partner_page(portal), action, text="Ella kommer hver tirsdag.")
    assert data.get("submit_token")
    _first, second = _twice(school, action, data)
    assert MeasureComment.objects.filter(measure=measure).count() == 1
    body = second.content.decode()
    assert TWICE in body and "Ella kommer hver tirsdag." in body


def test_a_partners_status_change_pressed_twice_is_saved_once(school, portal):  # noqa: F811
    measure = portal.shared.family_measure
    action = f"/partner/{portal.shared.family.pk}/measures/{measure.pk}/status/"
    data = inline_form(school, _partner_page(portal), action, to="done", reason="Leksehjelp gitt.")
    versions = PlanVersion.objects.count()
    first, second = _twice(school, action, data)
    assert first.status_code == 302
    body = second.content.decode()
    assert TWICE in body and STALE not in body
    assert PlanVersion.objects.count() == versions + 1
    assert Measure.objects.get(pk=measure.pk).closing_reason == "Leksehjelp gitt."


def test_a_partners_status_change_from_an_older_page_is_shown(school, portal):  # noqa: F811
    measure = portal.shared.family_measure
    action = f"/partner/{portal.shared.family.pk}/measures/{measure.pk}/status/"
    older = inline_form(school, _partner_page(portal), action, to="done", reason="Ferdig.")
    school.post(action, inline_form(school, _partner_page(portal), action, to="in_progress"))
    body = school.post(action, older).content.decode()
    assert STALE in body and 'value="Ferdig."' in body
    assert Measure.objects.get(pk=measure.pk).status == "in_progress"

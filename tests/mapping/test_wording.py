"""A licensed questionnaire whose official Norwegian wording is not loaded yet (WHO-5, GSE):
the questions are shown in their official English wording, marked `lang="en"`, under a plain
note for the reader in their language — never the note meant for the administrator, which
belongs in the admin."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from familieplan.core.roles import Role
from familieplan.mapping import definition, services
from familieplan.mapping.models import Instrument
from tests.factories import make_user

ADMIN_WORDS = ("Administrator", "administrator", "ny versjon", "new version")
COORDINATOR_NOTE = (
    "Spørsmålene vises på engelsk fordi den offisielle norske oversettelsen ikke er lagt inn "
    "ennå. Les dem gjerne opp og oversett muntlig."
)
FAMILY_NOTE = (
    "Spørsmålene vises på engelsk fordi den offisielle oversettelsen til ditt språk ikke er "
    "lagt inn ennå. Spør koordinatoren din hvis noe er uklart."
)
QUESTION = "I have felt cheerful and in good spirits"


def _newest_shipped() -> dict[str, definition.Instrument]:
    newest: dict[str, definition.Instrument] = {}
    for spec in definition.load_directory(definition.INSTRUMENT_DIR):
        if spec.key not in newest or spec.version > newest[spec.key].version:
            newest[spec.key] = spec
    return newest


@pytest.mark.parametrize("key", sorted(_newest_shipped()))
def test_no_shipped_instrument_tells_its_readers_what_the_administrator_must_do(key):
    spec = _newest_shipped()[key]
    for language, text in spec.description.values.items():
        assert not any(word in text for word in ADMIN_WORDS), (key, language, text)


def test_the_old_who5_versions_stay_for_the_answers_given_with_them():
    versions = {(spec.key, spec.version) for spec in definition.load_directory()}
    assert {("who5", 1), ("who5", 2), ("who5-youth", 1), ("who5-youth", 2)} <= versions


@pytest.fixture
def who5_assessment(enrolled):
    return services.assessment_start(
        family=enrolled.family,
        by=enrolled.world.coordinator,
        occasion="intake",
        held_on=timezone.localdate() - timedelta(days=90),
    )


def _question_marked_english(body: str) -> bool:
    return re.search(rf'<span lang="en"[^>]*>{re.escape(QUESTION)}</span>', body) is not None


def test_the_coordinator_fill_page_in_bokmal_shows_a_plain_note_and_marks_the_questions(
    client,
    enrolled,
    who5_assessment,
):
    client.force_login(enrolled.world.coordinator)
    url = f"/mapping/{enrolled.family.pk}/{who5_assessment.pk}/who5/{enrolled.mother.pk}/"
    body = client.get(url).content.decode()
    assert COORDINATOR_NOTE in body
    assert "Administratoren" not in body and "ny versjon av skjemaet" not in body
    assert _question_marked_english(body)
    assert '<span lang="en" dir="auto">At no time</span>' in body
    assert "Fem utsagn om hvordan du har hatt det de siste to ukene." in body


def test_in_english_there_is_nothing_to_explain(client, enrolled, who5_assessment):
    coordinator = enrolled.world.coordinator
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    client.force_login(coordinator)
    url = f"/mapping/{enrolled.family.pk}/{who5_assessment.pk}/who5/{enrolled.mother.pk}/"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert QUESTION in body
    assert "Spørsmålene vises på" not in body and not _question_marked_english(body)


def test_an_instrument_in_its_own_words_has_no_note(client, enrolled, who5_assessment):
    client.force_login(enrolled.world.coordinator)
    url = f"/mapping/{enrolled.family.pk}/{who5_assessment.pk}/living-household/family/"
    body = client.get(url).content.decode()
    assert "Spørsmålene vises på" not in body


def test_the_family_questionnaire_in_bokmal_shows_a_plain_note_and_marks_the_questions(
    client,
    enrolled,
    who5_assessment,
):
    mother_user = make_user(
        username="mona", role=Role.FAMILY_MEMBER, municipality=enrolled.world.muni_a
    )
    enrolled.mother.user = mother_user
    enrolled.mother.save(update_fields=["user"])
    client.force_login(mother_user)
    body = client.get(f"/family/mapping/{who5_assessment.pk}/who5/").content.decode()
    assert FAMILY_NOTE in body
    assert "Administratoren" not in body and "ny versjon av skjemaet" not in body
    assert _question_marked_english(body)


def test_the_administrator_is_told_in_the_admin_how_to_add_the_official_wording(client, world):
    client.force_login(world.administrator)
    body = client.get("/admin/mapping/instrument/add/").content.decode()
    assert "offisielle" in body and "ikke oversett" in body
    assert "Olaf Bakke" in body
    assert Instrument.objects.filter(key="who5", version=2).exists()

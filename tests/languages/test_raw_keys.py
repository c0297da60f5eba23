"""Every label a person reads is words in their language, never a stored key: a score by its
label from the instrument, a statistic and a life domain by their names, an access-log object
type by the model's name, a change, a field and a status by their labels. The check catches
the whole kind: no ``word:word``, ``word.word`` or ``snake_case`` token in what a page shows,
in bokmål and in English."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from familieplan.families.models import Enrolment, Family
from familieplan.mapping import services as mapping
from familieplan.mapping.models import Instrument
from familieplan.plans import services as plans
from tests.factories import make_family, make_member
from tests.languages.conftest import text, visit

#: A stored key: two lower-case words joined by ":" or "." ("domain:economy",
#: "families.family", "portal.copy"), or words joined by "_" ("in_progress").
KEY = re.compile(r"\b[a-z][a-z_]+[:.][a-z][a-z_]+\b|\b[a-z]+_[a-z_]+\b")
EMAIL = re.compile(r"\S+@\S+")
#: Stored choice values that are English words: in bokmål they can only be a key.
BARE = re.compile(
    r"\b(planned|done|cancelled|suggested|achieved|added|removed|changed|mean|raw|percent)\b"
)


def raw_keys(page: str, language: str) -> list[str]:
    shown = EMAIL.sub(" ", text(page))
    found = KEY.findall(shown)
    if language == "nb":
        found += BARE.findall(shown)
    return found


def test_the_check_sees_keys():
    page = "<main><td>domain:economy</td><td>families.family</td><td>in_progress</td></main>"
    assert raw_keys(page, "nb") == ["domain:economy", "families.family", "in_progress"]
    assert raw_keys("<main>Planlagt → Pågår; f.eks. kl. 10:00; 2,5</main>", "nb") == []


# --- programme figures ---------------------------------------------------------------------


def _rated_family(world, i):
    """A family with an intake and a year-1 domain self-rating, and WHO-5 for its adult."""
    today = timezone.localdate()
    family = make_family(unit=world.unit_a, name=f"Familien Tall{i}", coordinator=world.coordinator)
    family.stage = Family.Stage.ACTIVE
    family.save(update_fields=["stage"])
    started = today - timedelta(days=400)
    Enrolment.objects.create(
        municipality=family.municipality,
        family=family,
        status="active",
        started_on=started,
        planned_end=started + timedelta(days=1800),
    )
    adult = make_member(family=family, first_name=f"Voksen{i}")
    for n, (occasion, number, held_on, level) in enumerate(
        (("intake", 0, started, 3), ("yearly", 1, today - timedelta(days=30), 7))
    ):
        assessment = mapping.assessment_start(
            family=family, by=world.coordinator, occasion=occasion, number=number, held_on=held_on
        )
        for key, member, answers in (
            ("domain-rating", None, {"domain:housing": level, "domain:economy": level}),
            ("who5", adult, dict.fromkeys(("q1", "q2", "q3", "q4", "q5"), 2 + n)),
            ("living-household", None, {"housing_standard": 1 + n, "debt": 2}),
        ):
            mapping.response_save(
                assessment=assessment,
                instrument=Instrument.objects.filter(key=key).order_by("-version").first(),
                member=member,
                answered_by="with_coordinator",
                answers=answers,
                final=True,
                by=world.coordinator,
            )
        mapping.assessment_complete(assessment=assessment, by=world.coordinator)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_programme_figures_name_every_score(client, world, language):
    from familieplan.families.models import ProgrammeSettings

    ProgrammeSettings.for_municipality(world.muni_a)
    for i in range(5):
        _rated_family(world, i)
    for instrument in ("domain-rating", "all"):
        page = visit(
            client, world.team_lead, f"/mapping/figures/?instrument={instrument}", language
        )
        assert raw_keys(page, language) == [], instrument
        shown = text(page)
        if instrument == "domain-rating":
            assert ("Bolig" if language == "nb" else "Housing") in shown
            assert (
                "Gjennomsnitt for livsområdene" if language == "nb" else "Mean of the life domains"
            ) in shown


# --- the access log ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_access_log_names_what_was_seen(client, portal, language):
    from familieplan.core.object_types import object_type_label

    world = portal.shared.world
    family = portal.shared.family
    client.force_login(world.coordinator)
    client.get(f"/families/{family.pk}/")
    client.get(f"/plans/{family.pk}/")
    client.force_login(portal.mother_user)
    for page in ("", "plan/", "copy/", "access-log/"):
        client.get(f"/family/{page}")
    page = visit(client, world.privacy_officer, f"/access-log/?family={family.pk}", language)
    assert raw_keys(page, language) == []
    shown = text(page)
    assert object_type_label("families.family") in shown
    assert object_type_label("portal.copy") in shown
    # The family's own page too.
    page = visit(client, portal.mother_user, "/family/access-log/", language)
    assert raw_keys(page, language) == []


def test_every_object_type_in_the_log_reads_as_words():
    from django.apps import apps

    from familieplan.core.object_types import FAMILY_PAGES, LABELS, object_type_label

    codes = [m._meta.label_lower for m in apps.get_models()]
    codes += list(LABELS) + [f"portal.{page}" for page in FAMILY_PAGES] + ["portal.new_page"]
    for code in codes:
        label = object_type_label(code)
        assert label and not KEY.search(label) and label != code, code


# --- the plan's history --------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_plans_history_shows_changes_in_words(client, portal, language):
    shared = portal.shared
    world = shared.world
    plan = shared.family_goal.plan
    measure = shared.family_measure
    plans.measure_move(
        measure=measure, by=world.coordinator, to="in_progress", expected_version=measure.version
    )
    goal = shared.family_goal
    goal.refresh_from_db()
    plans.goal_update(goal=goal, by=world.coordinator, expected_version=goal.version, priority=1)
    plan.refresh_from_db()
    plans.plan_update(
        plan=plan, by=world.coordinator, expected_version=plan.version, legal_basis="other"
    )
    plan.refresh_from_db()
    first = plan.version - 3  # before the three changes above
    page = visit(
        client,
        world.coordinator,
        f"/plans/{shared.family.pk}/history/?a={first}&b={plan.version}"
        f"&as_of={timezone.localdate().isoformat()}",
        language,
    )
    assert raw_keys(page, language) == []
    shown = text(page)
    if language == "nb":
        assert "Tiltak: Skolen: Barna trives (status) endret Planlagt Pågår" in shown
        assert "Mål: Barna trives (prioritet) endret Middels Høy" in shown
        assert "Planen: rettsgrunnlag endret Plan i prosjektet (ikke lovpålagt) Annet" in shown


# --- a flag's facts ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_flag_names_the_score_and_the_question_not_their_keys(client, world, language):
    """WHO-5 raw score 5 (< 13) and answers of 1: the facts read as words."""
    from familieplan.families.models import ProgrammeSettings

    ProgrammeSettings.for_municipality(world.muni_a)
    today = timezone.localdate()
    family = make_family(unit=world.unit_a, name="Familien Flagg", coordinator=world.coordinator)
    family.stage = Family.Stage.ACTIVE
    family.save(update_fields=["stage"])
    Enrolment.objects.create(
        municipality=family.municipality,
        family=family,
        status="active",
        started_on=today - timedelta(days=30),
        planned_end=today + timedelta(days=1800),
    )
    adult = make_member(family=family, first_name="Kari")
    assessment = mapping.assessment_start(
        family=family, by=world.coordinator, occasion="extra", held_on=today
    )
    mapping.response_save(
        assessment=assessment,
        instrument=Instrument.objects.filter(key="who5").order_by("-version").first(),
        member=adult,
        answered_by="with_coordinator",
        answers=dict.fromkeys(("q1", "q2", "q3", "q4", "q5"), 1),
        final=True,
        by=world.coordinator,
    )
    mapping.assessment_complete(assessment=assessment, by=world.coordinator)
    for path in (f"/mapping/{family.pk}/", f"/mapping/{family.pk}/{assessment.pk}/"):
        page = visit(client, world.coordinator, path, language)
        shown = text(page)
        assert raw_keys(page, language) == [], path
        assert "item q1" not in shown and "raw 5" not in shown, path
        score = "Råskår (0–25)" if language == "nb" else "Raw score (0–25)"
        assert f"{score} 5 < 13" in shown, path
        assert re.search(r"«\s*I have felt cheerful and in good spirits\s*» 1 ≤ 1", shown), path


# --- the family's copy of everything -------------------------------------------------------


def test_the_familys_copy_names_its_scores(client, mapped):
    """The PDF reads as words ("Boligens standard 2"), not "housing_standard 2"."""
    from io import BytesIO

    from pypdf import PdfReader

    portal, _later = mapped
    client.force_login(portal.mother_user)
    response = client.get("/family/copy/?format=pdf")
    assert response.status_code == 200
    shown = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    shown = " ".join(EMAIL.sub(" ", shown).split())
    assert "Boligens standard 2" in shown
    assert KEY.findall(shown) == [] and "domain:" not in shown

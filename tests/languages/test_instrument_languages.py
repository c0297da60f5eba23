"""Instruments in several languages (docs/instruments.md): a name may be given in more
languages than the wording; ``wording_in`` says which language a wording is really written
in; and a version in use may gain translations, but nothing else."""

from __future__ import annotations

import pytest

from familieplan.mapping import catalogue, definition
from familieplan.mapping.models import Instrument, Response

BASE = """key: demo
version: 1
name: {nb: Demo, en: Demo}
description: {nb: Et eksempel, en: An example}
kind: questionnaire
about: adult
answered_by: [self]
languages: [nb, en]
licence: {nb: Fritt, en: Free}
source: {nb: Oss, en: Us}
items:
  - key: a
    text: {nb: "Hvordan går det?", en: "How are you?"}
    scale:
      kind: choice
      choices:
        - {value: 1, label: {nb: Dårlig, en: Badly}}
        - {value: 2, label: {nb: Bra, en: Well}}
"""


def test_a_name_may_be_given_in_more_languages_than_the_wording():
    spec = definition.parse(
        BASE.replace("name: {nb: Demo, en: Demo}", "name: {nb: Demo, en: Demo, ar: عرض}")
    )
    assert spec.name.pick("ar") == ("عرض", "ar")
    assert spec.item("a").text.pick("ar") == ("Hvordan går det?", "nb")


def test_a_name_language_must_look_like_a_language_code():
    with pytest.raises(definition.DefinitionError, match='"arabic" is not a language code'):
        definition.parse(BASE.replace("en: Demo}", "en: Demo, arabic: x}"))


def test_wording_in_marks_the_questions_and_answers_only():
    spec = definition.parse(
        BASE.replace("languages: [nb, en]", "languages: [nb, en]\nwording_in: {nb: en}")
    )
    assert spec.item("a").text.pick("nb") == ("Hvordan går det?", "en")
    assert spec.item("a").scale.choices[0].label.pick("ar") == ("Dårlig", "en")
    assert spec.name.pick("nb") == ("Demo", "nb")  # the name is not the wording
    assert spec.description.pick("nb") == ("Et eksempel", "nb")


@pytest.mark.parametrize(
    ("wording", "reason"),
    [
        ("{se: en}", 'language "se" is not listed in languages'),
        ("{nb: nb}", '"nb" must be the code of another language'),
        ("{nb: English}", '"English" must be the code of another language'),
        ("[nb, en]", "wording_in must be a mapping"),
    ],
)
def test_wording_in_is_checked(wording, reason):
    with pytest.raises(definition.DefinitionError, match=reason) as caught:
        definition.parse(
            BASE.replace("languages: [nb, en]", f"languages: [nb, en]\nwording_in: {wording}")
        )
    assert caught.value.line == 9


def test_only_translations_added_compares_what_was_asked_and_scored():
    old = definition.parse(BASE)
    more = definition.parse(
        BASE.replace("languages: [nb, en]", "languages: [nb, en, pl]")
        .replace("en: Demo}", "en: Demo, pl: Demo}")
        .replace("en: An example}", "en: An example, pl: Przykład}")
        .replace("en: Free}", "en: Free, pl: Wolne}")
        .replace("en: Us}", "en: Us, pl: My}")
        .replace('en: "How are you?"}', 'en: "How are you?", pl: "Jak leci?"}')
        .replace("en: Badly}", "en: Badly, pl: Źle}")
        .replace("en: Well}", "en: Well, pl: Dobrze}")
    )
    assert definition.only_translations_added(old, more)
    assert not definition.only_translations_added(more, old)  # a language taken away
    reworded = definition.parse(BASE.replace("Hvordan går det?", "Hvordan har du det?"))
    assert not definition.only_translations_added(old, reworded)
    rescored = definition.parse(BASE.replace("value: 2,", "value: 3,"))
    assert not definition.only_translations_added(old, rescored)


@pytest.fixture
def used_demo(tmp_path, mapped):
    """The demo instrument shipped from `tmp_path` and answered once."""
    portal, later = mapped
    (tmp_path / "demo.v1.yaml").write_text(BASE, encoding="utf-8")
    catalogue.sync_shipped(tmp_path)
    instrument = Instrument.objects.get(key="demo", version=1)
    Response.objects.create(
        municipality_id=later.municipality_id,
        assessment=later,
        instrument=instrument,
        instrument_key="demo",
        answered_by="coordinator",
        filled_by=portal.shared.world.coordinator,
    )
    return tmp_path


def test_a_version_in_use_may_gain_translations(used_demo):
    translated = BASE.replace(
        "name: {nb: Demo, en: Demo}", "name: {nb: Demo, en: Demo, so: Tijaabo}"
    )
    (used_demo / "demo.v1.yaml").write_text(translated, encoding="utf-8")
    assert [i.key for i in catalogue.sync_shipped(used_demo)] == ["demo"]
    assert Instrument.objects.get(key="demo").spec.name.get("so") == "Tijaabo"


def test_a_version_in_use_may_not_change_its_wording(used_demo):
    (used_demo / "demo.v1.yaml").write_text(BASE.replace("Bra", "Godt"), encoding="utf-8")
    with pytest.raises(definition.DefinitionError, match="already in use"):
        catalogue.sync_shipped(used_demo)
    assert "Bra" in Instrument.objects.get(key="demo").definition

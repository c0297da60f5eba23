"""The shipped instrument files (familieplan/mapping/instruments/): they load, follow the
naming and language rules, and carry no wording of instruments that may not be embedded
(REFERENCE.md §4)."""

import dataclasses
from pathlib import Path

import pytest

from familieplan.mapping.definition import (
    INSTRUMENT_DIR,
    Instrument,
    Text,
    load_directory,
    load_file,
)
from familieplan.mapping.scoring import Problem, clean_answers, score

FILES = sorted(INSTRUMENT_DIR.glob("*.yaml"))
INSTRUMENTS = {instrument.key: instrument for instrument in load_directory()}

#: The shipped default life domains, as in familieplan.families.models.programme
#: (DEFAULT_DOMAINS; the six outcome goals of MODEL.md §2).
DEFAULT_DOMAINS = [
    ("housing", Text({"nb": "Bolig"})),
    ("economy", Text({"nb": "Økonomi"})),
    ("work", Text({"nb": "Arbeid og aktivitet"})),
    ("health", Text({"nb": "Helse"})),
    ("social", Text({"nb": "Barnas fritid og sosiale liv"})),
    ("school", Text({"nb": "Barnehage og skole"})),
]

EXPECTED = {
    "who5",
    "who5-youth",
    "cantril",
    "cantril-youth",
    "gse",
    "domain-rating",
    "child-voice",
    "living-household",
    "living-adult",
    "living-child",
    "living-youth",
    "sdq",
    "kidscreen27",
    "eq5d",
}


def texts(value):
    """Every Text inside a definition."""
    if isinstance(value, Text):
        yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from texts(getattr(value, field.name))
    elif isinstance(value, tuple):
        for element in value:
            yield from texts(element)


#: Instruments with more than one shipped version, and their newest (the others: 1).
NEWEST = {"who5": 2, "who5-youth": 2, "gse": 2}


def test_every_file_loads():
    assert len(FILES) == len(load_directory()) == sum(NEWEST.get(k, 1) for k in EXPECTED)
    assert set(INSTRUMENTS) == EXPECTED
    assert {key: i.version for key, i in INSTRUMENTS.items() if i.version > 1} == NEWEST
    loaded = [(i.key, i.version) for i in load_directory()]
    assert loaded == sorted(loaded)


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_file_name_is_key_and_version(path: Path):
    instrument = load_file(path)
    assert path.name == f"{instrument.key}.v{instrument.version}.yaml"
    assert 1 <= instrument.version <= NEWEST.get(instrument.key, 1)


@pytest.mark.parametrize("key", sorted(NEWEST))
def test_a_later_version_only_drops_the_note_to_the_administrator(key):
    """Version 2 of WHO-5 and GSE asks and scores exactly as version 1 (answers compare across
    them); only the description lost its note to the administrator (now in the admin)."""
    versions = {i.version: i for i in load_directory() if i.key == key}
    first, newest = versions[1], versions[NEWEST[key]]
    assert dataclasses.replace(newest, version=1, description=first.description) == first
    assert "dministrator" in first.description.get("nb")
    assert "dministrator" not in newest.description.get("nb")
    assert newest.description.get("nb") in first.description.get("nb")


#: Our own instruments: every text in every family language (decision 0013).
OWN = {
    "domain-rating",
    "child-voice",
    "living-household",
    "living-adult",
    "living-child",
    "living-youth",
}
FAMILY_LANGUAGES = {"nb", "nn", "en", "ar", "so", "pl", "uk", "ti"}
#: Licensed questionnaires with only the official English wording loaded (under nb too).
ENGLISH_WORDING = {"who5", "who5-youth", "gse"}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_text_has_nb_and_en_and_our_own_every_family_language(key):
    """Our own instruments are translated; a licensed wording is not (only its name is)."""
    instrument = INSTRUMENTS[key]
    languages = FAMILY_LANGUAGES if key in OWN else {"nb", "en"}
    assert set(instrument.languages) == languages
    assert set(instrument.name.values) == FAMILY_LANGUAGES
    found = list(texts(instrument))
    assert found
    for text in found:
        if text is not instrument.name:
            assert set(text.values) == languages, text
        assert all(value.strip() for value in text.values.values())


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_a_wording_shown_in_its_original_says_so(key):
    """WHO-5 and GSE give the official English wording under nb too: it is marked English."""
    instrument = INSTRUMENTS[key]
    expected = {"nb": "en"} if key in ENGLISH_WORDING else {}
    assert instrument.wording_in == expected
    for item in instrument.items:
        assert item.text.pick("nb") == (item.text.get("nb"), expected.get("nb", "nb"))
        for choice in item.scale.choices:
            assert choice.label.pick("nb")[1] == expected.get("nb", "nb")


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_licence_and_source_are_given(key):
    instrument = INSTRUMENTS[key]
    assert instrument.licence.get("en")
    assert instrument.source.get("en")


def test_domain_rating_with_the_six_default_domains():
    rating = INSTRUMENTS["domain-rating"]
    assert rating.kind == "domain_rating"
    assert rating.about == "family"
    assert rating.answered_by == ("self", "with_coordinator")
    scale = rating.items_from_domains
    assert (scale.kind, scale.minimum, scale.maximum) == ("integer", 1, 10)
    assert scale.low_label.get("en") == "Very bad"
    assert scale.high_label.get("en") == "Very good"

    filled = rating.with_domains(DEFAULT_DOMAINS)
    keys = [f"domain:{slug}" for slug, _ in DEFAULT_DOMAINS]
    assert [item.key for item in filled.items] == keys
    assert [rule.key for rule in filled.scores] == [*keys, "mean"]
    assert filled.score_rule("mean").max_missing == 5

    cleaned, problems = clean_answers(
        filled, {"domain:housing": "3", "domain:economy": "11", "domain:work": "8"}, final=True
    )
    assert problems == {"domain:economy": Problem.OUT_OF_SCALE}
    result = score(filled, cleaned)
    assert result.scores["domain:housing"] == 3.0
    assert result.scores["domain:economy"] is None
    assert result.scores["mean"] == 5.5
    assert score(filled, {}).scores["mean"] is None


# --- the published instruments -------------------------------------------------------------


def test_who5():
    who5 = INSTRUMENTS["who5"]
    assert (who5.kind, who5.about, who5.min_age, who5.max_age) == (
        "questionnaire",
        "adult",
        None,
        None,
    )
    assert [item.text.get("en") for item in who5.items] == [
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    ]
    labels = [(c.value, c.label.get("en")) for c in who5.items[0].scale.choices]
    assert labels == [
        (5, "All of the time"),
        (4, "Most of the time"),
        (3, "More than half of the time"),
        (2, "Less than half of the time"),
        (1, "Some of the time"),
        (0, "At no time"),
    ]
    # No retranslation: until the official Norwegian wording is added, nb shows the English.
    for item in who5.items:
        assert item.text.get("nb") == item.text.get("en")
        for choice in item.scale.choices:
            assert choice.label.get("nb") == choice.label.get("en")
    # The note for the administrator (Olaf Bakke's 2004 translation to add) is in the admin now.
    assert who5.description.get("nb") == "Fem utsagn om hvordan du har hatt det de siste to ukene."
    assert "Psychiatric Research Unit, Mental Health Centre North Zealand" in who5.licence.get("en")
    raw, percent = who5.scores
    assert (raw.key, raw.method, raw.max_missing, raw.minimum, raw.maximum) == (
        "raw",
        "sum",
        0,
        0,
        25,
    )
    assert (percent.key, percent.method, percent.source, percent.factor) == (
        "percent",
        "multiply",
        "raw",
        4,
    )
    assert (percent.minimum, percent.maximum, percent.meaningful_change) == (0, 100, 10)
    assert [flag.key for flag in who5.flags] == ["low_wellbeing", "low_item"]


@pytest.mark.parametrize(("adult", "youth"), [("who5", "who5-youth"), ("cantril", "cantril-youth")])
def test_youth_versions_match_the_adult_ones(adult, youth):
    """The youth files (15–17) differ from the adult ones only in who they are about."""
    a, y = INSTRUMENTS[adult], INSTRUMENTS[youth]
    assert (a.about, y.about, y.min_age, y.max_age) == ("adult", "youth", 15, 17)
    for field in ("items", "scores", "flags", "categories", "licence", "source", "description"):
        assert getattr(a, field) == getattr(y, field), field


def test_cantril():
    cantril = INSTRUMENTS["cantril"]
    assert [item.key for item in cantril.items] == ["now", "future"]
    for item in cantril.items:
        assert (item.scale.kind, item.scale.minimum, item.scale.maximum) == ("integer", 0, 10)
        assert item.scale.low_label.get("en") == "Worst possible life"
        assert item.scale.high_label.get("en") == "Best possible life"
    (ladder,) = cantril.categories
    assert [g.value for g in ladder.groups] == ["thriving", "suffering"]
    assert ladder.otherwise.value == "struggling"
    assert [rule.key for rule in cantril.scores] == ["now", "future"]


def test_gse():
    gse = INSTRUMENTS["gse"]
    assert gse.requires_setting == "gse"
    assert "Schwarzer" in gse.licence.get("en") and "Jerusalem" in gse.licence.get("en")
    assert "research" in gse.licence.get("en")
    assert len(gse.items) == 10
    assert gse.items[0].text.get("en") == (
        "I can always manage to solve difficult problems if I try hard enough."
    )
    assert gse.items[-1].text.get("en") == "I can usually handle whatever comes my way."
    assert [(c.value, c.label.get("en")) for c in gse.items[0].scale.choices] == [
        (1, "Not at all true"),
        (2, "Hardly true"),
        (3, "Moderately true"),
        (4, "Exactly true"),
    ]
    total, mean = gse.scores
    assert (total.method, total.max_missing, total.minimum, total.maximum) == (
        "prorated_sum",
        3,
        10,
        40,
    )
    assert (mean.method, mean.max_missing, mean.minimum, mean.maximum) == ("mean", 3, 1, 4)
    assert gse.flags == () and gse.categories == ()  # No cut-off.


def test_child_voice():
    voice = INSTRUMENTS["child-voice"]
    assert (voice.about, voice.min_age, voice.max_age) == ("child", 6, 17)
    assert voice.item("most_important").scale.kind == "text"
    (mean,) = voice.scores
    assert (mean.method, mean.max_missing, mean.minimum, mean.maximum) == ("mean", 1, 1, 5)
    assert "most_important" not in mean.items


@pytest.mark.parametrize(
    ("key", "about", "ages"),
    [
        ("living-household", "family", (None, None)),
        ("living-adult", "adult", (None, None)),
        ("living-child", "child", (0, 17)),
        ("living-youth", "youth", (15, 24)),
    ],
)
def test_living_conditions_indicators(key, about, ages):
    """Indicators: one item score per item; categorical only for choice items."""
    instrument = INSTRUMENTS[key]
    assert instrument.kind == "indicators"
    assert (instrument.about, (instrument.min_age, instrument.max_age)) == (about, ages)
    assert instrument.answered_by == ("with_coordinator", "coordinator")
    assert [rule.key for rule in instrument.scores] == [item.key for item in instrument.items]
    for rule in instrument.scores:
        assert rule.method == "item"
        assert rule.items == (rule.key,)


def test_categorical_indicators():
    categorical = {
        (key, rule.key)
        for key, instrument in INSTRUMENTS.items()
        if instrument.kind == "indicators"
        for rule in instrument.scores
        if rule.kind == "categorical"
    }
    assert categorical == {
        ("living-adult", "work_activity"),
        ("living-child", "attendance"),
        ("living-youth", "upper_secondary"),
    }
    assert INSTRUMENTS["living-household"].score_rule("moves").higher_is_better is False


# --- external totals -----------------------------------------------------------------------

#: Fragments of the questionnaires' own wording that must never be carried (REFERENCE.md §4).
FORBIDDEN = [
    # SDQ
    "considerate of other",
    "restless, overactive",
    "headaches",
    "loses temper",
    "picked on or bullied",
    "many worries",
    "steals from home",
    # KIDSCREEN
    "felt fit and well",
    "physically active",
    "full of energy",
    "felt lonely",
    "treated you fairly",
    "enough money",
    "pay attention",
    # EQ-5D
    "walking about",
    "washing or dressing",
    "pain or discomfort",
    "anxious or depressed",
    "best health you can imagine",
]


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_no_file_carries_licensed_item_wording(path):
    text = path.read_text(encoding="utf-8").lower()
    for fragment in FORBIDDEN:
        assert fragment not in text, fragment


@pytest.mark.parametrize(
    ("key", "about", "ages", "licence_word"),
    [
        ("sdq", "child", (4, 17), "youthinmind"),
        ("kidscreen27", "child", (8, 17), "KIDSCREEN group"),
        ("eq5d", "adult", (None, None), "EuroQol"),
    ],
)
def test_external_instruments_hold_totals_only(key, about, ages, licence_word):
    """Only numbers scored elsewhere (and who filled the form in) — never the items."""
    instrument: Instrument = INSTRUMENTS[key]
    assert instrument.kind == "external"
    assert instrument.answered_by == ("coordinator",)
    assert (instrument.about, (instrument.min_age, instrument.max_age)) == (about, ages)
    assert licence_word in instrument.licence.get("en")
    for item in instrument.items:
        if item.key == "informant":
            assert item.scale.kind == "choice"
        else:
            assert item.scale.kind in ("integer", "number")


def test_external_ranges():
    sdq = INSTRUMENTS["sdq"]
    total = sdq.score_rule("total_difficulties")
    assert (total.minimum, total.maximum, total.higher_is_better) == (0, 40, False)
    assert sdq.item("total_difficulties").required is True
    kidscreen = INSTRUMENTS["kidscreen27"]
    dimensions = [rule for rule in kidscreen.scores if rule.kind == "numeric"]
    assert len(dimensions) == 5
    for rule in dimensions:  # No invented range.
        assert (rule.minimum, rule.maximum) == (None, None)
        assert kidscreen.item(rule.key).scale.kind == "number"
    eq5d = INSTRUMENTS["eq5d"]
    index, vas = eq5d.item("index").scale, eq5d.item("vas").scale
    assert (index.kind, index.minimum, index.maximum) == ("number", None, 1)
    assert (vas.kind, vas.minimum, vas.maximum) == ("integer", 0, 100)
    cleaned, problems = clean_answers(eq5d, {"index": "-0,2", "vas": "70"}, final=True)
    assert problems == {}
    assert score(eq5d, cleaned).scores == {"index": -0.2, "vas": 70.0}

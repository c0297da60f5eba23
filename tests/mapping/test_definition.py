"""Tests for familieplan.mapping.definition: the instrument file format, loader and checks.

Every rejection names the line of the offending YAML node. In the tables the expected line is
marked in the YAML itself with ``# <-``, so the cases stay right when the texts change.
"""

import contextlib
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familieplan.mapping import definition
from familieplan.mapping.definition import (
    DefinitionError,
    Instrument,
    Scale,
    ScoreRule,
    Text,
    load_directory,
    load_file,
    parse,
)

BASE = """\
key: demo
version: 1
name: {nb: Demo, en: Demo}
description: {nb: Et eksempel, en: An example}
kind: questionnaire
about: adult
answered_by: [self]
languages: [nb, en]
licence: {nb: Fri, en: Free}
source: {nb: Vår egen, en: Our own}
scales:
  yes_no:
    kind: choice
    choices:
      - value: 0
        label: {nb: Nei, en: No}
      - value: 1
        label: {nb: Ja, en: Yes}
items:
  - key: a
    text: {nb: A, en: A}
    scale: {kind: integer, minimum: 0, maximum: 4}
  - key: b
    text: {nb: B, en: B}
    scale: {kind: integer, minimum: 0, maximum: 4}
    required: true
  - key: c
    text: {nb: C, en: C}
    scale: yes_no
  - key: note
    text: {nb: Merknad, en: Note}
    scale: {kind: text}
scores:
  - key: total
    label: {nb: Sum, en: Sum}
    method: sum
    items: [a, b]
  - key: double
    label: {nb: Dobbel, en: Double}
    method: multiply
    source: total
    factor: 2
flags:
  - key: low
    reason: {nb: Lav, en: Low}
    when:
      - {score: total, below: 2}
categories:
  - key: band
    label: {nb: Bånd, en: Band}
    groups:
      - value: high
        label: {nb: Høy, en: High}
        when:
          - {item: a, at_least: 3}
    otherwise:
      value: other
      label: {nb: Annet, en: Other}
"""

MARK = "# <-"
YES_NO_CHOICES = BASE[BASE.index("    kind: choice\n") : BASE.index("items:\n")]


def variant(*replacements: tuple[str, str]) -> str:
    """BASE with each ``old`` (which must occur exactly once) replaced by ``new``."""
    text = BASE
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def marked_line(text: str) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if MARK in line]
    assert len(lines) == 1, "mark exactly one line"
    return lines[0]


def test_base_is_valid():
    instrument = parse(BASE)
    assert instrument.key == "demo"
    assert instrument.version == 1
    assert instrument.languages == ("nb", "en")
    assert [item.key for item in instrument.items] == ["a", "b", "c", "note"]
    assert instrument.item("b").required is True
    assert instrument.item("a").required is False
    assert instrument.item("c").scale == instrument.item("c").scale  # The named scale, shared.
    assert [choice.value for choice in instrument.item("c").scale.choices] == [0, 1]
    assert instrument.score_rule("double").source == "total"
    assert instrument.score_rule("double").factor == 2.0
    assert instrument.flags[0].when[0].score == "total"
    assert instrument.flags[0].when[0].op == "below"
    assert instrument.flags[0].when[0].value == 2.0
    assert instrument.categories[0].otherwise.value == "other"
    assert instrument.categories[0].otherwise.when == ()
    assert instrument.items_from_domains is None
    assert instrument.requires_setting is None


def test_lookups_raise_key_error():
    instrument = parse(BASE)
    with pytest.raises(KeyError):
        instrument.item("nope")
    with pytest.raises(KeyError):
        instrument.score_rule("nope")


def test_texts_are_taken_as_written():
    """YAML 1.1 would read "No" and "Yes" as booleans; a text field keeps the words."""
    instrument = parse(BASE)
    labels = [choice.label.get("en") for choice in instrument.item("c").scale.choices]
    assert labels == ["No", "Yes"]


def test_folded_texts_are_stripped():
    text = variant(
        (
            "description: {nb: Et eksempel, en: An example}",
            "description:\n  nb: >-\n    To\n    linjer\n  en: |\n    Two\n    lines\n",
        )
    )
    assert parse(text).description.values == {"nb": "To linjer", "en": "Two\nlines"}


def test_text_get_falls_back_to_nb_then_any():
    text = Text({"nb": "Hei", "en": "Hello"})
    assert text.get("en") == "Hello"
    assert text.get("se") == "Hei"
    assert text.get() == "Hei"
    assert str(text) == "Hei"
    assert Text({"en": "Hello"}).get("nb") == "Hello"
    assert Text({}).get("nb") == ""


def test_instruments_are_hashable_and_picklable():
    instrument = parse(BASE)
    assert hash(instrument) == hash(parse(BASE))
    assert pickle.loads(pickle.dumps(instrument)) == instrument


def test_definition_error_message():
    assert str(DefinitionError("x.yaml", 3, "bad")) == "x.yaml, line 3: bad"
    assert str(DefinitionError("x.yaml", None, "bad")) == "x.yaml: bad"
    error = DefinitionError("x.yaml", 3, "bad")
    assert (error.origin, error.line, error.reason) == ("x.yaml", 3, "bad")
    assert isinstance(error, ValueError)


# --- derived score ranges ----------------------------------------------------------------


def scores_text(scores: str, items: str = "") -> str:
    """A small instrument with items a, b, c (0..4), d (-2..3) and the given scores."""
    return f"""\
key: ranges
version: 1
name: {{nb: R}}
description: {{nb: R}}
kind: questionnaire
about: adult
answered_by: [self]
languages: [nb]
licence: {{nb: R}}
source: {{nb: R}}
items:
  - {{key: a, text: {{nb: A}}, scale: {{kind: integer, minimum: 0, maximum: 4}}}}
  - {{key: b, text: {{nb: B}}, scale: {{kind: integer, minimum: 0, maximum: 4}}}}
  - {{key: c, text: {{nb: C}}, scale: {{kind: integer, minimum: 1, maximum: 4}}}}
  - {{key: d, text: {{nb: D}}, scale: {{kind: number, minimum: -2, maximum: 3}}}}
  - {{key: open, text: {{nb: O}}, scale: {{kind: number, minimum: 0}}}}
{items}scores:
{scores}"""


@pytest.mark.parametrize(
    ("rule", "low", "high"),
    [
        # All answered: the sums of the ends.
        ("{key: s, label: {nb: S}, method: sum, items: [a, b, c]}", 1, 12),
        # One may be missing: the smallest sum leaves out c (minimum 1).
        ("{key: s, label: {nb: S}, method: sum, items: [a, b, c], max_missing: 1}", 0, 12),
        # With a negative minimum, leaving out an item never lowers the sum below -2.
        ("{key: s, label: {nb: S}, method: sum, items: [c, d], max_missing: 1}", -2, 7),
        ("{key: s, label: {nb: S}, method: mean, items: [a, c]}", 0.5, 4),
        # One of two may be missing: a mean of a alone can be 0.
        ("{key: s, label: {nb: S}, method: mean, items: [a, c], max_missing: 1}", 0, 4),
        ("{key: s, label: {nb: S}, method: prorated_sum, items: [a, c], max_missing: 1}", 0, 8),
        ("{key: s, label: {nb: S}, method: item, items: [d]}", -2, 3),
        # Unbounded above: no maximum.
        ("{key: s, label: {nb: S}, method: item, items: [open]}", 0, None),
        ("{key: s, label: {nb: S}, method: sum, items: [a, open]}", 0, None),
        # Given ranges win.
        ("{key: s, label: {nb: S}, method: sum, items: [a, b], minimum: 2, maximum: 5}", 2, 5),
    ],
)
def test_score_range_is_derived_from_the_scales(rule, low, high):
    """When minimum/maximum are left out, the range is the exact possible range of the score."""
    score = parse(scores_text(f"  - {rule}\n")).score_rule("s")
    assert (score.minimum, score.maximum) == (low, high)


def test_multiply_range_follows_the_source_and_the_sign():
    text = scores_text(
        "  - {key: s, label: {nb: S}, method: item, items: [d]}\n"
        "  - {key: t, label: {nb: T}, method: multiply, source: s, factor: -2}\n"
        "  - {key: u, label: {nb: U}, method: multiply, source: s, factor: 0.1}\n"
    )
    instrument = parse(text)
    assert (instrument.score_rule("t").minimum, instrument.score_rule("t").maximum) == (-6, 4)
    assert (instrument.score_rule("u").minimum, instrument.score_rule("u").maximum) == (-0.2, 0.3)


def test_categorical_score_has_no_range():
    text = variant(
        (
            "flags:\n",
            "  - {key: cat, label: {nb: K, en: C}, method: item, items: [c], "
            "kind: categorical}\nflags:\n",
        )
    )
    rule = parse(text).score_rule("cat")
    assert rule.kind == "categorical"
    assert (rule.minimum, rule.maximum) == (None, None)


# --- rejections --------------------------------------------------------------------------

# (case id, YAML text with the offending line marked, a word the reason must contain)
REJECTIONS = [
    # YAML itself.
    (
        "yaml syntax",
        variant(("kind: questionnaire", "kind: questionnaire\n  oops: 1  # <-")),
        "not valid YAML",
    ),
    # PyYAML notices an unclosed list at the next token, so that is the line it names.
    (
        "yaml unclosed flow",
        variant(
            (
                "answered_by: [self]\nlanguages: [nb, en]",
                "answered_by: [self\nlanguages: [nb, en]  # <-",
            )
        ),
        "not valid YAML",
    ),
    (
        "yaml duplicate key",
        variant(("version: 1", "version: 1\nversion: 2  # <-")),
        '"version" is given twice',
    ),
    ("not a mapping", "- key: demo  # <-\n", "must be a mapping"),
    # Missing and unknown fields.
    (
        "missing top field",
        variant(("key: demo", "key: demo  # <-"), ("about: adult\n", "")),
        'missing required field "about"',
    ),
    (
        "missing item text",
        variant(("  - key: a\n    text: {nb: A, en: A}\n", "  - key: a  # <-\n")),
        'missing required field "text"',
    ),
    (
        "unknown top field",
        variant(("about: adult", "about: adult\nabuot: adult  # <-")),
        'unknown field "abuot" (did you mean "about"?)',
    ),
    (
        "unknown item field",
        variant(("    required: true", "    requird: true  # <-")),
        'unknown field "requird" (did you mean "required"?)',
    ),
    (
        "unknown score field",
        variant(("    factor: 2", "    factor: 2\n    fator: 3  # <-")),
        'unknown field "fator"',
    ),
    (
        "field not for method",
        variant(("    factor: 2", "    factor: 2\n    max_missing: 0  # <-")),
        '"max_missing" is not used by the multiply method',
    ),
    (
        "field not for scale",
        variant(("{kind: text}", "{kind: text, minimum: 0}  # <-")),
        '"minimum" is not used by a text scale',
    ),
    # Wrong types.
    ("version not a number", variant(("version: 1", "version: one  # <-")), "whole number"),
    ("version zero", variant(("version: 1", "version: 0  # <-")), "positive"),
    ("version negative", variant(("version: 1", "version: -1  # <-")), "positive"),
    ("version decimal", variant(("version: 1", "version: 1.5  # <-")), "whole number"),
    (
        "version explicit bad int",
        variant(("version: 1", "version: !!int one  # <-")),
        "whole number",
    ),
    (
        "answered_by not a list",
        variant(("answered_by: [self]", "answered_by: self  # <-")),
        "must be a list",
    ),
    (
        "required not boolean",
        variant(("    required: true", "    required: maybe  # <-")),
        "true or false",
    ),
    (
        "text not a mapping",
        variant(("name: {nb: Demo, en: Demo}", "name: Demo  # <-")),
        "mapping from language to text",
    ),
    ("factor not a number", variant(("    factor: 2", "    factor: two  # <-")), "number"),
    ("infinite factor", variant(("    factor: 2", "    factor: .inf  # <-")), "finite"),
    (
        "choice value decimal",
        variant(("      - value: 1\n", "      - value: 1.5  # <-\n")),
        "whole number",
    ),
    (
        "integer scale decimal bound",
        variant(
            (
                "    scale: {kind: integer, minimum: 0, maximum: 4}\n    required: true",
                "    scale: {kind: integer, minimum: 0, maximum: 4.5}  # <-\n    required: true",
            )
        ),
        "whole number",
    ),
    ("bad key", variant(("  - key: a\n", "  - key: A-1  # <-\n")), "lower-case"),
    # Unknown values.
    (
        "unknown kind",
        variant(("kind: questionnaire", "kind: survey  # <-")),
        'kind "survey" is not one of',
    ),
    (
        "unknown about",
        variant(("about: adult", "about: parent  # <-")),
        'about "parent" is not one of',
    ),
    (
        "unknown answered_by",
        variant(("answered_by: [self]", "answered_by: [self, nurse]  # <-")),
        '"nurse" is not one of',
    ),
    (
        "unknown method",
        variant(("    method: sum", "    method: total  # <-")),
        'method "total" is not one of',
    ),
    (
        "unknown scale kind",
        variant(("{kind: text}", "{kind: slider}  # <-")),
        'kind "slider" is not one of',
    ),
    (
        "unknown op",
        variant(("{score: total, below: 2}", "{score: total, under: 2}  # <-")),
        'unknown test or field "under"',
    ),
    (
        "unknown score kind",
        variant(("    factor: 2", "    factor: 2\n    kind: ordinal  # <-")),
        'kind "ordinal" is not one of',
    ),
    (
        "unknown named scale",
        variant(("    scale: yes_no", "    scale: ja_nei  # <-")),
        'no scale named "ja_nei"',
    ),
    # Duplicates.
    (
        "duplicate item",
        variant(("  - key: b\n", "  - key: a  # <-\n")),
        'item "a" is defined twice',
    ),
    (
        "duplicate score",
        variant(("  - key: double", "  - key: total  # <-")),
        'score "total" is defined twice',
    ),
    (
        "duplicate flag",
        variant(
            (
                "      - {score: total, below: 2}\n",
                "      - {score: total, below: 2}\n  - key: low  # <-\n    reason: {nb: L, en: L}\n"
                "    when: [{score: total, below: 1}]\n",
            )
        ),
        'flag "low" is defined twice',
    ),
    (
        "duplicate group",
        variant(("      value: other", "      value: high  # <-")),
        'group "high" is given twice',
    ),
    (
        "duplicate item in score",
        variant(("    items: [a, b]", "    items: [a, a]  # <-")),
        '"a" is given twice',
    ),
    (
        "duplicate choice value",
        variant(("      - value: 1\n", "      - value: 0  # <-\n")),
        "choice value 0 is given twice",
    ),
    (
        "duplicate language",
        variant(("languages: [nb, en]", "languages: [nb, en, en]  # <-")),
        '"en" is given twice',
    ),
    # References.
    (
        "score unknown item",
        variant(("    items: [a, b]", "    items: [a, x]  # <-")),
        'score "total": item "x" is not an item of this instrument',
    ),
    (
        "score on text item",
        variant(("    items: [a, b]", "    items: [a, note]  # <-")),
        'score "total": item "note" is free text and cannot be scored',
    ),
    (
        "score unknown source",
        variant(("    source: total", "    source: rawx  # <-")),
        'source "rawx" is not a score defined above',
    ),
    (
        "score later source",
        variant(
            ("    source: total", "    source: later  # <-"),
            (
                "    factor: 2\n",
                "    factor: 2\n  - key: later\n    label: {nb: L, en: L}\n"
                "    method: item\n    items: [a]\n",
            ),
        ),
        'source "later" is not a score defined above',
    ),
    (
        "score own source",
        variant(("    source: total", "    source: double  # <-")),
        'source "double" is not a score defined above',
    ),
    (
        "item method two items",
        variant(
            ("    method: sum\n    items: [a, b]", "    method: item\n    items: [a, b]  # <-")
        ),
        "exactly one item, not 2",
    ),
    (
        "item method no items",
        variant(("    method: sum\n    items: [a, b]", "    method: item\n    items: []  # <-")),
        "items must not be empty",
    ),
    (
        "multiply without factor",
        variant(("  - key: double", "  - key: double  # <-"), ("    factor: 2\n", "")),
        'the multiply method needs "factor"',
    ),
    (
        "sum without items",
        variant(("  - key: total", "  - key: total  # <-"), ("    items: [a, b]\n", "")),
        'the sum method needs "items"',
    ),
    (
        "max_missing negative",
        variant(("    items: [a, b]", "    items: [a, b]\n    max_missing: -1  # <-")),
        "max_missing must be 0 or more",
    ),
    (
        "max_missing all items",
        variant(("    items: [a, b]", "    items: [a, b]\n    max_missing: 2  # <-")),
        "must be less than the number of items (2)",
    ),
    (
        "categorical on integer item",
        variant(
            (
                "    method: sum\n    items: [a, b]\n",
                "    method: item\n    items: [a]\n    kind: categorical  # <-\n",
            )
        ),
        "categorical score must be one choice item",
    ),
    (
        "categorical with range",
        variant(
            (
                "    method: sum\n    items: [a, b]\n",
                "    method: item\n    items: [c]\n    kind: categorical\n    maximum: 1  # <-\n",
            )
        ),
        "categorical score has no maximum",
    ),
    (
        "meaningful change zero",
        variant(("    factor: 2", "    factor: 2\n    meaningful_change: 0  # <-")),
        "meaningful_change must be above 0",
    ),
    (
        "score min above max",
        variant(("    factor: 2", "    factor: 2\n    minimum: 5\n    maximum: 1  # <-")),
        "minimum 5 is greater than maximum 1",
    ),
    # Scales.
    (
        "scale min above max",
        variant(
            (
                "{kind: integer, minimum: 0, maximum: 4}\n    required",
                "{kind: integer, minimum: 5, maximum: 4}  # <-\n    required",
            )
        ),
        "minimum 5 is greater than maximum 4",
    ),
    (
        "choice scale without choices",
        variant(
            (
                YES_NO_CHOICES,
                "    kind: choice\n    choices: []  # <-\n",
            )
        ),
        "needs at least one choice",
    ),
    (
        "choice scale choices missing",
        variant(
            (
                YES_NO_CHOICES,
                "    kind: choice  # <-\n",
            )
        ),
        "a choice scale needs choices",
    ),
    # Conditions.
    (
        "flag unknown score",
        variant(("{score: total, below: 2}", "{score: totl, below: 2}  # <-")),
        'flag "low": score "totl" is not a score of this instrument',
    ),
    (
        "flag unknown item",
        variant(("{score: total, below: 2}", "{item: z, below: 2}  # <-")),
        'flag "low": item "z" is not an item of this instrument',
    ),
    (
        "flag unknown any_item",
        variant(("{score: total, below: 2}", "{any_item: [a, z], below: 2}  # <-")),
        'flag "low": item "z" is not an item of this instrument',
    ),
    (
        "flag text item",
        variant(("{score: total, below: 2}", "{item: note, below: 2}  # <-")),
        'flag "low": item "note" is free text and cannot be scored',
    ),
    (
        "category unknown item",
        variant(("{item: a, at_least: 3}", "{item: q, at_least: 3}  # <-")),
        'category "band": group "high": item "q" is not an item of this instrument',
    ),
    (
        "category unknown score",
        variant(("{item: a, at_least: 3}", "{score: nope, at_least: 3}  # <-")),
        'group "high": score "nope" is not a score of this instrument',
    ),
    (
        "condition two subjects",
        variant(("{score: total, below: 2}", "{score: total, item: a, below: 2}  # <-")),
        "found 2 of score, item, any_item",
    ),
    (
        "condition two tests",
        variant(("{score: total, below: 2}", "{score: total, below: 2, above: 0}  # <-")),
        "found 2 tests",
    ),
    (
        "condition no test",
        variant(("{score: total, below: 2}", "{score: total}  # <-")),
        "found 0 tests",
    ),
    (
        "condition value not a number",
        variant(("{score: total, below: 2}", "{score: total, below: low}  # <-")),
        "below must be a number",
    ),
    (
        "flag without conditions",
        variant(("    when:\n      - {score: total, below: 2}", "    when: []  # <-")),
        "at least one condition",
    ),
    # Languages.
    (
        "text missing nb",
        variant(("name: {nb: Demo, en: Demo}", "name: {en: Demo}  # <-")),
        'has no "nb" text',
    ),
    (
        "text missing listed language",
        variant(("    label: {nb: Dobbel, en: Double}", "    label: {nb: Dobbel}  # <-")),
        'has no "en" text',
    ),
    (
        "text extra language",
        variant(
            (
                "description: {nb: Et eksempel, en: An example}",
                "description: {nb: Et eksempel, en: An example, se: Ovdamearka}  # <-",
            )
        ),
        'language "se" is not listed in languages',
    ),
    (
        "text comma in short form",
        variant(
            (
                "description: {nb: Et eksempel, en: An example}",
                "description: {nb: Arbeid, heltid, en: An example}  # <-",
            )
        ),
        'language "heltid" is not listed in languages',
    ),
    (
        "text empty",
        variant(("name: {nb: Demo, en: Demo}", 'name: {nb: Demo, en: ""}  # <-')),
        "name (en) is empty",
    ),
    (
        "languages without nb",
        variant(("languages: [nb, en]", "languages: [en]  # <-")),
        'languages must include "nb"',
    ),
    (
        "bad language code",
        variant(("languages: [nb, en]", "languages: [nb, English]  # <-")),
        '"English" is not a language code',
    ),
    # Ages and kinds.
    (
        "ages on adult",
        variant(("about: adult", "about: adult\nmin_age: 18  # <-")),
        "min_age is only for instruments about a child or youth",
    ),
    (
        "min_age above max_age",
        variant(("about: adult", "about: child\nmin_age: 10\nmax_age: 6  # <-")),
        "min_age 10 is greater than max_age 6",
    ),
    (
        "items_from_domains outside domain_rating",
        variant(("scales:", "items_from_domains: {kind: integer}  # <-\nscales:")),
        "only for instruments of kind domain_rating",
    ),
    (
        "domain_rating with items",
        variant(
            ("kind: questionnaire", "kind: domain_rating"),
            ("items:\n  - key: a", "items:  # <-\n  - key: a"),
        ),
        'a domain_rating instrument has no "items"',
    ),
]


@pytest.mark.parametrize(
    ("text", "reason"),
    [pytest.param(text, reason, id=case) for case, text, reason in REJECTIONS],
)
def test_rejections_name_the_line_and_the_reason(text, reason):
    """Each bad definition is refused with the line of the offending node and why."""
    with pytest.raises(DefinitionError) as caught:
        parse(text, origin="demo.v1.yaml")
    error = caught.value
    assert error.origin == "demo.v1.yaml"
    assert reason in error.reason
    assert error.line == marked_line(text), str(error)
    assert str(error) == f"demo.v1.yaml, line {error.line}: {error.reason}"


def test_empty_text_is_rejected_without_a_line():
    with pytest.raises(DefinitionError, match="the file is empty") as caught:
        parse("# nothing here\n", origin="x.yaml")
    assert caught.value.line is None


def test_two_documents_are_rejected():
    with pytest.raises(DefinitionError, match="not valid YAML"):
        parse(BASE + "---\n" + BASE)


def test_unprintable_character_is_rejected_with_its_line():
    with pytest.raises(DefinitionError, match="not valid YAML") as caught:
        parse(BASE.replace("Our own", "Our\x07own"))
    assert caught.value.line == 10


def test_domain_rating_needs_items_from_domains():
    text = variant(("kind: questionnaire", "kind: domain_rating"))
    text = text[: text.index("scales:")]
    with pytest.raises(DefinitionError, match='needs "items_from_domains"') as caught:
        parse(text)
    assert caught.value.line == 1


def test_domain_rating_scale_must_be_scored():
    text = variant(("kind: questionnaire", "kind: domain_rating"))
    text = text[: text.index("scales:")] + "items_from_domains: {kind: text}\n"
    with pytest.raises(DefinitionError, match="must be scored") as caught:
        parse(text)
    assert caught.value.line == 11


@given(st.text(max_size=300))
def test_arbitrary_text_raises_only_definition_errors(text):
    """Whatever is typed, parse either returns an instrument or raises DefinitionError."""
    with contextlib.suppress(DefinitionError):
        parse(text)


@given(st.integers(min_value=0, max_value=len(BASE)), st.text(max_size=20))
def test_damaged_base_raises_only_definition_errors(position, insert):
    """Damage in the middle of a valid file is reported as a DefinitionError, never a crash."""
    try:
        parse(BASE[:position] + insert + BASE[position:])
    except DefinitionError as error:
        assert error.line is None or error.line >= 1


def test_deep_nesting_is_rejected():
    with pytest.raises(DefinitionError):
        parse("[" * 5000)


# --- files -------------------------------------------------------------------------------


def demo_file(directory: Path, name: str, text: str = BASE) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_file(tmp_path):
    instrument = load_file(demo_file(tmp_path, "demo.v1.yaml"))
    assert instrument == parse(BASE)


@pytest.mark.parametrize("name", ["demo.yaml", "demo.v2.yaml", "other.v1.yaml", "demo.v01.yaml"])
def test_file_name_must_match_key_and_version(tmp_path, name):
    with pytest.raises(DefinitionError, match=re.escape('must be "demo.v1.yaml"')) as caught:
        load_file(demo_file(tmp_path, name))
    assert caught.value.origin == name
    assert caught.value.line == 1  # The key.


def test_file_must_be_utf8(tmp_path):
    path = tmp_path / "demo.v1.yaml"
    path.write_bytes(BASE.replace("Vår", "V\xe5r").encode("latin-1"))
    with pytest.raises(DefinitionError, match="not UTF-8"):
        load_file(path)


def test_load_directory_sorts_by_key_and_version(tmp_path):
    demo_file(tmp_path, "demo.v2.yaml", BASE.replace("version: 1", "version: 2"))
    demo_file(tmp_path, "demo.v1.yaml")
    demo_file(tmp_path, "alpha.v1.yaml", BASE.replace("key: demo", "key: alpha"))
    (tmp_path / "README.md").write_text("not an instrument")
    (tmp_path / ".demo.v3.yaml").write_text("an editor's backup")
    loaded = [(i.key, i.version) for i in load_directory(tmp_path)]
    assert loaded == [("alpha", 1), ("demo", 1), ("demo", 2)]


def test_load_directory_rejects_yml(tmp_path):
    demo_file(tmp_path, "demo.v1.yml")
    with pytest.raises(DefinitionError, match=r'must end in "\.yaml"'):
        load_directory(tmp_path)


def test_load_directory_reports_the_first_bad_file(tmp_path):
    demo_file(tmp_path, "demo.v1.yaml", BASE.replace("version: 1", "version: 1\nfoo: 1"))
    with pytest.raises(DefinitionError, match=re.escape("demo.v1.yaml, line 3")):
        load_directory(tmp_path)


def test_load_directory_rejects_duplicate_key_and_version(tmp_path, monkeypatch):
    """File names make duplicates unlikely, but (e.g. on a case-insensitive file system) two
    files could still define the same key and version."""
    demo_file(tmp_path, "a.yaml")
    demo_file(tmp_path, "b.yaml")
    monkeypatch.setattr(definition, "load_file", lambda path: parse(BASE))
    with pytest.raises(
        DefinitionError, match=re.escape("demo version 1 is also defined in a.yaml")
    ):
        load_directory(tmp_path)


# --- domain ratings ----------------------------------------------------------------------

DOMAIN_RATING = """\
key: rating
version: 1
name: {nb: Vurdering}
description: {nb: Vurdering}
kind: domain_rating
about: family
answered_by: [self]
languages: [nb]
licence: {nb: Fri}
source: {nb: Vår egen}
items_from_domains: {kind: integer, minimum: 1, maximum: 10}
"""


def test_with_domains_makes_an_item_and_a_score_per_domain_and_the_mean():
    rating = parse(DOMAIN_RATING)
    assert rating.items == ()
    assert rating.scores == ()
    domains = [("housing", Text({"nb": "Bolig"})), ("economy", Text({"nb": "Økonomi"}))]
    filled = rating.with_domains(domains)
    assert [item.key for item in filled.items] == ["domain:housing", "domain:economy"]
    assert filled.item("domain:housing").text == Text({"nb": "Bolig"})
    assert filled.item("domain:housing").scale == rating.items_from_domains
    assert filled.score_rule("domain:economy") == ScoreRule(
        key="domain:economy",
        label=Text({"nb": "Økonomi"}),
        method="item",
        items=("domain:economy",),
        minimum=1.0,
        maximum=10.0,
    )
    mean = filled.score_rule("mean")
    assert mean.method == "mean"
    assert mean.items == ("domain:housing", "domain:economy")
    assert mean.max_missing == 1
    assert (mean.minimum, mean.maximum, mean.kind) == (1.0, 10.0, "numeric")
    # Called again, the domains are replaced, not added.
    again = filled.with_domains(domains[:1])
    assert [item.key for item in again.items] == ["domain:housing"]
    assert [rule.key for rule in again.scores] == ["domain:housing", "mean"]
    assert again.score_rule("mean").max_missing == 0


def test_with_domains_on_a_choice_scale_uses_the_choice_values_as_range():
    text = DOMAIN_RATING.replace(
        "{kind: integer, minimum: 1, maximum: 10}",
        "{kind: choice, choices: [{value: 3, label: {nb: T}}, {value: 1, label: {nb: E}}]}",
    )
    filled = parse(text).with_domains([("housing", Text({"nb": "Bolig"}))])
    assert (filled.score_rule("mean").minimum, filled.score_rule("mean").maximum) == (1.0, 3.0)


def test_with_domains_is_refused_where_it_makes_no_sense():
    with pytest.raises(ValueError, match="does not take its items from the life domains"):
        parse(BASE).with_domains([("housing", Text({"nb": "Bolig"}))])
    rating = parse(DOMAIN_RATING)
    with pytest.raises(ValueError, match="at least one"):
        rating.with_domains([])
    with pytest.raises(ValueError, match="unique"):
        rating.with_domains([("a", Text({"nb": "A"})), ("a", Text({"nb": "B"}))])


# --- the documentation -------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[2] / "docs" / "instruments.md"


def test_the_complete_example_in_the_docs_is_valid():
    blocks = re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    complete = [block for block in blocks if block.startswith("# cantril.v1.yaml")]
    assert len(complete) == 1
    instrument = parse(complete[0], origin="docs/instruments.md")
    assert isinstance(instrument, Instrument)
    assert instrument.categories[0].otherwise.value == "struggling"


def test_scale_dataclass_bounds():
    assert Scale(kind="integer", minimum=0, maximum=10).lowest == 0
    assert Scale(kind="text").highest is None
    assert Scale(kind="choice").lowest is None

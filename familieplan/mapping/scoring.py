"""Checking answers to an instrument and scoring them (see :mod:`.definition`).

Pure Python, no Django.

* :func:`clean_answers` turns what a form sent (strings, possibly with a Norwegian decimal
  comma) into typed answers and reports problems per item. It never raises on user input.
* :func:`score` computes every score rule in order, then the flags and categories.

Scoring rules (``ScoreRule.method``):

* ``sum``: the sum of the items answered, if at most ``max_missing`` are missing.
* ``mean``: the mean of the items answered, if at most ``max_missing`` are missing.
* ``prorated_sum``: the sum when all are answered; with up to ``max_missing`` missing, the
  mean of those answered times the number of items (GSE: "mean × 10").
* ``item``: the item's own value.
* ``multiply``: another score times ``factor``; unscored when that score is.

Arithmetic is exact (fractions; floats enter by their decimal representation), so WHO-5
raw 15 × 4 is exactly 60.0 and nothing is rounded; results are returned as floats.

Conditions (flags and categories) compare a score or an item with a number. A condition
whose input is missing is *not* true: a flag is never raised on missing data. ``any_item``
is true when any *answered* item listed passes. A category is ``None`` when any input of any
of its conditions is missing, so a group is never chosen on half the facts.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from familieplan.mapping.definition import Condition, Instrument, Item, Text

__all__ = ["Fact", "Flag", "Problem", "Result", "clean_answers", "facts", "score"]


class Problem(enum.Enum):
    """Why an answer was not accepted."""

    REQUIRED = "required"
    NOT_A_NUMBER = "not_a_number"
    OUT_OF_SCALE = "out_of_scale"
    UNKNOWN_CHOICE = "unknown_choice"
    UNKNOWN_ITEM = "unknown_item"


@dataclass(frozen=True)
class Flag:
    """A flag raised by a result; ``detail`` is the facts that raised it."""

    key: str
    reason: Text
    detail: str


@dataclass(frozen=True)
class Fact:
    """One fact that raises a flag: a score's or an item's value, the test and the limit."""

    subject: str  # "score" or "item"
    key: str
    value: float
    op: str  # one of definition.OPS
    limit: float


@dataclass(frozen=True)
class Result:
    """Scores, flags and categories of one set of answers."""

    scores: dict[str, float | None]
    unscored: dict[str, str]
    missing: tuple[str, ...]
    flags: tuple[Flag, ...]
    categories: dict[str, str | None]


# --- cleaning ----------------------------------------------------------------------------

#: A decimal number as typed: optional sign, digits, "." or "," as decimal separator.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
#: Longer strings are not taken as numbers (nobody types a 100-digit answer).
_MAX_NUMBER_LENGTH = 100
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})


def clean_answers(
    instrument: Instrument, raw: Mapping[str, object], *, final: bool
) -> tuple[dict[str, int | float | str], dict[str, Problem]]:
    """Typed answers (missing ones left out) and the problems found, by item key.

    Choice and integer items give ``int``, number items ``float``, text items the stripped
    ``str``. ``None`` and blank strings are missing; a missing required item is a problem
    only when ``final`` (the form is being completed, not saved as a draft).
    """
    cleaned: dict[str, int | float | str] = {}
    problems: dict[str, Problem] = {}
    known = {item.key: item for item in instrument.items}
    for key in raw:
        if key not in known:
            problems[key] = Problem.UNKNOWN_ITEM
    for item in instrument.items:
        value, problem = _clean(item, raw.get(item.key))
        if problem is not None:
            problems[item.key] = problem
        elif value is not None:
            cleaned[item.key] = value
        elif final and item.required:
            problems[item.key] = Problem.REQUIRED
    return cleaned, problems


def _clean(item: Item, value: object) -> tuple[int | float | str | None, Problem | None]:
    """(answer, None), (None, None) when missing, or (None, problem)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    scale = item.scale
    if scale.kind == "text":
        return (value if isinstance(value, str) else str(value)).strip() or None, None
    number = _number(value)
    if number is None:
        return None, Problem.NOT_A_NUMBER
    if scale.kind == "choice":
        values = {choice.value for choice in scale.choices}
        if values and not min(values) <= number <= max(values):
            return None, Problem.OUT_OF_SCALE
        if number.denominator != 1 or int(number) not in values:
            return None, Problem.UNKNOWN_CHOICE
        return int(number), None
    if scale.kind == "integer" and number.denominator != 1:
        return None, Problem.OUT_OF_SCALE
    if (scale.minimum is not None and number < _exact(scale.minimum)) or (
        scale.maximum is not None and number > _exact(scale.maximum)
    ):
        return None, Problem.OUT_OF_SCALE
    if scale.kind == "integer":
        return int(number), None
    try:
        return float(number), None
    except OverflowError:
        return None, Problem.OUT_OF_SCALE


def _number(value: object) -> Fraction | None:
    """The exact number given, or None if it is not one (booleans are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        return _exact(value) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return _exact(value) if value.is_finite() else None
    if not isinstance(value, str):
        return None
    text = value.strip().translate(_MINUS_SIGNS)
    if len(text) > _MAX_NUMBER_LENGTH or not _NUMBER.fullmatch(text):
        return None
    try:
        return Fraction(Decimal(text.replace(",", ".")))
    except (InvalidOperation, ValueError):
        return None


def _exact(value: float | int | Decimal | Fraction) -> Fraction:
    """A float by its shortest decimal representation (0.1 -> 1/10); others exactly."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


# --- scoring -----------------------------------------------------------------------------


def score(instrument: Instrument, answers: Mapping[str, int | float | str]) -> Result:
    """Score answers already checked by :func:`clean_answers` (unknown keys are ignored)."""
    values: dict[str, Fraction] = {}
    missing: list[str] = []
    for item in instrument.items:
        value = answers.get(item.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(item.key)
        elif item.scale.kind != "text":
            number = _number(value) if not isinstance(value, str) else None
            if number is None:
                raise TypeError(
                    f"answer to {item.key} is {value!r}; clean the answers before scoring"
                )
            values[item.key] = number

    scores: dict[str, Fraction | None] = {}
    unscored: dict[str, str] = {}
    for rule in instrument.scores:
        result: Fraction | None = None
        if rule.method == "item":
            key = rule.items[0]
            result = values.get(key)
            if result is None:
                unscored[rule.key] = f"item {key} not answered"
        elif rule.method == "multiply":
            source = scores.get(rule.source or "")
            if source is None or rule.factor is None:
                unscored[rule.key] = f"score {rule.source} not scored"
            else:
                result = source * _exact(rule.factor)
        else:
            present = [values[key] for key in rule.items if key in values]
            total, count = len(rule.items), len(present)
            if total - count > rule.max_missing:
                unscored[rule.key] = (
                    f"{total - count} of {total} items missing; at most {rule.max_missing} allowed"
                )
            elif rule.method == "sum":
                result = sum(present, Fraction(0))
            elif rule.method == "mean":
                result = sum(present, Fraction(0)) / count
            elif count == total:  # prorated_sum
                result = sum(present, Fraction(0))
            else:
                result = sum(present, Fraction(0)) / count * total
        scores[rule.key] = result

    flags = []
    for flag in instrument.flags:
        outcomes = [_test(condition, scores, values) for condition in flag.when]
        if all(holds for holds, _ in outcomes):
            flags.append(Flag(flag.key, flag.reason, "; ".join(detail for _, detail in outcomes)))

    categories: dict[str, str | None] = {}
    for category in instrument.categories:
        conditions = [c for group in category.groups for c in group.when]
        if not all(_has_inputs(c, scores, values) for c in conditions):
            categories[category.key] = None
            continue
        chosen = category.otherwise
        for group in category.groups:
            if all(_test(c, scores, values)[0] for c in group.when):
                chosen = group
                break
        categories[category.key] = chosen.value

    return Result(
        scores={key: None if value is None else float(value) for key, value in scores.items()},
        unscored=unscored,
        missing=tuple(missing),
        flags=tuple(flags),
        categories=categories,
    )


_OPS = {
    "below": (Fraction.__lt__, "<"),
    "at_most": (Fraction.__le__, "<="),
    "at_least": (Fraction.__ge__, ">="),
    "above": (Fraction.__gt__, ">"),
}


def _test(
    condition: Condition, scores: Mapping[str, Fraction | None], values: Mapping[str, Fraction]
) -> tuple[bool, str]:
    """Whether the condition holds (False when its input is missing) and the facts."""
    compare, symbol = _OPS[condition.op]
    limit = _exact(condition.value)
    if condition.score is not None:
        value = scores.get(condition.score)
        if value is None or not compare(value, limit):
            return False, ""
        return True, f"{condition.score} {_shown(value)} {symbol} {_shown(limit)}"
    keys = condition.items or (condition.item,)
    hits = [
        f"item {key} = {_shown(values[key])}"
        for key in keys
        if key in values and compare(values[key], limit)
    ]
    return bool(hits), ", ".join(hits)


def facts(
    instrument: Instrument,
    flag_key: str,
    scores: Mapping[str, float | None],
    answers: Mapping[str, object],
) -> tuple[Fact, ...]:
    """The facts that raise flag ``flag_key`` for these scores and typed answers (as a
    final response stores them), for showing in words; empty when the flag is not raised."""
    rule = next((flag for flag in instrument.flags if flag.key == flag_key), None)
    if rule is None:
        return ()
    found: list[Fact] = []
    for condition in rule.when:
        compare = _OPS[condition.op][0]
        limit = _exact(condition.value)
        if condition.score is not None:
            value = scores.get(condition.score)
            if value is None or not compare(_exact(value), limit):
                return ()
            found.append(Fact("score", condition.score, value, condition.op, condition.value))
            continue
        hits = [
            Fact("item", key, float(answer), condition.op, condition.value)
            for key in condition.items or (condition.item,)
            if isinstance(answer := answers.get(key), int | float)
            and compare(_exact(answer), limit)
        ]
        if not hits:
            return ()
        found.extend(hits)
    return tuple(found)


def _has_inputs(
    condition: Condition, scores: Mapping[str, Fraction | None], values: Mapping[str, Fraction]
) -> bool:
    if condition.score is not None:
        return scores.get(condition.score) is not None
    return all(key in values for key in condition.items or (condition.item,))


def _shown(value: Fraction) -> str:
    """12 for a whole number, else the float's shortest form (2.5)."""
    return str(value.numerator) if value.denominator == 1 else repr(float(value))

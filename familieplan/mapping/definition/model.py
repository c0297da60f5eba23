"""The instrument definition as frozen dataclasses, its vocabulary and its error (see the
package's docstring)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Where the shipped instrument files are.
INSTRUMENT_DIR = Path(__file__).parent.parent / "instruments"

KINDS = ("questionnaire", "indicators", "domain_rating", "external")
ABOUT = ("family", "adult", "youth", "child")
ANSWERED_BY = ("self", "with_coordinator", "coordinator")
SCALE_KINDS = ("choice", "integer", "number", "text")
METHODS = ("sum", "mean", "prorated_sum", "item", "multiply")
SCORE_KINDS = ("numeric", "categorical")
#: Condition tests: below (<), at_most (<=), at_least (>=), above (>).
OPS = ("below", "at_most", "at_least", "above")

#: Instrument, item, score, flag, category, group and setting keys: lower case letters and
#: digits, words joined by "_" or "-". ("domain:<slug>" keys are made by with_domains only.)
_KEY = re.compile(r"[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*")
#: Language codes: ISO 639-1/-3 style, e.g. nb, nn, en, se, ar, uk.
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_MAX_AGE = 120


# --- errors ------------------------------------------------------------------------------


class DefinitionError(ValueError):
    """An instrument definition that cannot be used: where it is and what is wrong."""

    def __init__(self, origin: str, line: int | None, reason: str) -> None:
        self.origin = origin
        self.line = line
        self.reason = reason
        where = origin if line is None else f"{origin}, line {line}"
        super().__init__(f"{where}: {reason}")


# --- the definition ----------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """One text in several languages (language code -> text).

    ``written_in`` names the languages whose text is in fact written in another one (the
    file's ``wording_in``: ``{"nb": "en"}`` while only the official English wording of a
    licensed questionnaire is loaded), so that a page can mark the text with its real
    language instead of translating it.
    """

    values: Mapping[str, str]
    written_in: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", dict(self.values))
        object.__setattr__(self, "written_in", dict(self.written_in))

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.values.items())), tuple(sorted(self.written_in.items()))))

    def _key(self, lang: str) -> str | None:
        if lang in self.values:
            return lang
        if "nb" in self.values:
            return "nb"
        return next(iter(self.values), None)

    def get(self, lang: str = "nb") -> str:
        """The text in ``lang``; else Norwegian bokmål; else any language given."""
        key = self._key(lang)
        return "" if key is None else self.values[key]

    def pick(self, lang: str = "nb") -> tuple[str, str]:
        """The text a reader of ``lang`` gets (as `get`), and the language it is written in:
        ``lang`` itself, or the language fallen back to, or what ``written_in`` says."""
        key = self._key(lang)
        if key is None:
            return "", lang
        return self.values[key], self.written_in.get(key, key)

    def only(self, languages: Sequence[str]) -> Text:
        """The same text in ``languages`` only, without ``written_in``."""
        return Text({k: v for k, v in self.values.items() if k in languages})

    def __str__(self) -> str:
        return self.get("nb")


@dataclass(frozen=True)
class Choice:
    """One answer of a choice scale: the stored value and what the respondent sees."""

    value: int
    label: Text


@dataclass(frozen=True)
class Scale:
    """How one item is answered.

    ``choice``: one of ``choices`` (integer values). ``integer`` / ``number``: a whole or
    decimal number within ``minimum``..``maximum`` (either may be open), optionally with
    anchor labels for the ends. ``text``: free text, never scored.
    """

    kind: str
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    low_label: Text | None = None
    high_label: Text | None = None

    @property
    def lowest(self) -> float | None:
        """The smallest possible answer (a choice scale's smallest value), if bounded."""
        if self.kind == "choice":
            return float(min(c.value for c in self.choices)) if self.choices else None
        return self.minimum

    @property
    def highest(self) -> float | None:
        """The largest possible answer (a choice scale's largest value), if bounded."""
        if self.kind == "choice":
            return float(max(c.value for c in self.choices)) if self.choices else None
        return self.maximum


@dataclass(frozen=True)
class Item:
    """One question or indicator."""

    key: str
    text: Text
    scale: Scale
    required: bool = False
    help: Text | None = None


@dataclass(frozen=True)
class ScoreRule:
    """How one score is computed from the answers (see :mod:`.scoring`)."""

    key: str
    label: Text
    method: str
    items: tuple[str, ...] = ()
    source: str | None = None
    factor: float | None = None
    max_missing: int = 0
    minimum: float | None = None
    maximum: float | None = None
    meaningful_change: float | None = None
    higher_is_better: bool = True
    kind: str = "numeric"


@dataclass(frozen=True)
class Condition:
    """One test of a score or item against ``value``.

    Exactly one of ``score``, ``item`` or ``items`` (the ``any_item`` form: true if any of the
    listed items passes the test) is given. ``op``: below (<), at_most (<=), at_least (>=),
    above (>).
    """

    score: str | None
    item: str | None
    items: tuple[str, ...]
    op: str
    value: float


@dataclass(frozen=True)
class FlagRule:
    """A flag raised when all its conditions hold, with the reason shown to the coordinator."""

    key: str
    reason: Text
    when: tuple[Condition, ...]


@dataclass(frozen=True)
class Group:
    """One group of a category rule; ``when`` is empty for the ``otherwise`` group."""

    value: str
    label: Text
    when: tuple[Condition, ...]


@dataclass(frozen=True)
class CategoryRule:
    """Sorts a result into the first group whose conditions all hold, else ``otherwise``."""

    key: str
    label: Text
    groups: tuple[Group, ...]
    otherwise: Group


@dataclass(frozen=True)
class Instrument:
    """One version of one instrument."""

    key: str
    version: int
    name: Text
    description: Text
    kind: str
    about: str
    min_age: int | None
    max_age: int | None
    answered_by: tuple[str, ...]
    languages: tuple[str, ...]
    licence: Text
    source: Text
    requires_setting: str | None = None
    items: tuple[Item, ...] = ()
    scores: tuple[ScoreRule, ...] = ()
    flags: tuple[FlagRule, ...] = ()
    categories: tuple[CategoryRule, ...] = ()
    items_from_domains: Scale | None = None
    #: A listed language -> the language its wording is really written in (``wording_in``).
    wording_in: Mapping[str, str] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.key, self.version))

    def item(self, key: str) -> Item:
        """The item with ``key``; KeyError if there is none."""
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def score_rule(self, key: str) -> ScoreRule:
        """The score rule with ``key``; KeyError if there is none."""
        for rule in self.scores:
            if rule.key == key:
                return rule
        raise KeyError(key)

    def with_domains(self, domains: Sequence[tuple[str, Text]]) -> Instrument:
        """A copy with one item and one score per life domain, and their mean.

        Only for instruments with ``items_from_domains``. Each ``(slug, name)`` gives an item
        and an ``item`` score keyed ``domain:<slug>``; score ``mean`` is the mean over all of
        them and is computed as long as at least one domain is rated. Items and scores of an
        earlier call are replaced, not added to.
        """
        scale = self.items_from_domains
        if scale is None:
            raise ValueError(f"{self.key} does not take its items from the life domains")
        domains = [
            (slug, name if isinstance(name, Text) else Text({"nb": str(name)}))
            for slug, name in domains
        ]
        if not domains:
            raise ValueError("with_domains needs at least one life domain")
        slugs = [slug for slug, _ in domains]
        if len(set(slugs)) != len(slugs):
            raise ValueError(f"life domain slugs must be unique: {slugs}")
        keys = tuple(f"domain:{slug}" for slug in slugs)
        items = tuple(
            Item(key=key, text=name, scale=scale)
            for key, (_, name) in zip(keys, domains, strict=True)
        )
        scores = tuple(
            ScoreRule(
                key=key,
                label=name,
                method="item",
                items=(key,),
                minimum=scale.lowest,
                maximum=scale.highest,
            )
            for key, (_, name) in zip(keys, domains, strict=True)
        )
        mean = ScoreRule(
            key="mean",
            label=_MEAN_OF_DOMAINS,
            method="mean",
            items=keys,
            max_missing=len(keys) - 1,
            minimum=scale.lowest,
            maximum=scale.highest,
        )
        return dataclasses.replace(self, items=items, scores=(*scores, mean))


_MEAN_OF_DOMAINS = Text({"nb": "Gjennomsnitt for livsområdene", "en": "Mean of the life domains"})


def _in_languages(value, languages: Sequence[str]):
    """``value`` with every text in ``languages`` only and no ``wording_in`` marks."""
    if isinstance(value, Text):
        return value.only(languages)
    if isinstance(value, tuple):
        return tuple(_in_languages(v, languages) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _in_languages(getattr(value, f.name), languages)
            for f in dataclasses.fields(value)
        }
        if isinstance(value, Instrument):
            changes["languages"] = tuple(languages)
            changes["wording_in"] = {}
        return dataclasses.replace(value, **changes)
    return value


def only_translations_added(old: Instrument, new: Instrument) -> bool:
    """Whether ``new`` is ``old`` with its texts in more languages (or marks of the language
    a wording is written in) and nothing else changed: what was asked, scored and shown in
    ``old``'s languages is the same, so answers given with ``old`` still belong to it."""
    if not set(old.languages) <= set(new.languages):
        return False
    return _in_languages(old, old.languages) == _in_languages(new, old.languages)

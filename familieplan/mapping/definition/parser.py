"""The YAML parser and checker behind `definition.parse` (see the package's docstring)."""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from familieplan.mapping.definition.model import (
    _KEY,
    _LANGUAGE,
    _MAX_AGE,
    ABOUT,
    ANSWERED_BY,
    KINDS,
    METHODS,
    OPS,
    SCALE_KINDS,
    SCORE_KINDS,
    CategoryRule,
    Choice,
    Condition,
    DefinitionError,
    FlagRule,
    Group,
    Instrument,
    Item,
    Scale,
    ScoreRule,
    Text,
)

# --- the parser --------------------------------------------------------------------------

_TAG = "tag:yaml.org,2002:"
_NULL, _BOOL, _INT, _FLOAT, _STR = (_TAG + t for t in ("null", "bool", "int", "float", "str"))

_TOP_REQUIRED = (
    "key",
    "version",
    "name",
    "description",
    "kind",
    "about",
    "answered_by",
    "languages",
    "licence",
    "source",
)
_TOP_OPTIONAL = (
    "min_age",
    "max_age",
    "requires_setting",
    "scales",
    "items",
    "scores",
    "flags",
    "categories",
    "items_from_domains",
    "wording_in",
)
_SCALE_FIELDS = {
    "choice": ("choices",),
    "integer": ("minimum", "maximum", "low_label", "high_label"),
    "number": ("minimum", "maximum", "low_label", "high_label"),
    "text": (),
}
_SCORE_COMMON = ("minimum", "maximum", "meaningful_change", "higher_is_better", "kind")
_METHOD_FIELDS = {
    "sum": ("items", "max_missing"),
    "mean": ("items", "max_missing"),
    "prorated_sum": ("items", "max_missing"),
    "item": ("items",),
    "multiply": ("source", "factor"),
}
_METHOD_REQUIRED = {
    "sum": ("items",),
    "mean": ("items",),
    "prorated_sum": ("items",),
    "item": ("items",),
    "multiply": ("source", "factor"),
}
_SUBJECTS = ("score", "item", "any_item")


class _Loader(yaml.SafeLoader):
    """Composes YAML into nodes with their marks; constructs plain scalars only."""


class _Fields(dict):
    """A mapping's fields (name -> value node), with each name's key node in ``key_nodes``."""

    key_nodes: dict[str, Node]


def _line(node: Node | None) -> int | None:
    return None if node is None else node.start_mark.line + 1


def _shown(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "nothing"
    return f'"{node.value}"'


def _one_of(values: Iterable[str]) -> str:
    return ", ".join(values)


def _float(value: int | float | Fraction | None) -> float | None:
    return None if value is None else float(value)


def _exact(value: float | int) -> Fraction:
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


class _Parser:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.languages: tuple[str, ...] = ("nb",)
        self.wording_in: dict[str, str] = {}
        self.scales: dict[str, Scale] = {}
        self.key_line: int | None = None
        self.loader: _Loader | None = None

    def fail(self, node: Node | None, reason: str) -> NoReturn:
        raise DefinitionError(self.origin, _line(node), reason)

    # --- the document --------------------------------------------------------------------

    def document(self, text: str) -> Instrument:
        if not isinstance(text, str):
            raise TypeError("parse() takes the text of the file, not bytes")
        try:
            root = self._compose(text)
            if root is None:
                self.fail(None, "the file is empty")
            return self.instrument(root)
        finally:
            if self.loader is not None:
                self.loader.dispose()

    def _compose(self, text: str) -> Node | None:
        try:
            self.loader = _Loader(text)  # Checks that every character is printable.
            return self.loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            problem = " ".join(p for p in (error.context, error.problem) if p)
            raise DefinitionError(
                self.origin,
                None if mark is None else mark.line + 1,
                f"not valid YAML: {problem or error}",
            ) from None
        except RecursionError:
            raise DefinitionError(self.origin, None, "the YAML is nested too deeply") from None
        except yaml.reader.ReaderError as error:
            line = text.count("\n", 0, error.position) + 1
            raise DefinitionError(
                self.origin, line, f"not valid YAML: {error.reason} {chr(error.character)!r}"
            ) from None

    def instrument(self, root: Node) -> Instrument:
        f = self.fields(root, "the file", _TOP_REQUIRED, _TOP_OPTIONAL)
        key = self.key(f["key"], "key")
        self.key_line = _line(f["key"])
        version = self.integer(f["version"], "version")
        if version < 1:
            self.fail(f["version"], f"version must be a positive whole number, not {version}")
        self.languages = self.language_list(f["languages"])
        if "wording_in" in f:
            self.wording_in = self.wording_languages(f["wording_in"])
        kind = self.enum(f["kind"], "kind", KINDS)
        about = self.enum(f["about"], "about", ABOUT)
        min_age, max_age = self.ages(f, about)
        answered_by = self.string_list(f["answered_by"], "answered_by", choices=ANSWERED_BY)
        requires_setting = None
        if "requires_setting" in f:
            requires_setting = self.key(f["requires_setting"], "requires_setting")
        if "scales" in f:
            self.named_scales(f["scales"])

        items: tuple[Item, ...] = ()
        scores: tuple[ScoreRule, ...] = ()
        flags: tuple[FlagRule, ...] = ()
        categories: tuple[CategoryRule, ...] = ()
        items_from_domains = None
        if kind == "domain_rating":
            for name in ("items", "scores", "flags", "categories"):
                if name in f:
                    self.fail(
                        f.key_nodes[name],
                        f'a domain_rating instrument has no "{name}": its items and scores '
                        "come from the programme's life domains (items_from_domains)",
                    )
            if "items_from_domains" not in f:
                self.fail(root, 'a domain_rating instrument needs "items_from_domains"')
            items_from_domains = self.scale(f["items_from_domains"], "items_from_domains")
            if items_from_domains.kind == "text":
                self.fail(f["items_from_domains"], "items_from_domains: the scale must be scored")
        else:
            if "items_from_domains" in f:
                self.fail(
                    f.key_nodes["items_from_domains"],
                    "items_from_domains is only for instruments of kind domain_rating",
                )
            if "items" not in f:
                self.fail(root, 'the file: missing required field "items"')
            items = self.items(f["items"])
            by_key = {item.key: item for item in items}
            if "scores" in f:
                scores = self.scores(f["scores"], by_key)
            score_rules = {rule.key: rule for rule in scores}
            if "flags" in f:
                flags = self.flags(f["flags"], by_key, score_rules)
            if "categories" in f:
                categories = self.categories(f["categories"], by_key, score_rules)

        return Instrument(
            key=key,
            version=version,
            name=self.text(f["name"], "name", more_languages=True),
            description=self.text(f["description"], "description"),
            kind=kind,
            about=about,
            min_age=min_age,
            max_age=max_age,
            answered_by=answered_by,
            languages=self.languages,
            licence=self.text(f["licence"], "licence"),
            source=self.text(f["source"], "source"),
            requires_setting=requires_setting,
            items=items,
            scores=scores,
            flags=flags,
            categories=categories,
            items_from_domains=items_from_domains,
            wording_in=self.wording_in,
        )

    def ages(self, f: _Fields, about: str) -> tuple[int | None, int | None]:
        ages: dict[str, int | None] = {"min_age": None, "max_age": None}
        for name in ages:
            if name not in f:
                continue
            if about not in ("child", "youth"):
                self.fail(
                    f.key_nodes[name], f"{name} is only for instruments about a child or youth"
                )
            age = self.integer(f[name], name)
            if not 0 <= age <= _MAX_AGE:
                self.fail(f[name], f"{name} must be between 0 and {_MAX_AGE}, not {age}")
            ages[name] = age
        low, high = ages["min_age"], ages["max_age"]
        if low is not None and high is not None and low > high:
            self.fail(f["max_age"], f"min_age {low} is greater than max_age {high}")
        return low, high

    def language_list(self, node: Node) -> tuple[str, ...]:
        languages = self.string_list(node, "languages")
        for code, element in zip(languages, node.value, strict=True):
            if not _LANGUAGE.fullmatch(code):
                self.fail(element, f'languages: "{code}" is not a language code like nb or en')
        if "nb" not in languages:
            self.fail(node, 'languages must include "nb" (Norwegian bokmål)')
        return languages

    def wording_languages(self, node: Node) -> dict[str, str]:
        """``wording_in``: a listed language -> the language its wording is written in."""
        what = "wording_in"
        if not isinstance(node, MappingNode) or not node.value:
            self.fail(
                node,
                f"{what} must be a mapping from a listed language to the language its "
                f"questions and answers are written in (nb: en), not {_shown(node)}",
            )
        result: dict[str, str] = {}
        for key_node, value_node in node.value:
            lang = self.string(key_node, f"{what}: language")
            if lang not in self.languages:
                self.fail(
                    key_node,
                    f'{what}: language "{lang}" is not listed in languages '
                    f"({_one_of(self.languages)})",
                )
            if lang in result:
                self.fail(key_node, f'{what}: language "{lang}" is given twice')
            written = self.string(value_node, f"{what} ({lang})")
            if not _LANGUAGE.fullmatch(written) or written == lang:
                self.fail(
                    value_node,
                    f'{what} ({lang}): "{written}" must be the code of another language, like en',
                )
            result[lang] = written
        return result

    # --- scales and items ----------------------------------------------------------------

    def named_scales(self, node: Node) -> None:
        if not isinstance(node, MappingNode):
            self.fail(node, f"scales must be a mapping from a name to a scale, not {_shown(node)}")
        for key_node, value_node in node.value:
            name = self.key(key_node, "scales: a scale name")
            if name in self.scales:
                self.fail(key_node, f'scales: "{name}" is defined twice')
            self.scales[name] = self.scale(value_node, f'scale "{name}"', named=False)

    def scale(self, node: Node, what: str, *, named: bool = True) -> Scale:
        if named and isinstance(node, ScalarNode) and node.tag == _STR:
            if node.value not in self.scales:
                known = f" (defined: {_one_of(self.scales)})" if self.scales else ""
                self.fail(node, f'{what}: there is no scale named "{node.value}" in scales{known}')
            return self.scales[node.value]
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} must be a scale (a mapping) or the name of one in scales")
        every = sorted({name for names in _SCALE_FIELDS.values() for name in names})
        f = self.fields(node, what, ("kind",), every)
        kind = self.enum(f["kind"], f"{what}: kind", SCALE_KINDS)
        for name in f:
            if name != "kind" and name not in _SCALE_FIELDS[kind]:
                self.fail(f.key_nodes[name], f'{what}: "{name}" is not used by a {kind} scale')
        if kind == "choice":
            if "choices" not in f:
                self.fail(node, f"{what}: a choice scale needs choices")
            return Scale(kind=kind, choices=self.choices(f["choices"], what))
        whole = kind == "integer"
        minimum = maximum = None
        if "minimum" in f:
            minimum = self.number(f["minimum"], f"{what}: minimum", whole=whole)
        if "maximum" in f:
            maximum = self.number(f["maximum"], f"{what}: maximum", whole=whole)
        if minimum is not None and maximum is not None and minimum > maximum:
            self.fail(f["maximum"], f"{what}: minimum {minimum} is greater than maximum {maximum}")
        return Scale(
            kind=kind,
            minimum=_float(minimum),
            maximum=_float(maximum),
            low_label=(
                self.text(f["low_label"], f"{what}: low_label", wording=True)
                if "low_label" in f
                else None
            ),
            high_label=(
                self.text(f["high_label"], f"{what}: high_label", wording=True)
                if "high_label" in f
                else None
            ),
        )

    def choices(self, node: Node, what: str) -> tuple[Choice, ...]:
        elements = self.sequence(node, f"{what}: choices")
        if not elements:
            self.fail(node, f"{what}: a choice scale needs at least one choice")
        choices: list[Choice] = []
        for element in elements:
            f = self.fields(element, f"{what}: a choice", ("value", "label"), ())
            value = self.integer(f["value"], f"{what}: choice value")
            if any(choice.value == value for choice in choices):
                self.fail(f["value"], f"{what}: choice value {value} is given twice")
            label = self.text(f["label"], f"{what}: label of choice {value}", wording=True)
            choices.append(Choice(value=value, label=label))
        return tuple(choices)

    def items(self, node: Node) -> tuple[Item, ...]:
        elements = self.sequence(node, "items")
        if not elements:
            self.fail(node, "items: an instrument needs at least one item")
        items: list[Item] = []
        for element in elements:
            f = self.fields(element, "an item", ("key", "text", "scale"), ("required", "help"))
            key = self.key(f["key"], "item key")
            if any(item.key == key for item in items):
                self.fail(f["key"], f'item "{key}" is defined twice')
            what = f'item "{key}"'
            items.append(
                Item(
                    key=key,
                    text=self.text(f["text"], f"{what}: text", wording=True),
                    scale=self.scale(f["scale"], f"{what}: scale"),
                    required=self.boolean(f["required"], f"{what}: required")
                    if "required" in f
                    else False,
                    help=(
                        self.text(f["help"], f"{what}: help", wording=True) if "help" in f else None
                    ),
                )
            )
        return tuple(items)

    # --- scores --------------------------------------------------------------------------

    def scores(self, node: Node, items: dict[str, Item]) -> tuple[ScoreRule, ...]:
        rules: dict[str, ScoreRule] = {}
        every = sorted({n for names in _METHOD_FIELDS.values() for n in names} | {*_SCORE_COMMON})
        for element in self.sequence(node, "scores"):
            f = self.fields(element, "a score", ("key", "label", "method"), every)
            key = self.key(f["key"], "score key")
            if key in rules:
                self.fail(f["key"], f'score "{key}" is defined twice')
            rules[key] = self.score(f, element, key, items, rules)
        return tuple(rules.values())

    def score(
        self,
        f: _Fields,
        node: Node,
        key: str,
        items: dict[str, Item],
        earlier: dict[str, ScoreRule],
    ) -> ScoreRule:
        what = f'score "{key}"'
        method = self.enum(f["method"], f"{what}: method", METHODS)
        for name in f:
            if name not in ("key", "label", "method", *_SCORE_COMMON, *_METHOD_FIELDS[method]):
                self.fail(f.key_nodes[name], f'{what}: "{name}" is not used by the {method} method')
        for name in _METHOD_REQUIRED[method]:
            if name not in f:
                self.fail(node, f'{what}: the {method} method needs "{name}"')
        kind = self.enum(f["kind"], f"{what}: kind", SCORE_KINDS) if "kind" in f else "numeric"

        keys: tuple[str, ...] = ()
        max_missing = 0
        source = factor = None
        if "items" in f:
            keys = self.item_keys(f["items"], what, "items", items)
            if method == "item" and len(keys) != 1:
                self.fail(
                    f["items"], f"{what}: the item method takes exactly one item, not {len(keys)}"
                )
        if "max_missing" in f:
            max_missing = self.integer(f["max_missing"], f"{what}: max_missing")
            if max_missing < 0:
                self.fail(f["max_missing"], f"{what}: max_missing must be 0 or more")
            if max_missing >= len(keys):
                self.fail(
                    f["max_missing"],
                    f"{what}: max_missing ({max_missing}) must be less than the number of items "
                    f"({len(keys)})",
                )
        if method == "multiply":
            source = self.key(f["source"], f"{what}: source")
            if source not in earlier:
                self.fail(f["source"], f'{what}: source "{source}" is not a score defined above')
            if earlier[source].kind == "categorical":
                self.fail(f["source"], f'{what}: source "{source}" is categorical, not an amount')
            factor = self.number(f["factor"], f"{what}: factor")

        if kind == "categorical":
            if method != "item" or items[keys[0]].scale.kind != "choice":
                self.fail(
                    f["kind"], f"{what}: a categorical score must be one choice item (method item)"
                )
            for name in ("minimum", "maximum", "meaningful_change"):
                if name in f:
                    self.fail(f.key_nodes[name], f"{what}: a categorical score has no {name}")

        minimum = maximum = None
        if "minimum" in f:
            minimum = self.number(f["minimum"], f"{what}: minimum")
        if "maximum" in f:
            maximum = self.number(f["maximum"], f"{what}: maximum")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.fail(f["maximum"], f"{what}: minimum {minimum} is greater than maximum {maximum}")
        change = None
        if "meaningful_change" in f:
            change = self.number(f["meaningful_change"], f"{what}: meaningful_change")
            if change <= 0:
                self.fail(f["meaningful_change"], f"{what}: meaningful_change must be above 0")

        rule = ScoreRule(
            key=key,
            label=self.text(f["label"], f"{what}: label"),
            method=method,
            items=keys,
            source=source,
            factor=_float(factor),
            max_missing=max_missing,
            minimum=_float(minimum),
            maximum=_float(maximum),
            meaningful_change=_float(change),
            higher_is_better=(
                self.boolean(f["higher_is_better"], f"{what}: higher_is_better")
                if "higher_is_better" in f
                else True
            ),
            kind=kind,
        )
        if kind == "numeric":
            low, high = _derived_range(rule, items, earlier)
            rule = dataclasses.replace(
                rule,
                minimum=rule.minimum if "minimum" in f else _float(low),
                maximum=rule.maximum if "maximum" in f else _float(high),
            )
        return rule

    def item_keys(
        self, node: Node, context: str, field: str, items: dict[str, Item]
    ) -> tuple[str, ...]:
        """The item keys listed in ``node`` (field ``field`` of ``context``), all scorable."""
        keys = self.string_list(node, f"{context}: {field}")
        for key, element in zip(keys, node.value, strict=True):
            if key not in items:
                self.fail(element, f'{context}: item "{key}" is not an item of this instrument')
            if items[key].scale.kind == "text":
                self.fail(element, f'{context}: item "{key}" is free text and cannot be scored')
        return keys

    # --- flags and categories ------------------------------------------------------------

    def flags(
        self, node: Node, items: dict[str, Item], scores: dict[str, ScoreRule]
    ) -> tuple[FlagRule, ...]:
        flags: list[FlagRule] = []
        for element in self.sequence(node, "flags"):
            f = self.fields(element, "a flag", ("key", "reason", "when"), ())
            key = self.key(f["key"], "flag key")
            if any(flag.key == key for flag in flags):
                self.fail(f["key"], f'flag "{key}" is defined twice')
            what = f'flag "{key}"'
            flags.append(
                FlagRule(
                    key=key,
                    reason=self.text(f["reason"], f"{what}: reason"),
                    when=self.conditions(f["when"], what, items, scores),
                )
            )
        return tuple(flags)

    def categories(
        self, node: Node, items: dict[str, Item], scores: dict[str, ScoreRule]
    ) -> tuple[CategoryRule, ...]:
        rules: list[CategoryRule] = []
        for element in self.sequence(node, "categories"):
            f = self.fields(element, "a category", ("key", "label", "groups", "otherwise"), ())
            key = self.key(f["key"], "category key")
            if any(rule.key == key for rule in rules):
                self.fail(f["key"], f'category "{key}" is defined twice')
            what = f'category "{key}"'
            groups: list[Group] = []
            group_nodes = self.sequence(f["groups"], f"{what}: groups")
            if not group_nodes:
                self.fail(f["groups"], f"{what}: name at least one group")
            for group_node in (*group_nodes, f["otherwise"]):
                last = group_node is f["otherwise"]
                g = self.fields(
                    group_node,
                    f"{what}: otherwise" if last else f"{what}: a group",
                    ("value", "label") if last else ("value", "label", "when"),
                    (),
                )
                value = self.key(g["value"], f"{what}: group value")
                if any(group.value == value for group in groups):
                    self.fail(g["value"], f'{what}: group "{value}" is given twice')
                gwhat = f'{what}: group "{value}"'
                when = () if last else self.conditions(g["when"], gwhat, items, scores)
                groups.append(Group(value=value, label=self.text(g["label"], gwhat), when=when))
            rules.append(
                CategoryRule(
                    key=key,
                    label=self.text(f["label"], f"{what}: label"),
                    groups=tuple(groups[:-1]),
                    otherwise=groups[-1],
                )
            )
        return tuple(rules)

    def conditions(
        self, node: Node, what: str, items: dict[str, Item], scores: dict[str, ScoreRule]
    ) -> tuple[Condition, ...]:
        elements = self.sequence(node, f"{what}: when")
        if not elements:
            self.fail(node, f"{what}: when must list at least one condition")
        return tuple(self.condition(element, what, items, scores) for element in elements)

    def condition(
        self, node: Node, what: str, items: dict[str, Item], scores: dict[str, ScoreRule]
    ) -> Condition:
        hint = "a condition has one of score, item or any_item and one test: " + _one_of(OPS)
        f = self.fields(node, f"{what}: condition", (), (*_SUBJECTS, *OPS), hint=hint)
        subjects = [name for name in _SUBJECTS if name in f]
        if len(subjects) != 1:
            self.fail(node, f"{what}: {hint} (found {len(subjects)} of score, item, any_item)")
        ops = [name for name in OPS if name in f]
        if len(ops) != 1:
            self.fail(node, f"{what}: {hint} (found {len(ops)} tests)")
        subject, op = subjects[0], ops[0]
        value = self.number(f[op], f"{what}: {op}")
        score = item = None
        keys: tuple[str, ...] = ()
        if subject == "score":
            score = self.key(f["score"], f"{what}: score")
            if score not in scores:
                self.fail(f["score"], f'{what}: score "{score}" is not a score of this instrument')
            if scores[score].kind == "categorical":
                self.fail(f["score"], f'{what}: score "{score}" is categorical, not an amount')
        elif subject == "item":
            item = self.key(f["item"], f"{what}: item")
            self.item_keys(SequenceNode(_TAG + "seq", [f["item"]]), what, "item", items)
        else:
            keys = self.item_keys(f["any_item"], what, "any_item", items)
        return Condition(score=score, item=item, items=keys, op=op, value=float(value))

    # --- fields and values ---------------------------------------------------------------

    def fields(
        self,
        node: Node,
        what: str,
        required: Sequence[str],
        optional: Sequence[str],
        *,
        hint: str | None = None,
    ) -> _Fields:
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} must be a mapping of fields, not {_shown(node)}")
        known = (*required, *optional)
        result = _Fields()
        result.key_nodes = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _NULL:
                self.fail(key_node, f"{what}: field names must be plain words")
            name = key_node.value
            if name in result:
                self.fail(key_node, f'{what}: "{name}" is given twice')
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                suggestion = f' (did you mean "{close[0]}"?)' if close else ""
                expected = hint or f"expected {_one_of(known)}"
                unknown = "unknown test or field" if hint else "unknown field"
                self.fail(key_node, f'{what}: {unknown} "{name}"{suggestion}; {expected}')
            result[name] = value_node
            result.key_nodes[name] = key_node
        for name in required:
            if name not in result:
                self.fail(node, f'{what}: missing required field "{name}"')
        return result

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{what} must be a list, not {_shown(node)}")
        return list(node.value)

    def string(self, node: Node, what: str) -> str:
        if not isinstance(node, ScalarNode) or node.tag == _NULL:
            self.fail(node, f"{what} must be text, not {_shown(node)}")
        value = node.value.strip()
        if not value:
            self.fail(node, f"{what} is empty")
        return value

    def key(self, node: Node, what: str) -> str:
        value = self.string(node, what)
        if not _KEY.fullmatch(value):
            self.fail(
                node,
                f'{what} "{value}" must be lower-case letters and digits, words joined by "_" '
                'or "-", starting with a letter',
            )
        return value

    def enum(self, node: Node, what: str, values: Sequence[str]) -> str:
        value = self.string(node, what)
        if value not in values:
            self.fail(node, f'{what} "{value}" is not one of {_one_of(values)}')
        return value

    def string_list(
        self, node: Node, what: str, *, choices: Sequence[str] | None = None
    ) -> tuple[str, ...]:
        values: list[str] = []
        for element in self.sequence(node, what):
            value = self.enum(element, what, choices) if choices else self.string(element, what)
            if value in values:
                self.fail(element, f'{what}: "{value}" is given twice')
            values.append(value)
        if not values:
            self.fail(node, f"{what} must not be empty")
        return tuple(values)

    def construct(self, node: ScalarNode, what: str, expected: str) -> object:
        assert self.loader is not None
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, KeyError, yaml.YAMLError):  # e.g. "!!int abc"
            self.fail(node, f"{what} must be {expected}, not {_shown(node)}")

    def integer(self, node: Node, what: str) -> int:
        if not isinstance(node, ScalarNode) or node.tag != _INT:
            self.fail(node, f"{what} must be a whole number, not {_shown(node)}")
        value = self.construct(node, what, "a whole number")
        assert isinstance(value, int)
        return value

    def number(self, node: Node, what: str, *, whole: bool = False) -> int | float:
        if whole:
            return self.integer(node, what)
        if not isinstance(node, ScalarNode) or node.tag not in (_INT, _FLOAT):
            self.fail(node, f"{what} must be a number, not {_shown(node)}")
        value = self.construct(node, what, "a number")
        assert isinstance(value, int | float)
        if not math.isfinite(value):
            self.fail(node, f"{what} must be a finite number, not {_shown(node)}")
        return value

    def boolean(self, node: Node, what: str) -> bool:
        if not isinstance(node, ScalarNode) or node.tag != _BOOL:
            self.fail(node, f"{what} must be true or false, not {_shown(node)}")
        return bool(self.construct(node, what, "true or false"))

    def text(
        self, node: Node, what: str, *, wording: bool = False, more_languages: bool = False
    ) -> Text:
        """A text in every listed language. ``wording``: part of the questions and answers
        (``wording_in`` applies). ``more_languages``: may also be given in languages not
        listed (the name: a title may be translated where the wording may not)."""
        if not isinstance(node, MappingNode):
            self.fail(
                node,
                f"{what} must be a mapping from language to text (nb: ..., en: ...), "
                f"not {_shown(node)}",
            )
        values: dict[str, str] = {}
        for key_node, value_node in node.value:
            lang = self.string(key_node, f"{what}: language")
            if lang in values:
                self.fail(key_node, f'{what}: language "{lang}" is given twice')
            if more_languages and lang not in self.languages and not _LANGUAGE.fullmatch(lang):
                self.fail(key_node, f'{what}: "{lang}" is not a language code like nb or en')
            if lang not in self.languages and not more_languages:
                self.fail(
                    key_node,
                    f'{what}: language "{lang}" is not listed in languages '
                    f"({_one_of(self.languages)})",
                )
            values[lang] = self.string(value_node, f"{what} ({lang})")
        for lang in self.languages:
            if lang not in values:
                extra = " (Norwegian bokmål is required)" if lang == "nb" else ""
                self.fail(node, f'{what} has no "{lang}" text{extra}')
        return Text(values, written_in=self.wording_in if wording else {})


# --- derived score ranges ----------------------------------------------------------------


def _derived_range(
    rule: ScoreRule, items: dict[str, Item], earlier: dict[str, ScoreRule]
) -> tuple[Fraction | None, Fraction | None]:
    """The score's exact possible range from its items' scales, or None where unbounded.

    With up to ``max_missing`` items unanswered, a sum ranges over the sums of any subset of at
    least ``n - max_missing`` items, and a mean over the means of such subsets.
    """
    if rule.method == "multiply":
        source = earlier[rule.source or ""]
        if source.minimum is None or source.maximum is None or rule.factor is None:
            return None, None
        factor = _exact(rule.factor)
        ends = sorted((_exact(source.minimum) * factor, _exact(source.maximum) * factor))
        return ends[0], ends[1]
    lows = [items[key].scale.lowest for key in rule.items]
    highs = [items[key].scale.highest for key in rule.items]
    low = None if None in lows else [_exact(v) for v in lows if v is not None]
    high = None if None in highs else [_exact(v) for v in highs if v is not None]
    keep = len(rule.items) - rule.max_missing

    def extreme(values: list[Fraction] | None, *, lowest: bool) -> Fraction | None:
        if values is None:
            return None
        ordered = sorted(values, reverse=not lowest)
        chosen = ordered[:keep]
        if rule.method == "item":
            return chosen[0]
        if rule.method == "sum":
            # Adding further items only helps if they push further the same way.
            rest = [v for v in ordered[keep:] if (v < 0 if lowest else v > 0)]
            return sum(chosen + rest, Fraction(0))
        mean = sum(chosen, Fraction(0)) / keep  # A mean is most extreme over the fewest items.
        return mean * len(rule.items) if rule.method == "prorated_sum" else mean

    return extreme(low, lowest=True), extreme(high, lowest=False)

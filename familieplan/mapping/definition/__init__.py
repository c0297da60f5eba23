"""Instrument definitions: questionnaires, indicator sets and external totals, read from YAML.

An *instrument* is one version of one questionnaire or indicator set, written by an
administrator as a YAML file named ``<key>.v<version>.yaml`` (the format is described in
``docs/instruments.md``). :func:`parse` turns the text into frozen dataclasses and checks it
completely: every error names the line of the offending YAML node and says what is wrong in
plain English, so a new version can be written without reading this code.

Pure Python (standard library and PyYAML); no Django. Scoring is in :mod:`.scoring`.

Line numbers come from PyYAML's node marks: the text is *composed* into nodes with a
:class:`yaml.SafeLoader` (never constructed into arbitrary objects) and walked here, so each
value keeps the line it was written on. Fields that hold text take the scalar exactly as
written, so ``en: No`` is the text "No" and not YAML 1.1's boolean false.
"""

from __future__ import annotations

from pathlib import Path

from familieplan.mapping.definition.model import (
    ABOUT,
    ANSWERED_BY,
    INSTRUMENT_DIR,
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
    only_translations_added,
)
from familieplan.mapping.definition.parser import _Parser

__all__ = [
    "ABOUT",
    "ANSWERED_BY",
    "INSTRUMENT_DIR",
    "KINDS",
    "METHODS",
    "OPS",
    "SCALE_KINDS",
    "SCORE_KINDS",
    "CategoryRule",
    "Choice",
    "Condition",
    "DefinitionError",
    "FlagRule",
    "Group",
    "Instrument",
    "Item",
    "Scale",
    "ScoreRule",
    "Text",
    "load_directory",
    "load_file",
    "only_translations_added",
    "parse",
]

# --- loading -----------------------------------------------------------------------------


def parse(text: str, *, origin: str = "<text>") -> Instrument:
    """Read and check one instrument definition; DefinitionError names the offending line."""
    return _Parser(origin).document(text)


def load_file(path: str | Path) -> Instrument:
    """Read one instrument file; its name must be ``<key>.v<version>.yaml``."""
    path = Path(path)
    parser = _Parser(path.name)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DefinitionError(path.name, None, f"the file is not UTF-8 text ({error})") from None
    instrument = parser.document(text)
    expected = f"{instrument.key}.v{instrument.version}.yaml"
    if path.name != expected:
        raise DefinitionError(
            path.name,
            parser.key_line,
            f'the file name must be "{expected}" for key "{instrument.key}" and version '
            f"{instrument.version}",
        )
    return instrument


def load_directory(path: str | Path = INSTRUMENT_DIR) -> list[Instrument]:
    """Every ``*.yaml`` instrument in ``path``, sorted by (key, version).

    Two files defining the same key and version are an error, and so is a ``.yml`` file
    (it would otherwise be silently ignored).
    """
    path = Path(path)
    seen: dict[tuple[str, int], str] = {}
    instruments = []
    for file in sorted(path.iterdir()):
        if file.name.startswith(".") or not file.is_file():
            continue
        if file.suffix == ".yml":
            raise DefinitionError(file.name, None, 'instrument files must end in ".yaml"')
        if file.suffix != ".yaml":
            continue
        instrument = load_file(file)
        ident = (instrument.key, instrument.version)
        if ident in seen:
            raise DefinitionError(
                file.name,
                None,
                f"{instrument.key} version {instrument.version} is also defined in {seen[ident]}",
            )
        seen[ident] = file.name
        instruments.append(instrument)
    return sorted(instruments, key=lambda i: (i.key, i.version))

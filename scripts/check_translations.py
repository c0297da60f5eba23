#!/usr/bin/env python
"""Fails when a shipped language has a missing or fuzzy translation.

Source strings are bokmål; nb.po repeats them (filled by scripts/fill_source_language.py),
so a string extracted without a catalogue entry is caught here too.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "familieplan" / "locale"
LANGUAGES = ["nb", "en"]


def problems_in(language: str) -> list[str]:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return [f"{language}: {path.relative_to(ROOT)} is missing"]
    catalogue = polib.pofile(str(path))
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        where = entry.occurrences[0][0] if entry.occurrences else "?"
        if "fuzzy" in entry.flags:
            found.append(f"{language}: fuzzy: {entry.msgid!r} ({where})")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                found.append(f"{language}: missing plural: {entry.msgid!r} ({where})")
        elif not entry.msgstr:
            found.append(f"{language}: missing: {entry.msgid!r} ({where})")
    return found


def main() -> int:
    problems = [p for language in LANGUAGES for p in problems_in(language)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    print("Translations complete for: " + ", ".join(LANGUAGES))
    return 0


if __name__ == "__main__":
    sys.exit(main())

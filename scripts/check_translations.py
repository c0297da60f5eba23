#!/usr/bin/env python
"""Fails when a shipped language has a missing or fuzzy translation.

Source strings are bokmål; nb.po repeats them (filled by scripts/fill_source_language.py),
so a string extracted without a catalogue entry is caught here too.

Bokmål and English cover everything. The family languages cover every entry used at least
once on the family's own pages, the login pages and the shared page frame (FAMILY_PATHS); the
rest may stay empty there and then shows in bokmål (docs/decisions/0013-family-languages.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "familieplan" / "locale"
#: Languages that must be complete for every entry.
LANGUAGES = ["nb", "en"]
#: Languages that must be complete for every entry with an occurrence under FAMILY_PATHS.
FAMILY_LANGUAGES = ["nn", "ar", "so", "pl", "uk", "ti"]
#: What a family member or a visitor to the login pages reads: the family pages, the login,
#: password and error pages, the page frame and form includes, the progress charts, the
#: notices the family gets, and the models whose labels those pages show. Relative to
#: familieplan/ (as in the .po files' occurrences); a folder ends in "/".
FAMILY_PATHS = (
    "portal/",
    "templates/portal/",
    "templates/accounts/",
    "templates/errors/",
    "templates/base.html",
    "templates/includes/",
    "templates/mapping/_progress.html",
    "mapping/progress.py",
    "mapping/forms.py",
    "mapping/wording.py",
    "accounts/oidc/",
    "accounts/forms.py",
    "meetings/family_notices.py",
    "meetings/invitations.py",  # family members get these emails too
    "plans/family_notices.py",
    "outbox/notices.py",
    "plans/models.py",
    "partners/models.py",
    "meetings/models.py",
    "mapping/models.py",
    "core/roles.py",
    "journal/models.py",
    "families/models/household.py",
    "economy/models/household.py",  # the family adds and corrects its own incomes and bills
    "economy/forms.py",
    "economy/catalogue.py",
    "economy/feed.py",  # the family's payment-day calendar
    "families/domain_names.py",
    "core/models.py",
)


#: Under FAMILY_PATHS, but read by staff only: the family app's block of the coordinator's
#: start page (the block lives with what it lists).
STAFF_ONLY = ("portal/day.py", "portal/day_demo.py")


def is_family_facing(entry: polib.POEntry) -> bool:
    return any(
        where.startswith(FAMILY_PATHS) and not where.startswith(STAFF_ONLY)
        for where, _line in entry.occurrences
    )


def problems_in(language: str, *, family_only: bool = False) -> list[str]:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return [f"{language}: {path.relative_to(ROOT)} is missing"]
    catalogue = polib.pofile(str(path))
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if family_only and not is_family_facing(entry):
            continue  # shown in bokmål (a fuzzy guess here is not compiled either)
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
    problems += [p for lang in FAMILY_LANGUAGES for p in problems_in(lang, family_only=True)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    print(
        "Translations complete for: "
        + ", ".join(LANGUAGES)
        + "; for the family's pages: "
        + ", ".join(FAMILY_LANGUAGES)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

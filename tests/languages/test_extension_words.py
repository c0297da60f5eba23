"""What an app's extension puts before the family — its data in the access log's words, its
pages in the family's menu, its part of the copy, its consent topics — is translated into
every family language (the .po entries, so a word that reads the same in nynorsk counts)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from familieplan.core import extensions

LOCALE = Path(__file__).resolve().parents[2] / "familieplan" / "locale"
FAMILY_LANGUAGES = ["nn", "ar", "so", "pl", "uk", "ti"]


def _family_words() -> set[str]:
    words: set[str] = set()
    for ext in extensions.extensions():
        if ext.app == "extension_app":  # the test-only app speaks bokmål only
            continue
        words |= {str(ext.what)} if ext.what else set()
        words |= {str(p.label) for p in ext.portal_pages}
        words |= {str(c.title) for c in ext.copy_parts}
        words |= {str(t.label) for t in ext.consent_topics}
    return words


@pytest.mark.parametrize("language", FAMILY_LANGUAGES)
def test_the_family_sees_every_apps_words_in_its_language(language):
    with_text = {
        e.msgid
        for e in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        if e.translated()
    }
    words = _family_words()
    assert len(words) > 10
    assert sorted(words - with_text) == []

"""Whether a reader gets an instrument's questions in another language than their own because
only its licensed original wording is loaded (``wording_in``: the official translation is not
added yet, and the questions are never translated here). The forms then tell the reader so in
plain words; what the administrator must do is said in the admin, not on the form."""

from __future__ import annotations

from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from familieplan.core.languages import base
from familieplan.mapping.definition import Instrument


def untranslated_wording(spec: Instrument, language: str | None = None) -> str | None:
    """The language code the questions are shown in for a reader of ``language`` (default:
    the active one), when that is a licensed original wording in another language; else
    None."""
    if not spec.wording_in or not spec.items:
        return None
    reader = base(language or get_language())
    _text, written_in = spec.items[0].text.pick(reader)
    written_in = base(written_in)
    if written_in == reader or written_in not in {base(w) for w in spec.wording_in.values()}:
        return None
    return written_in


def language_name(code: str) -> str:
    """A language's name as it goes inside a sentence in the active language."""
    if code == "en":
        return _("engelsk")
    return get_language_info(code)["name_local"]

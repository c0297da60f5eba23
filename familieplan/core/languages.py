"""Text and the language it is written in, and how a page marks it (decision 0013).

Data keep the language they were written in: what staff typed (bokmål), a service's or a
unit's name, a life-domain name the programme gave itself, a questionnaire's licensed
wording. On a page in another language such a text is marked with its language (``lang``, so
that a screen reader pronounces it right) and isolated for direction (``dir="auto"``, so that
its punctuation and brackets do not scramble on a right-to-left page). People's names, and
text whose language nobody knows (what a family member typed), are isolated in ``<bdi>``
without a language. The template filters ``lang`` and ``bdi`` (``core/templatetags/fp.py``)
use these functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

#: What data is written in when nothing else is known: the source language (decision 0002).
SOURCE = settings.LANGUAGE_CODE


def base(language: str | None) -> str:
    """ "nb-no" → "nb"."""
    return (language or SOURCE).lower().split("-")[0]


@dataclass(frozen=True)
class Written:
    """A text and the language it is written in."""

    text: str
    language: str = SOURCE

    def __str__(self) -> str:
        return self.text


def translated(msgid: str) -> Written:
    """A bokmål source string in the active language, or in bokmål (and said so) when that
    language's catalogue has no translation of it. (A translation identical to the source
    counts as none: the text is then marked as bokmål, which it also is.)"""
    current = base(get_language())
    text = gettext(msgid)
    if current != base(SOURCE) and text == msgid:
        return Written(msgid, SOURCE)
    return Written(text, current)


def marked(text, language: str | None = None) -> SafeString:
    """``text`` (escaped unless already safe) marked with ``language`` — a `Written` brings
    its own — when the page is in another language: ``<span lang dir="auto">``."""
    if isinstance(text, Written):
        text, language = text.text, text.language
    if text is None or text == "":
        return SafeString("")
    language = base(language)
    escaped = conditional_escape(text)
    if language == base(get_language()):
        return escaped
    return format_html('<span lang="{}" dir="auto">{}</span>', language, escaped)


def isolated(text) -> SafeString:
    """A name, or a text in a language nobody knows, isolated for direction: ``<bdi>``."""
    if isinstance(text, Written):
        return marked(text)
    if text is None or text == "":
        return SafeString("")
    return format_html("<bdi>{}</bdi>", text)

#!/usr/bin/env python
"""Bokmål is the source language: copy each msgid into nb.po's empty msgstr."""

from pathlib import Path

import polib

path = Path(__file__).resolve().parent.parent / "familieplan/locale/nb/LC_MESSAGES/django.po"
catalogue = polib.pofile(str(path))
for entry in catalogue:
    if entry.msgid_plural:
        entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
    else:
        entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
catalogue.save()

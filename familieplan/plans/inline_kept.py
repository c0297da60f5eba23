"""What was typed into one of the many small forms inside a page (a measure's status control,
a comment under a measure) before the session ended.

`core.kept_forms.restore_kept` gives kept text back to the page's forms that have its fields;
a page with one such form per measure would get it back in every one of them. These forms
carry a hidden `measure_id`, and the page reads the kept fields once, into one form made of
all its inline fields (`kept_inline`), then puts them into the form of that measure.
"""

from __future__ import annotations

from django import forms

from familieplan.core.kept_forms import restore_kept


def kept_inline(request, *names: str) -> dict[str, str] | None:
    """The kept fields among `names` (what this page's inline forms hold), by name; None when
    nothing was kept for this page. Used once, like all kept text."""
    probe = forms.Form()
    for name in names:
        probe.fields[name] = forms.CharField(required=False, widget=forms.HiddenInput)
    if not restore_kept(request, probe):
        return None
    return {name: str(value) for name, value in probe.initial.items() if value is not None}

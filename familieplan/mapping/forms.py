"""Forms for mapping: start a mapping, and one form per instrument built from its definition.

The response form keeps what was typed as text and lets the service check it against the
instrument's scales (mapping/scoring.py), so the rules live in one place; its errors come
back on the item they concern, and nothing typed is lost. It carries the response's version
(0 before the first answers): answers saved meanwhile from another tab or by another person
are shown beside what was typed, never overwritten unseen (core/concurrency.py). A new mapping
is started once per form (`submit_token`).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import StoredValue, SubmitOnceMixin, VersionField
from familieplan.mapping import scoring
from familieplan.mapping.models import Assessment, Response
from familieplan.mapping.texts import shown

#: Integer scales up to this many steps are radio buttons (a ladder, 1–10); longer ones a box.
RADIO_STEPS = 11


def field_name(item_key: str) -> str:
    """Item keys may hold a colon (domain:housing); form field names and ids may not."""
    return "item_" + item_key.replace(":", "__")


class StartForm(SubmitOnceMixin, forms.Form):
    occasion = forms.ChoiceField(label=_("Hvilken kartlegging"))
    held_on = forms.DateField(
        label=_("Dato for kartleggingen"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, open_occasions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"{o.kind}:{o.number}", label) for o, label in open_occasions]
        choices.append(("extra:0", Assessment(occasion=Assessment.Occasion.EXTRA).label))
        self.fields["occasion"].choices = choices
        self.fields["held_on"].initial = timezone.localdate()

    def occasion_parts(self) -> tuple[str, int]:
        kind, number = self.cleaned_data["occasion"].split(":")
        return kind, int(number)


def _number_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text.replace(".", ",") if get_language() != "en" else text


def _joined(*parts) -> SafeString:
    return format_html_join(" ", "{}", ((part,) for part in parts if part))


class ResponseForm(forms.Form):
    answered_by = forms.ChoiceField(label=_("Hvem fylte ut"), widget=forms.RadioSelect)

    def __init__(self, *args, spec, response: Response | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language() or "nb"
        labels = dict(Response.AnsweredBy.choices)
        self.fields["answered_by"].choices = [(a, labels[a]) for a in spec.answered_by]
        if len(spec.answered_by) == 1 or response is None:
            self.fields["answered_by"].initial = (
                response.answered_by if response else spec.answered_by[0]
            )
        else:
            self.fields["answered_by"].initial = response.answered_by
        #: The response's version when the form was shown (0: nothing answered yet).
        self.fields["version"] = VersionField(initial=response.version if response else 0)
        self.spec = spec
        self.items = {}
        saved = response.answers if response else {}
        for item in spec.items:
            name = field_name(item.key)
            self.items[name] = item.key
            self.fields[name] = self._field(item, language)
            if item.key in saved:
                self.fields[name].initial = (
                    str(saved[item.key])
                    if item.scale.kind in ("choice", "integer")
                    else _number_text(saved[item.key])
                    if item.scale.kind == "number"
                    else saved[item.key]
                )

    @staticmethod
    def _field(item, language):
        scale = item.scale
        label = shown(item.text, language)
        help_text = shown(item.help, language)
        anchors = ""
        if scale.low_label and scale.high_label:
            # The separators are words too (Arabic has its own comma); every value is escaped.
            anchors = mark_safe(  # noqa: S308
                _("%(low)s = %(low_label)s, %(high)s = %(high_label)s")
                % {
                    "low": conditional_escape(_number_text(scale.minimum)),
                    "low_label": shown(scale.low_label, language),
                    "high": conditional_escape(_number_text(scale.maximum)),
                    "high_label": shown(scale.high_label, language),
                }
            )
        help_text = _joined(help_text, anchors)
        if scale.kind == "choice":
            choices = [(str(c.value), shown(c.label, language)) for c in scale.choices]
            # A text field with radio buttons: the scale is checked by the service, once.
            return forms.CharField(
                label=label,
                help_text=help_text,
                required=False,
                widget=forms.RadioSelect(choices=choices),
            )
        if (
            scale.kind == "integer"
            and scale.minimum is not None
            and scale.maximum is not None
            and scale.maximum - scale.minimum < RADIO_STEPS
        ):
            steps = range(int(scale.minimum), int(scale.maximum) + 1)
            return forms.CharField(
                label=label,
                help_text=help_text,
                required=False,
                widget=forms.RadioSelect(
                    choices=[(str(n), str(n)) for n in steps], attrs={"class": "scale-row"}
                ),
            )
        if scale.kind == "text":
            return forms.CharField(
                label=label,
                help_text=help_text,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        limits = ""
        if scale.minimum is not None and scale.maximum is not None:
            limits = str(_("Fra %(low)s til %(high)s.")) % {
                "low": _number_text(scale.minimum),
                "high": _number_text(scale.maximum),
            }
        return forms.CharField(
            label=label,
            help_text=_joined(help_text, limits),
            required=False,
            max_length=30,
            widget=forms.TextInput(
                attrs={"inputmode": "numeric" if scale.kind == "integer" else "decimal"}
            ),
        )

    def answers(self) -> dict[str, str]:
        """What was typed, by item key (empty answers left out)."""
        data = {}
        for name, key in self.items.items():
            value = self.data.get(self.add_prefix(name), "")
            if str(value).strip():
                data[key] = value
        return data

    def error_fields(self) -> dict[str, str]:
        """The service's item keys, by the name of their field (for `submit`'s errors)."""
        return {key: name for name, key in self.items.items()}

    def stored_now(self, current: Response) -> list[StoredValue]:
        """What is stored now where it differs from what was typed, as the form words it."""
        typed, _problems = scoring.clean_answers(self.spec, self.answers(), final=False)
        values = []
        if current.status != (Response.Status.FINAL if self._final() else Response.Status.DRAFT):
            values.append(StoredValue(str(_("Lagret som")), current.get_status_display()))
        if current.answered_by != self.cleaned_data.get("answered_by"):
            label = str(self.fields["answered_by"].label)
            values.append(StoredValue(label, current.get_answered_by_display()))
        for name, key in self.items.items():
            stored = current.answers.get(key)
            if stored != typed.get(key):
                values.append(StoredValue(str(self.fields[name].label), self._shown(name, stored)))
        return values

    def _final(self) -> bool:
        return self.data.get("final") == "1"

    def _shown(self, name: str, value) -> str:
        if value is None or value == "":
            return "–"
        choices = dict(getattr(self.fields[name].widget, "choices", ()))
        if str(value) in choices:
            return str(choices[str(value)])
        return _number_text(value) if isinstance(value, int | float) else str(value)

    def add_item_errors(self, errors: dict) -> None:
        names = {key: name for name, key in self.items.items()}
        for key, messages in errors.items():
            name = names.get(key) or (key if key in self.fields else None)
            self.add_error(name, messages)

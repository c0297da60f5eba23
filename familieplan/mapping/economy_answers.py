"""The household questionnaire's income answer comes from the family's economy where one is
recorded (issue 17 item 8): the share of the EU-60 line on the mapping's day, as the
answer's own three steps (under, around ±10 %, over). The form shows it filled in and locked,
with the figure behind it; the service sets it whatever was posted. Without any income
recorded, the question is answered by hand as before."""

from __future__ import annotations

from django.utils.translation import gettext as _

from familieplan.economy.snapshot import Snapshot
from familieplan.economy.snapshot import snapshot as economy_snapshot
from familieplan.mapping.forms import field_name

ITEM = "income_level"


def snapshot_for(spec, assessment) -> Snapshot | None:
    if not any(item.key == ITEM for item in spec.items):
        return None
    return economy_snapshot(assessment.family, assessment.held_on)


def with_economy(answers, snapshot: Snapshot | None) -> dict:
    answers = dict(answers)
    if snapshot is not None:
        answers[ITEM] = str(snapshot.income_level)
    return answers


def lock_field(form, snapshot: Snapshot | None) -> None:
    name = field_name(ITEM)
    if snapshot is None or name not in form.fields:
        return
    field = form.fields[name]
    field.disabled = True
    field.initial = str(snapshot.income_level)
    field.help_text = _(
        "Fylt ut fra familiens økonomi: inntekt per forbruksenhet %(share)s %% av "
        "lavinntektsgrensen (grensen for %(year)s). Rett inntektene i økonomien om tallet "
        "er feil."
    ) % {"share": f"{snapshot.share_percent}".replace(".", ","), "year": snapshot.median_year}

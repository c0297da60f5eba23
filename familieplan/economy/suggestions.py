"""Schemes worth checking: the household's facts read from its economy, given to
`lib.schemes.suggest`, each suggestion with its reason in the reader's language. Never a
decision: NAV, Husbanken or the municipality decide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from familieplan.economy.catalogue import BY_CODE
from familieplan.economy.models import Expense
from familieplan.economy.overview import (
    Overview,
    attending,
    estimate_assistance,
    household,
    is_assistance,
)
from familieplan.economy.reading import Economy
from familieplan.lib import schemes

R = schemes.Reason
REASONS = {
    R.CHILD_UNDER_18: _("Det bor barn under 18 år i husholdningen."),
    R.SINGLE_PARENT_WITH_CHILD: _("Én voksen bor alene med barn under 18 år."),
    R.SINGLE_PARENT_OVERGANGSSTONAD_CHILD_UNDER_3: _(
        "Enslig forsørger med overgangsstønad og barn under 3 år."
    ),
    R.CHILD_1_2_NOT_FULL_TIME_KINDERGARTEN: _(
        "Et barn er 1 eller 2 år, og det er ikke registrert utgift til barnehage for barnet."
    ),
    R.SINGLE_PARENT_CHILD_AGE_FOR_NAV: _(
        "Enslig forsørger med barn under 18 år. NAV vurderer aldersgrensen for ordningen."
    ),
    R.SINGLE_PARENT_CHILDCARE: _("Enslig forsørger som betaler for barnehage eller SFO/AKS."),
    R.SINGLE_PARENT_NO_MAINTENANCE: _(
        "Enslig forsørger med barn under 18 år uten registrert barnebidrag eller bidragsforskudd."
    ),
    R.RENT_LOW_INCOME: _("Familien betaler husleie og har inntekt under lavinntektsgrensen."),
    R.BELOW_ASSISTANCE_NORM: _(
        "Inntekten som regnes med, er lavere enn normen for livsopphold pluss boutgiftene."
    ),
}


@dataclass(frozen=True)
class Suggested:
    code: str
    name: str
    reason: str
    measure_text: str


def household_facts(economy: Economy, view: Overview, today: date) -> schemes.Household:
    members = household(economy, today)
    children = [m for m in members if m.age_on(today) < 18]
    adults = [m for m in members if m.is_adult_role and m.age_on(today) >= 18]
    # What is paid for now: an expense that has ended, or only starts later, does not count.
    kindergarten = attending(economy, Expense.Kind.KINDERGARTEN, today)
    receiving = frozenset(
        i.scheme.code
        for i in economy.incomes
        if i.scheme.built_in and (i.valid_to is None or i.valid_to >= today)
    )
    kinds = {e.kind for e in economy.expenses if e.schedule().is_valid_on(today)}
    below_line = view.low_income.outcome.passed if view.low_income else None
    return schemes.Household(
        child_ages=tuple(m.age_on(today) for m in children),
        adults=len(adults),
        single_parent=len(adults) == 1 and bool(children),
        full_time_kindergarten=tuple(m.pk in kindergarten for m in children),
        pays_rent=Expense.Kind.RENT in kinds,
        pays_childcare=bool(kinds & {Expense.Kind.KINDERGARTEN, Expense.Kind.AFTER_SCHOOL}),
        below_low_income_line=below_line,
        below_assistance_norm=_below_norm(economy, view, today, members),
        receiving=receiving,
    )


def _below_norm(economy: Economy, view: Overview, today: date, members) -> bool | None:
    """The estimate for this month from the overview's own monthly figures (its year's)."""
    if not members or not any(m.is_adult_role for m in members):
        return None
    incomes = [
        (line.source.label, line.month, line.source.counts_for_social_assistance)
        for line in view.incomes
        if not is_assistance(line.source)
    ]
    result = estimate_assistance(economy, on=today, incomes=incomes, housing=view.housing_month)
    if result.estimate is None:
        return None
    return result.estimate.amount > 0


def suggested(economy: Economy, view: Overview, today: date) -> list[Suggested]:
    out = []
    for suggestion in schemes.suggest(household_facts(economy, view, today)):
        built_in = BY_CODE.get(suggestion.scheme)
        name = str(built_in.name) if built_in else str(suggestion.scheme)
        out.append(
            Suggested(
                code=str(suggestion.scheme),
                name=name,
                reason=str(REASONS.get(suggestion.reason, "")),
                measure_text=str(_("Søke %(scheme)s") % {"scheme": name.lower()}),
            )
        )
    return out

"""Turns a stored screening result into sentences a coordinator (and family) can read."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from familieplan.lib.money import format_decimal_nb, format_nok

RULE_LABELS = {
    "annual_low_income": lambda: _("Lavinntekt siste år (EU-60)"),
    "persistent_low_income": lambda: _("Vedvarende lavinntekt (tre år)"),
    "social_assistance": lambda: _("Måneder med økonomisk sosialhjelp"),
    "child_under_18": lambda: _("Barn under 18 år i husholdningen"),
    "manual": lambda: _("Skjønnsmessig kriterium"),
}


@dataclass(frozen=True)
class ExplainedRule:
    label: str
    passed: bool | None
    verdict: str
    lines: list[str]


def _verdict(passed: bool | None) -> str:
    if passed is None:
        return _("Kan ikke avgjøres")
    return _("Oppfylt") if passed else _("Ikke oppfylt")


def _income_lines(outcome: dict) -> list[str]:
    income = outcome.get("income")
    lines = []
    if outcome.get("missing_income_years"):
        years = ", ".join(str(y) for y in outcome["missing_income_years"])
        lines.append(_("Mangler inntekt for %(years)s.") % {"years": years})
    if outcome.get("missing_median_years"):
        years = ", ".join(str(y) for y in outcome["missing_median_years"])
        lines.append(
            _("Mangler medianinntekt for %(years)s. Ingen grense er gjettet.") % {"years": years}
        )
    if not income:
        return lines
    per_year_household = all("household_on" in year for year in income["years"])
    if per_year_household:
        lines.append(
            _(
                "Husholdningen i hvert inntektsår er de som bodde i den 31. desember det året, "
                "med alderen de hadde den dagen."
            )
        )
    else:
        lines.append(
            _(
                "Denne kartleggingen regnet hvert år bare med dem som var registrert i familien "
                "da den ble gjort. Har noen flyttet ut siden inntektsåret, bør du kartlegge på "
                "nytt."
            )
        )
    for year in income["years"]:
        if per_year_household:
            lines.append(_household_line(year))
        lines.append(
            _(
                "%(year)s: inntekt etter skatt %(income)s, %(units)s forbruksenheter, "
                "%(per_unit)s per forbruksenhet (median %(median)s%(unverified)s)."
            )
            % {
                "year": year["year"],
                "income": format_nok(year["income_after_tax"]),
                "units": format_decimal_nb(year["consumption_units"]),
                "per_unit": format_nok(year["income_per_unit_rounded"]),
                "median": format_nok(year["median"]),
                "unverified": "" if year["median_verified"] else _(", ikke kontrollert"),
            }
        )
    if len(income["years"]) > 1:
        lines.append(
            _("Gjennomsnitt per forbruksenhet: %(avg)s. Gjennomsnittlig median: %(median)s.")
            % {
                "avg": format_nok(income["average_income_per_unit_rounded"]),
                "median": format_nok(income["average_median"]),
            }
        )
    lines.append(
        _(
            "Grense: %(percent)s %% av medianen = %(threshold)s per forbruksenhet. "
            "Inntekten må være under grensen."
        )
        % {
            "percent": format_decimal_nb(income["threshold_percent"], 0),
            "threshold": format_nok(income["threshold_rounded"]),
        }
    )
    return lines


def _household_line(year: dict) -> str:
    ages = year["ages"]
    persons = ngettext("%(count)s person", "%(count)s personer", len(ages)) % {"count": len(ages)}
    return _("Husholdningen per %(on)s: %(persons)s (alder %(ages)s).") % {
        "on": date_format(parse_date(year["household_on"]), "d.m.Y"),
        "persons": persons,
        "ages": ", ".join(str(age) for age in ages),
    }


def explain_outcome(outcome: dict) -> ExplainedRule:
    rule = outcome["rule"]
    label = RULE_LABELS.get(rule, lambda: rule)()
    lines: list[str] = []
    if rule in ("annual_low_income", "persistent_low_income"):
        lines = _income_lines(outcome)
    elif rule == "social_assistance":
        if outcome.get("months") is None:
            lines = [_("Antall måneder er ikke oppgitt.")]
        else:
            lines = [
                _("%(months)s av de siste 12 månedene; kravet er minst %(min)s.")
                % {"months": outcome["months"], "min": outcome["months_min"]}
            ]
    elif rule == "child_under_18":
        lines = [
            _("Antall barn under 18 år: %(n)s.") % {"n": outcome.get("children_under_18") or 0}
        ]
    elif rule == "manual":
        label = f"{label}: {outcome.get('label')}"
        lines = [_("Bekreftet av koordinatoren.") if outcome["passed"] else _("Ikke bekreftet.")]
    return ExplainedRule(label, outcome["passed"], _verdict(outcome["passed"]), lines)


def explain_screening(screening) -> dict:
    result = screening.result
    rules = result.get("rules", {})
    return {
        "eligible": result.get("eligible"),
        "verdict": {
            True: _("Familien er i målgruppen."),
            False: _("Familien er ikke i målgruppen etter reglene."),
            None: _("Resultatet kan ikke avgjøres før opplysningene som mangler er lagt inn."),
        }[result.get("eligible")],
        "rules": [explain_outcome(o) for o in result.get("outcomes", [])],
        "scale": _("EU-skala (1 / 0,5 / 0,3)")
        if rules.get("scale") == "eu"
        else _("Gammel OECD-skala (1 / 0,7 / 0,5)"),
        "child_rule": _("barn under 14 år (Eurostat)")
        if rules.get("child_rule") == "eurostat_under_14"
        else _("barn under 18 år"),
        "rule_version": result.get("rule_version"),
    }

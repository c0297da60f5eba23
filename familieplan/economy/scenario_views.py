""" "What if" pages: a family's scenarios, a new one, its changes and the comparison month by
month. Reading a scenario needs read access to the family; making or changing one needs
write access (a family one may only read answers 403)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familieplan.core.access import Action
from familieplan.core.form_pages import form_page, saved_message, submit
from familieplan.core.kept_forms import restore_kept
from familieplan.economy import services
from familieplan.economy.models import Scenario, ScenarioChange
from familieplan.economy.reading import load
from familieplan.economy.scenario_forms import ScenarioChangeForm, ScenarioForm
from familieplan.economy.scenarios import compare, missing_rate_years
from familieplan.families.access import access_family, can_write_family


def _scenario(family, scenario_id) -> Scenario:
    return get_object_or_404(
        family.economy_scenarios.filter(municipality_id=family.municipality_id), pk=scenario_id
    )


def scenario_create(request, family_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    form = ScenarioForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.scenario_create(
                family=family,
                by=request.user,
                name=form.cleaned_data["name"],
                estimate_assistance=form.cleaned_data["estimate_assistance"],
            ),
            creates=Scenario,
            within={"municipality_id": family.municipality_id},
        )
        if saved:
            saved_message(request, saved, _("Scenarioet er laget. Legg inn endringene."))
            return redirect("economy:scenario", family_id=family.pk, scenario_id=saved.row.pk)
    return form_page(
        request,
        form,
        title=_("Nytt scenario: hva om …"),
        submit=_("Lag scenarioet"),
        intro=_(
            "Et scenario tar utgangspunkt i familiens økonomi slik den er nå. Så legger du inn "
            "endringer, for eksempel en deltidsjobb eller en ytelse som stopper."
        ),
        back_url=reverse("economy:overview", args=[family.pk]),
        back_label=_("Økonomi: %(family)s") % {"family": family.name},
    )


def _page(request, family, scenario, form):
    changes = list(
        scenario.changes.select_related("scheme", "income__scheme", "expense").order_by(
            "starts_on", "kind"
        )
    )
    today = timezone.localdate()
    start = min([c.starts_on for c in changes] + [today]).replace(day=1)
    rows = compare(load(family), scenario, changes, start)
    return render(
        request,
        "economy/scenario.html",
        {
            "family": family,
            "scenario": scenario,
            "changes": changes,
            "rows": rows,
            "missing_years": missing_rate_years(rows),
            "form": form,
            "can_write": can_write_family(request.user, family),
        },
    )


@require_safe
def scenario_detail(request, family_id, scenario_id):
    family = access_family(request, family_id)
    scenario = _scenario(family, scenario_id)
    form = ScenarioChangeForm(family=family) if can_write_family(request.user, family) else None
    if form is not None:
        restore_kept(request, form)  # a change typed before the session ended
    return _page(request, family, scenario, form)


@require_POST
def scenario_change_add(request, family_id, scenario_id):
    family = access_family(request, family_id, write=True, action=Action.CHANGE)
    scenario = _scenario(family, scenario_id)
    form = ScenarioChangeForm(request.POST, family=family)
    saved = submit(
        form,
        save=lambda: services.scenario_change_add(scenario=scenario, change=form.instance),
        creates=ScenarioChange,
        within={"municipality_id": family.municipality_id},
    )
    if saved:
        saved_message(request, saved, _("Endringen er lagt inn i scenarioet."))
        return redirect("economy:scenario", family_id=family.pk, scenario_id=scenario.pk)
    return _page(request, family, scenario, form)


@require_POST
def scenario_change_remove(request, family_id, scenario_id, change_id):
    family = access_family(request, family_id, write=True, action=Action.CHANGE)
    scenario = _scenario(family, scenario_id)
    # Another scenario's change (or none) is a 404, as another family's row is.
    get_object_or_404(scenario.changes, pk=change_id).delete()
    messages.success(request, _("Endringen er fjernet fra scenarioet."))
    return redirect("economy:scenario", family_id=family.pk, scenario_id=scenario.pk)

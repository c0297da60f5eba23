"""Staff pages of a family's economy: the overview, the month at a glance (also printable),
incomes, expenses, debts and the balance, the history of changes, and the schemes worth
checking with a measure in the plan in one step.

Every page reaches the family through `families.access.access_family` (logged); rows are
fetched from that family, so another family's row is a 404. Reading needs read access to the
family, every change write access (a colleague in the same unit reads, and gets 403 on a
change).
"""

from __future__ import annotations

import copy
import uuid
from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familieplan.core.access import Action
from familieplan.core.form_pages import form_page, saved_message, submit
from familieplan.economy import month as month_view
from familieplan.economy import services
from familieplan.economy.forms import BalanceForm, DebtForm, ExpenseForm, IncomeForm
from familieplan.economy.models import (
    Balance,
    Debt,
    Expense,
    IncomeSource,
)
from familieplan.economy.month import parse_year
from familieplan.economy.overview import missing_budget_message, missing_parts_words, overview
from familieplan.economy.reading import load
from familieplan.economy.suggestion_forms import MeasureForm
from familieplan.economy.suggestions import suggested
from familieplan.families.access import access_family, can_write_family
from familieplan.lib.rhythm import Rhythm
from familieplan.plans.models import Measure

#: kind in the address → (model, form, the family's rows of it, the word for one)
ROWS = {
    "income": (IncomeSource, IncomeForm, "economy_incomesources", _("inntekt")),
    "expense": (Expense, ExpenseForm, "economy_expenses", _("utgift")),
    "debt": (Debt, DebtForm, "economy_debts", _("gjeld")),
}


def _row_of(family, related: str, row_id):
    """A row of the family's own (another family's id is a 404)."""
    return get_object_or_404(
        getattr(family, related).filter(municipality_id=family.municipality_id), pk=row_id
    )


@require_safe
def economy_overview(request, family_id):
    family = access_family(request, family_id)
    today = timezone.localdate()
    economy = load(family)
    year = parse_year(request.GET.get("year"), today)
    view = overview(economy, year, today=today)
    can_write = can_write_family(request.user, family)
    suggestions = suggested(economy, view, today) if year == today.year else []
    return render(
        request,
        "economy/overview.html",
        {
            "family": family,
            "economy": economy,
            "view": view,
            "year": year,
            "years": [year - 1, year, year + 1],
            "can_write": can_write,
            # Each suggestion's form has its own token: pressing one never finds another's.
            "suggestions": [(s, uuid.uuid4()) for s in suggestions],
            "scenarios": family.economy_scenarios.filter(municipality_id=family.municipality_id),
            "measure_form": MeasureForm(family=family, user=request.user)
            if can_write and suggestions
            else None,
            "missing_budget": missing_budget_message(year) if view.missing_budget else "",
            "budget_missing": missing_parts_words(view.budget) if view.budget else [],
            "today": today,
        },
    )


@require_safe
def economy_month(request, family_id):
    printing = request.GET.get("print") == "1"
    # The printable page is logged as a print, as the plan's and the mapping's are.
    family = access_family(request, family_id, action=Action.PRINT if printing else None)
    today = timezone.localdate()
    first = month_view.parse_month(request.GET.get("month"), today)
    economy = load(family)
    shown = month_view.month(economy, first)
    return render(
        request,
        "economy/month_print.html" if printing else "economy/month.html",
        {
            "family": family,
            "month": shown,
            "today": today,
            "printing": printing,
            "day_names": day_names(),
            # Irregular incomes have no day: named beside the month, not in its days.
            "irregular": [i for i in economy.incomes if i.rhythm == Rhythm.IRREGULAR],
            "balance_url": reverse("economy:balance", args=[family.pk])
            if can_write_family(request.user, family)
            else "",
        },
    )


def day_names() -> list[str]:
    """Monday to Sunday, short, in the reader's language (the grid's column heads)."""
    monday = date(2024, 1, 1)  # a Monday
    return [formats.date_format(monday + timedelta(days=i), "D") for i in range(7)]


@require_safe
def economy_history(request, family_id):
    family = access_family(request, family_id)
    changes = (
        family.economy_changes.filter(municipality_id=family.municipality_id)
        .select_related("by")
        .order_by("-at")[:200]
    )
    return render(request, "economy/history.html", {"family": family, "changes": changes})


def _back(family) -> str:
    return reverse("economy:overview", args=[family.pk])


def row_form(request, family_id, kind, row_id=None):
    if kind not in ROWS:
        raise Http404
    model, form_class, related, noun = ROWS[kind]
    family = access_family(
        request, family_id, write=True, action=Action.CHANGE if row_id else Action.CREATE
    )
    row = _row_of(family, related, row_id) if row_id else None
    # The row as stored before the form changes it, for the history's "old → new".
    before = copy.copy(row) if row is not None else None
    instance = row or model(family=family, municipality_id=family.municipality_id)
    form = form_class(
        request.POST if request.method == "POST" else None, instance=instance, family=family
    )
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.row_save(
                family=family, by=request.user, row=form.instance, before=before
            ),
            creates=None if row else model,
            within={"municipality_id": family.municipality_id},
            edits=row,
        )
        if saved:
            saved_message(request, saved, _("Lagret."))
            return redirect(_back(family))
    title = (_("Endre %(what)s") if row else _("Ny %(what)s")) % {"what": noun}
    return form_page(
        request,
        form,
        title=title,
        submit=_("Lagre"),
        back_url=_back(family),
        back_label=_("Økonomi: %(family)s") % {"family": family.name},
    )


def row_remove(request, family_id, kind, row_id):
    if kind not in ROWS:
        raise Http404
    _model, _form, related, noun = ROWS[kind]
    family = access_family(request, family_id, write=True, action=Action.CHANGE)
    row = _row_of(family, related, row_id)
    if request.method == "POST":
        services.row_remove(family=family, by=request.user, row=row)
        messages.success(request, _("Fjernet. Historikken viser hva som ble fjernet."))
        return redirect(_back(family))
    return render(
        request,
        "economy/remove.html",
        {"family": family, "row": row, "noun": noun, "back_url": _back(family)},
    )


def balance_form(request, family_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    form = BalanceForm(
        request.POST if request.method == "POST" else None,
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.balance_state(
                family=family,
                by=request.user,
                amount=form.cleaned_data["amount"],
                on=form.cleaned_data["on"],
            ),
            creates=Balance,
            within={"municipality_id": family.municipality_id},
        )
        if saved:
            saved_message(request, saved, _("Saldoen er lagret."))
            return redirect(reverse("economy:month", args=[family.pk]))
    return form_page(
        request,
        form,
        title=_("Saldo på konto"),
        submit=_("Lagre saldoen"),
        intro=_("Månedsoversikten regner videre fra saldoen familien oppgir."),
        back_url=reverse("economy:month", args=[family.pk]),
        back_label=_("Måneden: %(family)s") % {"family": family.name},
    )


@require_POST
def suggestion_measure(request, family_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    form = MeasureForm(request.POST, family=family, user=request.user)
    # Once per form: a second press finds the measure the first one made.
    saved = submit(
        form,
        save=lambda: form.save(by=request.user),
        creates=Measure,
        within={"municipality_id": family.municipality_id},
    )
    if saved:
        saved_message(request, saved, _("Tiltaket er lagt i familiens plan."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(_back(family) + "#suggestions")

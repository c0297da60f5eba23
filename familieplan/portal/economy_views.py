"""The family's own economy: the month day by day (money in and out, the running balance from
the balance the family states, the days money runs out), the overview of a year (income per
scheme and in total per month, expenses, debts), and the forms where the family adds and
corrects its incomes and expenses (bills) and states its balance.

Who sees and changes what (`household_economy`, `may_change`, `lives_here`):

- The economy is the household's, a matter of the whole family (`Viewer.sees(None)`): every
  member living in the household today sees it, youths too, with the same figures the
  coordinator sees, so the balance and the day money runs out are the same for everyone.
  Adults' and young children's rows are the household's.
- A youth's own rows (about a member not in an adult role who has reached the programme's
  youth consent age) are the youth's: shown to that youth, never to a parent or a sibling, as
  every youth matter on the family's pages (portal/visibility.py).
- Adults (an adult role and 18 or older) add and correct incomes and expenses and state the
  balance; a youth or a child reads (403 on a form). Debts are shown, not changed here.
- A member who has moved out has no economy page (404, and no menu entry).

Every page starts with `viewer_for` (logged). A row is looked up among the rows the viewer
sees, anything else is a logged 404 (`not_found`). Changes go through `economy.services` with
`by_family=True`, so the coordinator's history says the family made them.
"""

from __future__ import annotations

import copy
import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familieplan.core.access import Action
from familieplan.core.form_pages import form_page, saved_message, submit
from familieplan.economy import services
from familieplan.economy.models import Balance, Expense, IncomeSource
from familieplan.economy.month import month, parse_month, parse_year
from familieplan.economy.overview import overview
from familieplan.economy.reading import Economy, load
from familieplan.families.models import Member
from familieplan.partners.rules import ADULT_AGE
from familieplan.portal.access import not_found, viewer_for
from familieplan.portal.economy_forms import FamilyBalanceForm, FamilyExpenseForm, FamilyIncomeForm
from familieplan.portal.visibility import Viewer

KINDS = {
    "income": (IncomeSource, FamilyIncomeForm, "incomes"),
    "expense": (Expense, FamilyExpenseForm, "expenses"),
}


# -- The rule ---------------------------------------------------------------------------


def lives_here(viewer: Viewer) -> bool:
    """Whether the viewer lives in the household today (the menu shows the page then)."""
    return viewer.member.in_household_on(viewer.today)


def may_change(viewer: Viewer) -> bool:
    member = viewer.member
    return member.is_adult_role and member.age_on(viewer.today) >= ADULT_AGE


def _youths(viewer: Viewer, members: list[Member]) -> frozenset[uuid.UUID]:
    """The youths whose own rows this viewer does not see (everyone's but their own)."""
    return frozenset(
        m.pk
        for m in members
        if m.pk != viewer.member.pk
        and not m.is_adult_role
        and m.age_on(viewer.today) >= viewer.youth_consent_age
    )


def household_economy(viewer: Viewer) -> Economy:
    """The family's economy as this viewer sees it: without other youths' own rows."""
    economy = load(viewer.family)
    hidden = _youths(viewer, economy.members)
    if not hidden:
        return economy
    return economy.only(lambda row: row.member_id not in hidden)


def choosable(viewer: Viewer, economy: Economy, row=None) -> QuerySet[Member]:
    """Whom a row may be about: the household today, without the youths whose rows the viewer
    does not see (a row about them would vanish from the viewer's page); a row's own person
    stays a choice after they moved out."""
    hidden = _youths(viewer, economy.members)
    current = viewer.family.current_members(viewer.today).exclude(pk__in=hidden)
    if row is not None and row.member_id is not None:
        current = viewer.family.members.filter(Q(pk__in=current.values("pk")) | Q(pk=row.member_id))
    return current.order_by("birth_date")


def resident_viewer(request, page: str, action: str = Action.READ) -> Viewer:
    """The family member (logged), when they live in the household today; else a 404."""
    viewer = viewer_for(request, page=page, action=action)
    if not lives_here(viewer):
        raise Http404
    return viewer


def _changer(request, page: str, action: str) -> Viewer:
    viewer = resident_viewer(request, page, action)
    if not may_change(viewer):
        raise PermissionDenied
    return viewer


# -- Pages ------------------------------------------------------------------------------


@require_safe
def economy_month(request):
    viewer = resident_viewer(request, "economy")
    economy = household_economy(viewer)
    shown = month(economy, parse_month(request.GET.get("month"), viewer.today))
    return render(
        request,
        "portal/economy_month.html",
        {
            "viewer": viewer,
            "family": viewer.family,
            "month": shown,
            # The days money comes or goes; how long it has run out, the notice above says.
            "days": [day for day in shown.period.days if day.flows],
            "balance": economy.balance,
            "may_change": may_change(viewer),
        },
    )


@require_safe
def economy_overview(request):
    viewer = resident_viewer(request, "economy_overview")
    economy = household_economy(viewer)
    year = parse_year(request.GET.get("year"), viewer.today)
    view = overview(economy, year, today=viewer.today)
    return render(
        request,
        "portal/economy_overview.html",
        {
            "viewer": viewer,
            "family": viewer.family,
            "economy": economy,
            "view": view,
            "year": year,
            "years": [year - 1, year, year + 1],
            # Per scheme: a month's average and the year's total.
            "schemes": [(label, total / 12, total) for label, total in view.by_scheme],
            "may_change": may_change(viewer),
        },
    )


# -- Changes ----------------------------------------------------------------------------


def _back(request) -> tuple[str, str]:
    """Back to the overview (where a row's «Endre» is) or the month (where the buttons are)."""
    if request.GET.get("back") == "overview":
        return reverse("portal:economy_overview"), _("Inntekter, utgifter og gjeld")
    return reverse("portal:economy"), _("Økonomi")


def row_form(request, kind, row_id=None):
    action = Action.CHANGE if row_id else Action.CREATE
    viewer = _changer(request, "economy_row", action)
    if kind not in KINDS:
        raise Http404
    model, form_class, attribute = KINDS[kind]
    family = viewer.family
    economy = household_economy(viewer)
    row = None
    if row_id is not None:
        row = next((r for r in getattr(economy, attribute) if r.pk == row_id), None)
        if row is None:
            not_found(request, viewer, model, row_id, action=action)
    before = copy.copy(row) if row is not None else None
    form = form_class(
        request.POST if request.method == "POST" else None,
        instance=row or model(family=family, municipality_id=family.municipality_id),
        family=family,
        members=choosable(viewer, economy, row),
    )
    back_url, back_label = _back(request)
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.row_save(
                family=family, by=request.user, row=form.row(), before=before, by_family=True
            ),
            creates=None if row else model,
            within={"municipality_id": family.municipality_id},
            edits=row,
        )
        if saved:
            saved_message(request, saved, _("Lagret."))
            return redirect(back_url)
    noun = _("inntekt") if kind == "income" else _("utgift")
    return form_page(
        request,
        form,
        title=(_("Endre %(what)s") if row else _("Ny %(what)s")) % {"what": noun},
        submit=_("Lagre"),
        back_url=back_url,
        back_label=back_label,
    )


def balance_form(request):
    viewer = _changer(request, "economy_balance", Action.CREATE)
    family = viewer.family
    form = FamilyBalanceForm(
        request.POST if request.method == "POST" else None, initial={"on": viewer.today}
    )
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.balance_state(
                family=family,
                by=request.user,
                amount=form.cleaned_data["amount"],
                on=form.cleaned_data["on"],
                by_family=True,
            ),
            creates=Balance,
            within={"municipality_id": family.municipality_id},
        )
        if saved:
            saved_message(request, saved, _("Saldoen er lagret."))
            return redirect("portal:economy")
    return form_page(
        request,
        form,
        title=_("Saldo på konto"),
        submit=_("Lagre saldoen"),
        intro=_("Månedsoversikten regner videre fra saldoen dere oppgir."),
        back_url=reverse("portal:economy"),
        back_label=_("Økonomi"),
    )

"""The team lead's pages: the team's numbers per coordinator, and one coordinator's families
to hand over to another coordinator in bulk."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from familieplan.core.access import Action, Subject, log_shown
from familieplan.core.concurrency import ALREADY_SAVED
from familieplan.core.form_pages import add_service_errors
from familieplan.core.kept_forms import restore_kept
from familieplan.core.roles import Role
from familieplan.families import queries
from familieplan.families.access import access_family
from familieplan.workday import team, team_services
from familieplan.workday.team_forms import HandOverForm


def _lead_only(request) -> None:
    if Role.TEAM_LEAD not in request.user.role_codes() or not queries.lead_scope(request.user):
        raise PermissionDenied


@require_safe
def team_view(request):
    """Per coordinator of the lead's teams: families active, waiting and paused, and what
    needs action; every number links to the caseload filtered by it. Counts only, no family
    is named, so nothing is logged."""
    _lead_only(request)
    return render(request, "workday/team.html", {"overview": team.overview(request.user)})


@require_http_methods(["GET", "HEAD", "POST"])
def team_handover(request, coordinator_id: int):
    """One coordinator's families, ticked to hand over to another coordinator with a reason:
    all in one step, or none with the reason why."""
    _lead_only(request)
    source = team.team_person(request.user, coordinator_id)
    if source is None:
        raise Http404
    receivers = team.receivers(request.user, source)
    form = HandOverForm(request.POST if request.method == "POST" else None, receivers=receivers)
    if request.method == "POST":
        done = _hand_over(request, form, source)
        if done is not None:
            return done
    else:
        restore_kept(request, form)
    families, total = team.handover_families(request.user, source)
    log_shown(
        request,
        action=Action.READ,
        object_type="workday.team",
        families=(
            Subject(municipality_id=f.municipality_id, family_id=f.family_id) for f in families
        ),
    )
    return render(
        request,
        "workday/team_handover.html",
        {
            "source": source,
            "form": form,
            "families": families,
            "total": total,
            "picked": form.picked_values,
        },
    )


def _sent_before(form) -> bool:
    """Whether this same form (its token) handed its families over already."""
    try:
        token = uuid.UUID(str(form.data.get("submit_token", "")))
        picked = form.fields["families"].clean(form.data.getlist("families"))
    except (ValueError, ValidationError):
        return False
    return team_services.already_handed_over(token, [pk for pk, _version in picked])


def _hand_over(request, form, source):
    """The redirect after a hand-over (or a second press of one), or None: the form shows why
    nothing was handed over."""
    if _sent_before(form):
        messages.info(request, ALREADY_SAVED)
        return redirect("workday:team")
    if not form.is_valid():
        return None
    data = form.cleaned_data
    target = queries.team_coordinators(request.user).filter(pk=int(data["to"])).first()
    if target is None:  # the choices came from the team; it changed since
        form.add_error("to", _("Velg en koordinator i teamet ditt."))
        return None
    # Each family through the access helper: another unit's or municipality's id is a 404,
    # and each family handed over is written to the access log as a change of it.
    picks = [
        team_services.Pick(access_family(request, pk, write=True), version)
        for pk, version in data["families"]
    ]
    # Visible and changeable is not enough: only the lead's team's families (the page lists
    # no others), or it is a 404.
    picked = [pick.family.pk for pick in picks]
    if queries.led_families(request.user).filter(pk__in=picked).count() != len(picked):
        raise Http404
    try:
        assignments = team_services.families_hand_over(
            picks=picks,
            source=source,
            target=target,
            by=request.user,
            on=timezone.localdate(),
            reason=data["reason"],
            token=data.get("submit_token"),
        )
    except ValidationError as error:
        if _sent_before(form):
            messages.info(request, ALREADY_SAVED)  # the first press won the race
            return redirect("workday:team")
        add_service_errors(form, error)
        return None
    messages.success(
        request,
        ngettext(
            "%(n)s familie er overført til %(person)s, som har fått et varsel.",
            "%(n)s familier er overført til %(person)s, som har fått et varsel.",
            len(assignments),
        )
        % {"n": len(assignments), "person": target.display_name},
    )
    return redirect("workday:team")

"""The partner service's pages: families shared through consent, the service's measures and
meetings. Every page reaches the family through `partners.access.access_shared_family`, which
answers 404 without a valid consent and writes the access log; objects inside the family are
fetched from what the scope allows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familieplan.core.access import Action
from familieplan.core.roles import Role
from familieplan.journal.visibility import notes_for_partner
from familieplan.partner_portal.forms import CommentForm, MeasureStatusForm
from familieplan.partner_portal.visibility import measures_for, meetings_for
from familieplan.partners.access import access_shared_family
from familieplan.partners.models import Partner, Topic
from familieplan.partners.scope import families_shared_with, partner_ids_of
from familieplan.plans import services as plan_services


def _require_partner(request) -> set:
    if not request.user.has_role(Role.PARTNER):
        raise PermissionDenied
    return partner_ids_of(request.user)


def home(request):
    partner_ids = _require_partner(request)
    families = families_shared_with(request.user).select_related("coordinator").order_by("name")
    return render(
        request,
        "partner_portal/home.html",
        {
            "partners": Partner.objects.filter(pk__in=partner_ids).order_by("name"),
            "families": families,
        },
    )


def _labels(topics) -> list[str]:
    return [label for value, label in Topic.choices if value in topics]


def family(request, family_id):
    _require_partner(request)
    family, scope = access_shared_family(request, family_id)
    members = family.members.filter(pk__in=scope.member_ids)
    return render(
        request,
        "partner_portal/family.html",
        {
            "family": family,
            "scope": scope,
            "people": [(m, _labels(scope.member_topics[m.pk])) for m in members],
            "family_topics": _labels(scope.family_topics),
            "measures": measures_for(family, scope),
            "meetings": meetings_for(family, scope),
            "notes": notes_for_partner(family, scope),
            "status_form": MeasureStatusForm(),
            "comment_form": CommentForm(),
        },
    )


def _measure(family, scope, measure_id):
    for measure in measures_for(family, scope):
        if str(measure.pk) == str(measure_id):
            return measure
    raise Http404


@require_POST
def measure_status(request, family_id, measure_id):
    _require_partner(request)
    family, scope = access_shared_family(request, family_id, action=Action.CHANGE)
    measure = _measure(family, scope, measure_id)
    form = MeasureStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Velg en status og prøv igjen."))
    else:
        try:
            plan_services.measure_move(
                measure=measure,
                by=request.user,
                to=form.cleaned_data["to"],
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Tiltaket er oppdatert. Koordinatoren ser endringen."))
    return redirect("partner_portal:family", family_id=family.pk)


@require_POST
def measure_comment(request, family_id, measure_id):
    _require_partner(request)
    family, scope = access_shared_family(request, family_id, action=Action.CREATE)
    measure = _measure(family, scope, measure_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en kommentar før du sender."))
    else:
        plan_services.measure_comment(
            measure=measure,
            by=request.user,
            author_label=measure.responsible_partner.name,
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Kommentaren er sendt til koordinatoren."))
    return redirect("partner_portal:family", family_id=family.pk)


def meeting(request, family_id, meeting_id):
    _require_partner(request)
    family, scope = access_shared_family(request, family_id)
    meeting = meetings_for(family, scope).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return render(
        request,
        "partner_portal/meeting.html",
        {
            "family": family,
            "meeting": meeting,
            "participants": meeting.participants.select_related("member", "partner", "user"),
            "decisions": meeting.decisions.all() if meeting.minutes_released else [],
        },
    )

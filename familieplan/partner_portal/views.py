"""The partner service's pages: families shared through consent, the service's measures and
meetings. Every page reaches the family through `partners.access.access_shared_family`, which
answers 404 without a valid consent and writes the access log; objects inside the family are
fetched from what the scope allows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familieplan.core.access import Action, Subject, log_shown
from familieplan.core.form_pages import saved_message, submit
from familieplan.core.roles import Role
from familieplan.journal.visibility import notes_for_partner
from familieplan.partner_portal import services
from familieplan.partner_portal.forms import CommentForm, MeasureStatusForm
from familieplan.partner_portal.visibility import measures_for, meetings_for
from familieplan.partners.access import access_shared_family
from familieplan.partners.models import Partner
from familieplan.partners.scope import families_shared_with, partner_ids_of
from familieplan.partners.topics import topic_choices
from familieplan.plans.inline_kept import kept_inline
from familieplan.plans.models import MeasureComment
from familieplan.plans.moves import kept_move

#: The fields of the page's inline forms: a measure's status control and its comment (what
#: was typed into one before the session ended comes back to that measure's form).
INLINE_FIELDS = ("measure_id", "to", "reason", "version", "text", "submit_token")


def _require_partner(request) -> set:
    if not request.user.has_role(Role.PARTNER):
        raise PermissionDenied
    return partner_ids_of(request.user)


@require_safe
def home(request):
    partner_ids = _require_partner(request)
    families = list(
        families_shared_with(request.user).select_related("coordinator").order_by("name")
    )
    # The list shows each family's name: one access-log entry per family, in one insert.
    log_shown(
        request,
        action=Action.READ,
        object_type="partner_portal.families",
        families=(Subject(municipality_id=f.municipality_id, family_id=f.pk) for f in families),
    )
    return render(
        request,
        "partner_portal/home.html",
        {
            "partners": Partner.objects.filter(pk__in=partner_ids).order_by("name"),
            "families": families,
        },
    )


def _labels(topics) -> list[str]:
    return [label for value, label in topic_choices() if value in topics]


@require_safe
def family(request, family_id):
    _require_partner(request)
    family, scope = access_shared_family(request, family_id)
    return _family_page(request, family, scope)


def _family_page(request, family, scope, *, failed: MeasureStatusForm | None = None):
    """The family as the service sees it; `failed` is a refused status change, shown at its
    measure with what was chosen and typed; a status change or a comment sent after the
    session ended comes back at its measure."""
    members = family.members.filter(pk__in=scope.member_ids)
    measures = measures_for(family, scope)
    kept = kept_inline(request, *INLINE_FIELDS) if failed is None else None
    for measure in measures:
        if failed is not None and failed.measure.pk == measure.pk:
            measure.status_form = failed
        else:
            typed = kept_move(kept, measure, MeasureStatusForm)
            measure.status_form = typed or MeasureStatusForm(measure=measure)
        measure.comment_form = _comment_form(kept, measure)
    return render(
        request,
        "partner_portal/family.html",
        {
            "family": family,
            "scope": scope,
            "people": [(m, _labels(scope.member_topics[m.pk])) for m in members],
            "family_topics": _labels(scope.family_topics),
            "measures": measures,
            "meetings": meetings_for(family, scope),
            "notes": notes_for_partner(family, scope),
        },
    )


def _comment_form(kept: dict | None, measure) -> CommentForm:
    """The comment form under `measure`, with the kept comment when it was typed there."""
    if kept and kept.get("measure_id") == str(measure.pk) and "text" in kept:
        typed = {name: kept[name] for name in ("text", "submit_token") if name in kept}
        return CommentForm(measure=measure, initial=typed)
    return CommentForm(measure=measure)


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
    move = services.status_move(
        request.POST, family=family, measure=measure, by=request.user, form_class=MeasureStatusForm
    )
    if move.refused is not None:
        return _family_page(request, family, scope, failed=move.refused)
    saved_message(request, move.saved, _("Tiltaket er oppdatert. Koordinatoren ser endringen."))
    return redirect("partner_portal:family", family_id=family.pk)  # to the form's #measure-<id>


@require_POST
def measure_comment(request, family_id, measure_id):
    _require_partner(request)
    family, scope = access_shared_family(request, family_id, action=Action.CREATE)
    measure = _measure(family, scope, measure_id)
    form = CommentForm(request.POST, measure=measure)
    saved = submit(
        form,
        save=lambda: services.comment(
            family=family,
            measure=measure,
            by=request.user,
            author_label=measure.responsible_partner.name,
            text=form.cleaned_data["text"],
        ),
        creates=MeasureComment,
        within={"municipality_id": measure.municipality_id},
    )
    if saved:
        saved_message(request, saved, _("Kommentaren er sendt til koordinatoren."))
    else:
        messages.error(request, _("Skriv en kommentar før du sender."))
    return redirect("partner_portal:family", family_id=family.pk)  # to the form's #measure-<id>


@require_safe
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

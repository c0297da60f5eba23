"""The coordinator's side of what the family sends: the family page lists the family's
proposals and comments on goals, and the coordinator answers each one (the family sees the
answer on its plan page). Reached through `access_family` like every staff page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familieplan.core.access import Action
from familieplan.core.form_pages import Saved, saved_message
from familieplan.families.access import access_family, can_write_family


def family_section(request, family) -> dict | None:
    """The family page's section: open proposals first, then the latest answered."""
    proposals = list(
        family.proposals.select_related("by", "about", "goal", "domain", "answered_by").order_by(
            "answered_at", "-created_at"
        )[:20]
    )
    if not proposals:
        return None
    return {
        "family": family,
        "proposals": proposals,
        "can_write": can_write_family(request.user, family),
    }


ANSWER_LENGTH = 2000


@require_POST
def answer(request, family_id, proposal_id):
    family = access_family(request, family_id, write=True, action=Action.CHANGE)
    proposal = family.proposals.filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    text = request.POST.get("answer", "").strip()
    try:
        if not text:
            raise ValidationError(_("Skriv et svar før du sender."))
        ProhibitNullCharactersValidator()(text)  # PostgreSQL stores no NUL in text
        if len(text) > ANSWER_LENGTH:
            raise ValidationError(
                _("Svaret kan være høyst %(max)s tegn (nå %(now)s). Korter det ned.")
                % {"max": ANSWER_LENGTH, "now": len(text)}
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("families:detail", family_id=family.pk)
    # Only an unanswered proposal takes the answer: of two coordinators answering at once, or
    # a button pressed twice, the first is saved; the same answer again says so.
    answered = family.proposals.filter(pk=proposal.pk, answered_at__isnull=True).update(
        answer=text, answered_at=timezone.now(), answered_by=request.user
    )
    if answered:
        messages.success(request, _("Svaret er lagret. Familien ser det på planen sin."))
    elif family.proposals.filter(pk=proposal.pk, answer=text).exists():
        saved_message(request, Saved(proposal, first=False), "")
    else:
        messages.error(request, _("Forslaget er allerede besvart."))
    return redirect("families:detail", family_id=family.pk)

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
        if proposal.answered_at is not None:
            raise ValidationError(_("Forslaget er allerede besvart."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        proposal.answer = text[:2000]
        proposal.answered_at = timezone.now()
        proposal.answered_by = request.user
        proposal.save(update_fields=["answer", "answered_at", "answered_by"])
        messages.success(request, _("Svaret er lagret. Familien ser det på planen sin."))
    return redirect("families:detail", family_id=family.pk)

"""The "Sett" button of a start-page line, and its "Angre".

Both check the line's thing through the block that lists it (`DayBlock.find`: its family
and its state now) and the family through `access_family` (404 for a family the reader may
not see, logged like every access). With htmx the line is swapped for a short "marked seen"
with the undo button, and the undo brings the whole section back; without JavaScript both
return to the start page."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familieplan.core import extensions
from familieplan.families.access import access_family
from familieplan.workday import marks, today


def _line(request):
    """(kind, object id, state, family) of the posted line; 403 without a case role, 404
    for anything that is not a line this person may see, 400 for a bad `day`."""
    day = request.POST.get("day", "")
    if day not in today.CHOICES:
        return None
    if today.whose_day(request.user, day) is None:
        raise PermissionDenied
    kind = request.POST.get("kind", "")
    try:
        object_id = uuid.UUID(request.POST.get("object_id", ""))
    except ValueError:
        raise Http404 from None
    for block in extensions.day_blocks():
        found = block.find(kind, object_id)
        if found is not None:
            family_id, state = found
            family = access_family(request, family_id)
            return kind, object_id, state or "", family
    raise Http404


def _back(day: str) -> str:
    return reverse("core:home") + (f"?day={day}" if day else "")


@require_POST
def seen(request):
    line = _line(request)
    if line is None:
        return HttpResponseBadRequest()
    kind, object_id, state, family = line
    day = request.POST.get("day", "")
    if request.POST.get("state", "") != state:
        # Changed since the page was shown (moved, a new due date …): what the reader saw is
        # not what there is now, so nothing is marked; the day shows the line as it is.
        if request.htmx:
            context = today.day_context(request, today.whose_day(request.user, day))
            return render(request, "workday/_today.html", {"section": context})
        messages.info(request, _("Linjen er endret siden du åpnet siden. Se over den på nytt."))
        return redirect(_back(day))
    marks.mark_seen(
        user=request.user,
        kind=kind,
        object_id=object_id,
        state=state,
        municipality_id=family.municipality_id,
    )
    if request.htmx:
        return render(
            request,
            "workday/_seen.html",
            {"kind": kind, "object_id": object_id, "family": family, "day": day},
        )
    messages.success(request, _("Merket som sett."))
    return redirect(_back(day))


@require_POST
def unsee(request):
    line = _line(request)
    if line is None:
        return HttpResponseBadRequest()
    kind, object_id, _state, _family = line
    marks.unmark(user=request.user, kind=kind, object_id=object_id)
    day = request.POST.get("day", "")
    if request.htmx:
        context = today.day_context(request, today.whose_day(request.user, day))
        return render(request, "workday/_today.html", {"section": context})
    messages.success(request, _("Linjen vises igjen."))
    return redirect(_back(day))

"""Drafts saved as you type (core/drafts.py): the address a form's script posts its fields to,
and the button that throws a draft away. Both reach the object the form is about through the
form's own access rule (`DraftForm.target`: the app's access helper, logged), so a draft is
saved only by someone who may change it: 404 for what they may not know, 403 for read-only."""

from __future__ import annotations

import json
import uuid

from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from familieplan.core import drafts, extensions


def _form_and_target(request, draft_form: str, object_id):
    form = extensions.draft_form(draft_form)
    if form is None:
        raise Http404
    return form, form.target(request, object_id)


#: A value drafts.js sends for a field: text, or a list of texts (ticked boxes).
_SCALARS = (str, int, float, bool)


def _values(value) -> list[str] | None:
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, _SCALARS) for v in values):
        return None  # an object or a nested list is not something a form sends
    return [str(v) for v in values]


def _posted(request) -> tuple[dict[str, list[str]], str] | None:
    """The fields and the form's submit token, sent as JSON (`{"fields": {name: value or
    [values]}, "token": …}`, what drafts.js sends) or form-encoded; None if unreadable."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(body, dict) or not isinstance(body.get("fields", {}), dict):
            return None
        fields = {str(name): _values(value) for name, value in body.get("fields", {}).items()}
        if any(values is None for values in fields.values()):
            return None
        token = body.get("token", "")
        return fields, token if isinstance(token, str) else ""  # type: ignore[return-value]
    return dict(request.POST.lists()), request.POST.get("submit_token", "")


def _token(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


@require_POST
def draft_save(request, draft_form, object_id):
    """Store the typed fields as the person's draft: 204, nothing to show. (A request is
    activity: like any other, it keeps the session alive — the script sends one only after
    typing, never by itself.)"""
    form, target = _form_and_target(request, draft_form, object_id)
    posted = _posted(request)
    if posted is None:
        return HttpResponseBadRequest()
    fields, token = posted
    try:
        drafts.draft_save(
            user=request.user, form=form, target=target, data=fields, token=_token(token)
        )
    except drafts.DraftTooLarge:
        return HttpResponse(status=413)  # the earlier draft stays; what is typed stays typed
    return HttpResponse(status=204)


@require_POST
def draft_discard(request, draft_form, object_id):
    """Throw the draft away and go back to the form (`next`), now empty."""
    form, target = _form_and_target(request, draft_form, object_id)
    drafts.draft_discard(user=request.user, name=form.name, target=target)
    back = request.POST.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    return HttpResponseRedirect(back)

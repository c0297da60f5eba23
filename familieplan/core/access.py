"""The access mechanism every view that touches family data goes through.

A protected object is fetched with `fetch_protected`: it looks the object up in the queryset
the user may see (`Model.objects.visible_to(user)`), answers 404 when the user may not know it
exists, 403 when the user may read but not write, and writes one access-log entry either way.
Apps build their named helpers on top of it (`families.access.access_family`, …).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest

from familieplan.core.models import AccessLog

Action = AccessLog.Action
Outcome = AccessLog.Outcome
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Subject:
    """Whose data an object is: written into the access log."""

    municipality_id: int | None = None
    family_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None


def client_address(request: HttpRequest) -> str | None:
    if settings.FAMILIEPLAN_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def active_role(request: HttpRequest) -> str:
    roles = getattr(request.user, "role_codes", None)
    return ",".join(sorted(roles())) if callable(roles) else ""


def log_access(
    request: HttpRequest,
    *,
    action: str,
    object_type: str,
    object_id: Any = "",
    subject: Subject = Subject(),
    outcome: str = Outcome.ALLOWED,
) -> AccessLog:
    """Append one entry to the access log for the current request."""
    user = request.user if request.user.is_authenticated else None
    return AccessLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        role=active_role(request) if user else "",
        municipality_id=subject.municipality_id,
        family_id=subject.family_id,
        person_id=subject.person_id,
        object_type=object_type[:60],
        object_id=str(object_id)[:64],
        action=action,
        outcome=outcome,
        ip_address=client_address(request),
        path=request.path[:300],
    )


def object_type_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def fetch_protected(
    request: HttpRequest,
    *,
    visible: models.QuerySet[M],
    pk: Any,
    write: bool,
    can_write: Callable[[Any, M], bool],
    subject_of: Callable[[M], Subject],
    action: str | None = None,
) -> M:
    """Return the object `pk` from `visible`, or raise 404/403; log the access either way.

    `visible` must already be `Model.objects.visible_to(request.user)`; `can_write(user, obj)`
    decides whether a visible object may be changed.
    """
    model = visible.model
    object_type = object_type_of(model)
    try:
        obj = visible.filter(pk=pk).first()
    except (ValueError, ValidationError):
        obj = None
    if obj is None:
        log_access(
            request,
            action=action or (Action.CHANGE if write else Action.READ),
            object_type=object_type,
            object_id=pk,
            subject=_subject_of_hidden(request, model, pk, subject_of),
            outcome=Outcome.NOT_FOUND,
        )
        raise Http404
    subject = subject_of(obj)
    if write and not can_write(request.user, obj):
        log_access(
            request,
            action=action or Action.CHANGE,
            object_type=object_type,
            object_id=obj.pk,
            subject=subject,
            outcome=Outcome.READ_ONLY,
        )
        raise PermissionDenied
    log_access(
        request,
        action=action or (Action.CHANGE if write else Action.READ),
        object_type=object_type,
        object_id=obj.pk,
        subject=subject,
    )
    return obj


def _subject_of_hidden(request, model, pk, subject_of) -> Subject:
    """Whose data a refused lookup aimed at, so that the owner's privacy officer sees it.

    Only written to the log; the user gets the same 404 whether or not the object exists.
    """
    try:
        target = model._base_manager.filter(pk=pk).first()
    except (ValueError, ValidationError):
        target = None
    if target is not None:
        return subject_of(target)
    ids = request.user.municipality_ids() if request.user.is_authenticated else set()
    return Subject(municipality_id=min(ids) if ids else None)

"""The access mechanism every view that touches family data goes through.

A protected object is fetched with `fetch_protected`: it looks the object up in the queryset
the user may see (`Model.objects.visible_to(user)`), answers 404 when the user may not know it
exists, 403 when the user may read but not write, and writes one access-log entry either way.
A list, search or export logs each family it shows with `log_shown` (one insert).
Apps build their named helpers on top of it (`families.access.access_family`, …).
"""

from __future__ import annotations

import functools
import ipaddress
import uuid
from collections.abc import Callable, Iterable
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
    """The client's address, for the access log and the login lockout alike (settings:
    AXES_CLIENT_IP_CALLABLE).

    Without FAMILIEPLAN_TRUST_X_FORWARDED_FOR it is the peer (REMOTE_ADDR). Behind a trusted
    proxy it is the right-most X-Forwarded-For entry that is not one of
    FAMILIEPLAN_TRUSTED_PROXIES: the address our own proxy appended. Entries to the left of
    it come from the client and may be forged, so they never count. When the header holds no
    usable address there, the peer's address is used.
    """
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if not settings.FAMILIEPLAN_TRUST_X_FORWARDED_FOR:
        return peer
    trusted = _networks(tuple(getattr(settings, "FAMILIEPLAN_TRUSTED_PROXIES", ())))
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            return peer
        if not any(ipaddress.ip_address(address) in network for network in trusted):
            return address
    return peer


def _address(text: str) -> str | None:
    """`text` as a normalised IP address, or None."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


@functools.cache
def _networks(cidrs: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs if cidr)


def active_role(request: HttpRequest) -> str:
    roles = getattr(request.user, "role_codes", None)
    return ",".join(sorted(roles())) if callable(roles) else ""


#: Methods that only show: opening a form is a read, whatever the form would change.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITES = frozenset({Action.CREATE, Action.CHANGE})
#: Where AccessLogMiddleware keeps the entries of a POST until its response is known.
PENDING_ATTRIBUTE = "_familieplan_access_pending"


def _entry(
    request: HttpRequest,
    *,
    action: str,
    object_type: str,
    object_id: Any = "",
    subject: Subject = Subject(),
    outcome: str = Outcome.ALLOWED,
    reader: Any = None,
    path: str | None = None,
) -> AccessLog:
    user = reader or (request.user if request.user.is_authenticated else None)
    if reader is not None:
        role = ",".join(sorted(reader.role_codes()))
    else:
        role = active_role(request) if user else ""
    return AccessLog(
        user=user,
        username=user.get_username() if user else "",
        role=role,
        municipality_id=subject.municipality_id,
        family_id=subject.family_id,
        person_id=subject.person_id,
        object_type=object_type[:60],
        object_id=str(object_id)[:64],
        action=action,
        outcome=outcome,
        ip_address=client_address(request),
        path=(request.path if path is None else path)[:300],
    )


def log_access(
    request: HttpRequest,
    *,
    action: str,
    object_type: str,
    object_id: Any = "",
    subject: Subject = Subject(),
    outcome: str = Outcome.ALLOWED,
    reader: Any = None,
    path: str | None = None,
) -> AccessLog:
    """Append one entry to the access log for the current request.

    `reader` and `path` stand in for the request's user and address where a view knows the
    reader by other means than the session (a calendar feed's secret token) or its address
    holds a secret that must not be stored.

    An allowed create or change is logged as what happened: a GET (opening the form) is a
    read; a POST is written by `AccessLogMiddleware` once the view has answered — a change if
    the view redirects (post/redirect/get: the change was made), else a read (the form came
    back with errors). A refusal is written at once, with the action that was attempted.
    """
    entry = _entry(
        request,
        action=action,
        object_type=object_type,
        object_id=object_id,
        subject=subject,
        outcome=outcome,
        reader=reader,
        path=path,
    )
    if outcome == Outcome.ALLOWED and action in WRITES:
        if request.method in SAFE_METHODS:
            entry.action = Action.READ
        elif (pending := getattr(request, PENDING_ATTRIBUTE, None)) is not None:
            pending.append(entry)
            return entry
    entry.save()
    return entry


def log_shown(
    request: HttpRequest,
    *,
    action: str,
    object_type: str,
    families: Iterable[Subject],
    nothing_shown: Subject | None = None,
) -> None:
    """One entry per family a list, search or export shows, in one insert.

    `families` are the families on the page (repeats count once). When there are none, a
    search still leaves one entry, under `nothing_shown` (the user's municipality), so that
    its privacy officer sees that it was made.
    """
    seen: dict[uuid.UUID, Subject] = {}
    for subject in families:
        if subject.family_id is not None:
            seen.setdefault(subject.family_id, subject)
    subjects = list(seen.values()) or ([nothing_shown] if nothing_shown else [])
    if subjects:
        AccessLog.objects.bulk_create(
            _entry(
                request,
                action=action,
                object_type=object_type,
                object_id=subject.family_id or "",
                subject=subject,
            )
            for subject in subjects
        )


def home_municipality(request: HttpRequest) -> Subject:
    """The user's (first) municipality, for entries that name no family."""
    ids = request.user.municipality_ids() if request.user.is_authenticated else set()
    return Subject(municipality_id=min(ids) if ids else None)


class AccessLogMiddleware:
    """Writes the entries a POST's view deferred (`log_access`), once its answer is known:
    the attempted create or change when the view redirects, else a read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending: list[AccessLog] = []
        setattr(request, PENDING_ATTRIBUTE, pending)
        response = self.get_response(request)
        if pending:
            if response.status_code // 100 != 3:
                for entry in pending:
                    entry.action = Action.READ
            AccessLog.objects.bulk_create(pending)
        return response


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
    return home_municipality(request)

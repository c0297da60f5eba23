"""The notification pages, for coordinators and team leads: the list (newest first, grouped per
family on each page, only families the reader may still see, the last 90 days), opening one
(marked read, then to where it is dealt with), the read marks, and the email choices."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from familieplan.core.access import Action, Subject, log_shown
from familieplan.families import finding
from familieplan.families.access import access_family
from familieplan.notifications.forms import EmailChoicesForm
from familieplan.notifications.models import (
    KEPT_DAYS,
    STAFF_ROLES,
    Notification,
    NotificationPreference,
    email_choices,
)
from familieplan.notifications.services import is_local_path, mark_read

PAGE_SIZE = 30
MAX_PAGE = 10_000


def _require_staff(request) -> None:
    if not request.user.role_codes() & STAFF_ROLES:
        raise PermissionDenied


@dataclass
class Group:
    """One family's notifications on the page, newest first."""

    family: object
    notifications: list = field(default_factory=list)
    #: The members' first names: what tells two families of the same name apart.
    members: str = ""

    @property
    def unread(self) -> int:
        return sum(1 for n in self.notifications if not n.is_read)


def _groups(rows) -> list[Group]:
    """The page's notifications per family, the family with the newest one first."""
    groups: dict = {}
    for notification in rows:
        group = groups.setdefault(notification.family_id, Group(notification.family))
        group.notifications.append(notification)
    families = [group.family for group in groups.values()]
    prefetch_related_objects(families, finding.members_prefetch())
    today = timezone.localdate()
    for group in groups.values():
        group.members = str(finding.first_names(group.family.named_members, today))
    return list(groups.values())


def _page_number(value) -> int:
    text = str(value or "")
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        return 1
    return max(1, min(MAX_PAGE, int(text)))


@require_safe
def notification_list(request):
    _require_staff(request)
    mine = (
        Notification.objects.visible_to(request.user)
        .select_related("family")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(mine, PAGE_SIZE).get_page(_page_number(request.GET.get("page")))
    rows = list(page.object_list)
    # The list shows each family's name: one access-log entry per family, in one insert.
    log_shown(
        request,
        action=Action.READ,
        object_type="notifications.notification",
        families=(Subject(municipality_id=n.municipality_id, family_id=n.family_id) for n in rows),
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "groups": _groups(rows),
            "any_unread": any(not n.is_read for n in rows),
            "kept_days": KEPT_DAYS,
            # The buttons come back to this page (in their address: no field to send).
            "back": f"?page={page.number}" if page.number > 1 else "",
        },
    )


def _back(request) -> HttpResponseRedirect:
    """Back to the list, on the page the button was pressed on."""
    url = reverse("notifications:list")
    number = _page_number(request.GET.get("page"))
    return redirect(f"{url}?page={number}" if number > 1 else url)


def _own(request, notification_id) -> Notification:
    """One of the reader's own notifications they may still see, else 404."""
    notification = Notification.objects.visible_to(request.user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return notification


@require_POST
def notification_open(request, notification_id):
    """Mark the notification read and go to where it is dealt with (a path on this site)."""
    _require_staff(request)
    notification = _own(request, notification_id)
    mark_read(Notification.objects.visible_to(request.user).filter(pk=notification.pk))
    if not is_local_path(notification.url):
        messages.error(request, _("Varselet har ingen side i Familieplan å gå til."))
        return _back(request)
    return HttpResponseRedirect(notification.url)


@require_POST
def notification_read(request, notification_id):
    _require_staff(request)
    notification = _own(request, notification_id)
    mark_read(Notification.objects.visible_to(request.user).filter(pk=notification.pk))
    return _back(request)


@require_POST
def read_all(request):
    _require_staff(request)
    count = mark_read(Notification.objects.visible_to(request.user))
    if count:
        messages.success(request, _("Alle varslene er merket som lest."))
    return _back(request)


@require_POST
def family_read(request, family_id):
    _require_staff(request)
    family = access_family(request, family_id)
    count = mark_read(Notification.objects.visible_to(request.user).filter(family=family))
    if count:
        messages.success(
            request, _("Varslene om %(family)s er merket som lest.") % {"family": family.name}
        )
    return _back(request)


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    """Which kinds of notification the person also gets by email."""
    _require_staff(request)
    chosen = email_choices(request.user)
    initial = {"kinds": [kind for kind, on in chosen.items() if on]}
    if request.method == "POST":
        form = EmailChoicesForm(request.POST, initial=initial)
        if form.is_valid():
            wanted = set(form.cleaned_data["kinds"])
            with transaction.atomic():
                for kind in Notification.Kind.values:
                    NotificationPreference.objects.update_or_create(
                        user=request.user, kind=kind, defaults={"email": kind in wanted}
                    )
            messages.success(request, _("Valgene for e-post er lagret."))
            return redirect("notifications:preferences")
    else:
        form = EmailChoicesForm(initial=initial)
    return render(request, "notifications/preferences.html", {"form": form})

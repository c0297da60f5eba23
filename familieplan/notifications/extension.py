"""What notifications add through the contract (core/extensions.py): the bell in the page
header, the pages under /notifications/, and the demo's notifications."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familieplan.core.extensions import DemoStep, Extension, HeaderItem
from familieplan.notifications.demo import build_demo
from familieplan.notifications.models import STAFF_ROLES, Notification


def bell(request) -> dict | None:
    """Coordinators and team leads: how many unread notifications they have (one COUNT on
    the unread index). Nobody else has a bell."""
    user = request.user
    if not user.is_authenticated or not user.role_codes() & STAFF_ROLES:
        return None
    return {
        "count": Notification.objects.visible_to(user).unread().count(),
        "url": reverse("notifications:list"),
        "current": getattr(request.resolver_match, "view_name", "") == "notifications:list",
    }


def extension() -> Extension:
    return Extension(
        app="notifications",
        what=_("varsler om familien"),
        urls="familieplan.notifications.urls",
        url_prefix="notifications/",
        header_items=(HeaderItem("notifications/_bell.html", bell, order=10),),
        demo_steps=(DemoStep("notifications", build_demo, order=200),),
    )

"""Everything the outings add, in one place: no other file names this app."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from familieplan.core.extensions import (
    ConsentTopic,
    CopyPart,
    Counter,
    DemoStep,
    Extension,
    FamilyLink,
    FamilySection,
    PortalPage,
    TimelineEvent,
    TimelineSource,
)
from familieplan.families.access import can_write_family


def _model():
    from tests.extension_app.models import Outing

    return Outing


# The family page: a section only those who may change the family see.
def _section(request, family):
    if not can_write_family(request.user, family):
        return None
    return {"outings": list(family.test_outings.order_by("on")[:3])}


# The timeline: keys from the index first, formatted only for the rows shown.
def _keys(user, family, before, n):
    rows = family.test_outings.all()
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    return rows.order_by("-created_at").values_list("created_at", "pk")[:n]


def _events(user, family, ids):
    return {
        o.pk: TimelineEvent(
            at=o.created_at,
            kind="outing",
            title=f"Utflukt: {o.title}",
            url=reverse("extension_app:list", args=[family.pk]),
        )
        for o in family.test_outings.filter(pk__in=ids)
    }


# The caseload: an Exists on an index led by the family (the national-scale pattern).
def _outing_soon(ctx) -> Q:
    soon = _model().objects.filter(
        family=OuterRef("pk"), on__gte=ctx.today, on__lte=ctx.today + timedelta(days=7)
    )
    return Q(Exists(soon))


def _digest(n: int) -> str:
    return f"{n} familie(r) har utflukt innen en uke"


# The family's pages: the one rule of what a viewer sees (their own and their children's).
def _seen(viewer):
    outings = viewer.family.test_outings.order_by("on")
    return [o for o in outings if viewer.sees(o.member_id)]


def _page(viewer):
    return {"outings": _seen(viewer)}


def _copy(viewer):
    return [{"on": o.on.isoformat(), "title": o.title} for o in _seen(viewer)]


def _demo(families, users, today, seed):
    family = next(f for f in families if f.name == "Familien Warsame")
    _model().objects.create(
        municipality_id=family.municipality_id, family=family, on=today, title="Demo-utflukt"
    )


def extension() -> Extension:
    return Extension(
        app="extension_app",
        what="utfluktene",
        urls="tests.extension_app.urls",
        url_prefix="outings/",
        family_links=(FamilyLink("Utflukter", "extension_app:list", order=95),),
        family_sections=(FamilySection("extension_app/section.html", _section, order=95),),
        timeline=(TimelineSource("outing", "Utflukter", _keys, _events, order=95),),
        counters=(Counter("outing_soon", "Utflukt snart", _outing_soon, 95, _digest),),
        portal_pages=(
            PortalPage("outings", "Utflukter", template="extension_app/portal.html", context=_page),
        ),
        copy_parts=(CopyPart("outings", "Utflukter", _copy, "extension_app/copy.html"),),
        consent_topics=(ConsentTopic("outings", "Utflukter"),),
        demo_steps=(DemoStep("outings", _demo),),
    )

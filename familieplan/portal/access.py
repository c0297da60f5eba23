"""How a family member reaches their own family's pages: only through their own login.

`viewer_for(request)` answers 403 to anyone without the family-member role and 404 to a
family member without a person in a family, and writes one access-log entry for the page —
the family sees its own reads in "Hvem har sett våre opplysninger" too. Objects inside the
family (a measure, a consent) are looked up with `object_in(...)` from what the viewer may
see; anything else — another family's id, a youth's consent for a parent — is a 404, logged.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from familieplan.core.access import Action, Outcome, Subject, log_access, object_type_of
from familieplan.core.roles import Role
from familieplan.families.models import Member
from familieplan.portal.visibility import Viewer, viewer_of


def viewer_for(request, *, page: str, action: str = Action.READ) -> Viewer:
    if not request.user.has_role(Role.FAMILY_MEMBER):
        raise PermissionDenied
    member = (
        Member.objects.select_related("family", "family__municipality", "family__coordinator")
        .filter(user=request.user)
        .first()
    )
    if member is None:
        raise Http404
    viewer = viewer_of(member)
    log_access(
        request,
        action=action,
        object_type=f"portal.{page}",
        subject=Subject(
            municipality_id=member.family.municipality_id,
            family_id=member.family_id,
            person_id=member.pk,
        ),
    )
    return viewer


def object_in(request, viewer: Viewer, visible: QuerySet, pk, *, action: str):
    """`pk` from `visible` (what the viewer may see), or a logged 404."""
    try:
        obj = visible.filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):
        obj = None
    if obj is None:
        not_found(request, viewer, visible.model, pk, action=action)
    return obj


def not_found(request, viewer: Viewer, model, pk, *, action: str):
    """Log the refused lookup under the viewer's family and answer 404."""
    log_access(
        request,
        action=action,
        object_type=object_type_of(model),
        object_id=pk,
        subject=Subject(municipality_id=viewer.family.municipality_id, family_id=viewer.family.pk),
        outcome=Outcome.NOT_FOUND,
    )
    raise Http404

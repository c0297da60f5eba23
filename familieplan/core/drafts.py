"""Drafts saved as you type: what one person has typed into one form, kept on the server until
the form is saved or `MAX_AGE` has passed.

A form that keeps drafts is named by an app through the extension contract (`DraftForm`: its
access rule and the fields a draft may hold). Its page calls `offer_draft`, which fills an
unbound form from the person's draft (never older than `MAX_AGE`) and gives the template what
it needs: the form carries `data-draft-key` and `data-draft-url`, and
static/familieplan/drafts.js posts the form's fields there a moment after typing stops and when
the tab is left (core/views/drafts.py). The page that saves the form deletes the draft
(`draft_discard`); `manage.py prune_drafts` deletes drafts older than `MAX_AGE`.

A draft belongs to one person, one form and one object (`journal.quick_note:<family id>`) in
the object's municipality; only the person who typed it sees it, and only someone who may
change the object may save one (the form's `target`, the app's access helper). Nothing but the
form's named fields is stored, and never a password or an identity number.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familieplan.core.extensions import DraftForm
from familieplan.core.models import Draft, Municipality

#: A draft older than this is never shown and is deleted by `manage.py prune_drafts`.
MAX_AGE = timedelta(days=7)
#: Field names never stored, whatever a form names: passwords and identity numbers, and the
#: form's own bookkeeping.
NEVER_STORED = ("password", "national_id", "identity", "fodselsnummer", "csrf")
#: More than this (characters, all fields together) is not stored.
MAX_CHARACTERS = 100_000
#: More values than this for one field (a list of ticked boxes) is not stored.
MAX_VALUES = 200


class DraftTooLarge(ValueError):
    """More text than a draft holds (`MAX_CHARACTERS`, `MAX_VALUES`): nothing was stored."""


def draft_key(name: str, object_id) -> str:
    return f"{name}:{object_id}"


def _allowed(form: DraftForm, name: str) -> bool:
    lowered = name.lower()
    return name in form.fields and not any(word in lowered for word in NEVER_STORED)


def storable(form: DraftForm, data: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The posted values a draft of `form` may hold (its named fields, as lists of strings)."""
    # A NUL character is no text anyone typed, and PostgreSQL's JSON refuses it: left out.
    return {
        name: [str(v).replace("\x00", "") for v in values]
        for name, values in data.items()
        if _allowed(form, name) and isinstance(values, list)
    }


def draft_save(
    *, user, form: DraftForm, target, data: Mapping[str, list[str]], token: uuid.UUID | None
) -> Draft | None:
    """Store what `user` has typed into `form` about `target` (replacing their earlier draft).
    Nothing of the form sent changes nothing; every field sent empty deletes the draft; too
    much text raises `DraftTooLarge` and leaves the earlier draft as it was."""
    values = storable(form, data)
    if not values:
        return None
    key = draft_key(form.name, target.pk)
    mine = Draft.objects.filter(municipality_id=target.municipality_id, user=user, key=key)
    if not any(v.strip() for vs in values.values() for v in vs):
        mine.delete()
        return None
    too_many = any(len(vs) > MAX_VALUES for vs in values.values())
    if too_many or sum(len(v) for vs in values.values() for v in vs) > MAX_CHARACTERS:
        raise DraftTooLarge
    draft, _created = Draft.objects.update_or_create(
        municipality_id=target.municipality_id,
        user=user,
        key=key,
        defaults={"data": values, "token": token, "updated_at": timezone.now()},
    )
    return draft


def draft_discard(*, user, name: str, target) -> None:
    Draft.objects.filter(
        municipality_id=target.municipality_id, user=user, key=draft_key(name, target.pk)
    ).delete()


def draft_for(
    *,
    user,
    name: str,
    target,
    creates: type[models.Model] | None = None,
    within: dict | None = None,
) -> Draft | None:
    """`user`'s draft of the form `name` about `target`, unless older than `MAX_AGE`. A draft
    whose form token is already on a record of `creates` (`within` its municipality) was saved
    after the form itself (a save on its way when the button was pressed): deleted, not shown."""
    draft = Draft.objects.filter(
        municipality_id=target.municipality_id,
        user=user,
        key=draft_key(name, target.pk),
        updated_at__gte=timezone.now() - MAX_AGE,
    ).first()
    if (
        draft is not None
        and draft.token
        and creates is not None
        and creates._base_manager.filter(**(within or {}), submit_token=draft.token).exists()
    ):
        draft.delete()
        return None
    return draft


def draft_prune(*, now: datetime | None = None) -> int:
    """Delete every draft older than `MAX_AGE` (per municipality, along its index); how many."""
    before = (now or timezone.now()) - MAX_AGE
    deleted = 0
    for municipality_id in Municipality.objects.values_list("pk", flat=True):
        count, _by_model = Draft.objects.filter(
            municipality_id=municipality_id, updated_at__lt=before
        ).delete()
        deleted += count
    return deleted


# -- The form page's side ---------------------------------------------------------------------


@dataclass(frozen=True)
class DraftOffer:
    """What a template needs for a form that keeps drafts: its key and save address (the
    form's data attributes), the address that discards it, and — when the form was filled
    from a draft — when that draft was saved (the note above the form)."""

    key: str
    save_url: str
    discard_url: str
    restored_at: str = ""


def _saved_at(moment: datetime) -> str:
    """«kl. 14:05» today, «02.12. kl. 14:05» on an earlier day."""
    local = timezone.localtime(moment)
    at = _("kl. %(time)s") % {"time": f"{local:%H:%M}"}
    if local.date() == timezone.localdate():
        return at
    return f"{local:%d.%m.} {at}"


def fill_form(form, draft: Draft) -> bool:
    """Put the draft's values into the unbound `form`'s initial data; True if any."""
    from django.utils.datastructures import MultiValueDict

    data = MultiValueDict(draft.data)
    files: MultiValueDict = MultiValueDict()
    filled = False
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if name in draft.data and not field.widget.value_omitted_from_data(data, files, key):
            form.initial[name] = field.widget.value_from_datadict(data, files, key)
            filled = True
    return filled


def offer_draft(
    request,
    form,
    *,
    name: str,
    target,
    creates: type[models.Model] | None = None,
    within: dict | None = None,
) -> DraftOffer:
    """Fill an unbound `form` (a GET) from the person's draft, and say how the page offers
    drafts. A bound form (sent, with errors) keeps what was sent."""
    restored = ""
    if not form.is_bound:
        draft = draft_for(
            user=request.user, name=name, target=target, creates=creates, within=within
        )
        if draft is not None and fill_form(form, draft):
            restored = _saved_at(draft.updated_at)
    args = [name, target.pk]
    return DraftOffer(
        key=draft_key(name, target.pk),
        save_url=reverse("core:draft_save", args=args),
        discard_url=reverse("core:draft_discard", args=args),
        restored_at=restored,
    )

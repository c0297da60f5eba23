"""Two people on one row, and one person pressing «Lagre» twice: the one mechanism every form
uses against lost updates and double records.

Edits carry the version the editor saw (a hidden `version` field, `VersionedFormMixin`). The
save locks the row (`select_for_update`), refuses a newer version with `StaleEdit` and bumps
it (`check_version`). The form then shows the editor's input again with a clear message and
what the other person saved (`show_stale`); its hidden version is the current one, so a second
press saves — over the other person's change, but knowingly.

Forms that make a permanent record (a note, a contact, a consent, a decision …) carry a token
made when the form was shown (a hidden `submit_token`, `SubmitOnceMixin`). The record is made
with the token in the same transaction (`create_once`); a unique constraint per municipality
(`submitted_once`) refuses a second row with it, so a second press of the same form — a double
click, a resent request, the back button — finds the first record instead of making another.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.base import ModelState
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)

STALE_MESSAGE = _(
    "Noen andre har lagret en endring mens du skrev. Det du skrev, står fortsatt i skjemaet. "
    "Se hva som er lagret nå, og lagre igjen hvis endringen din fortsatt skal gjelde."
)
#: The fields the mechanism adds to a form (not data for the service).
FORM_KEYS = ("submit_token", "version")
ALREADY_SAVED = _(
    "Skjemaet ble sendt mer enn én gang. Det er lagret bare én gang – her er det som ble lagret."
)


# -- Versions ---------------------------------------------------------------------------


class StaleEdit(ValidationError):
    """The row was saved by someone else since the form was shown; `current` is the row as
    it is now, `field` the name of its version (and of the form's hidden field)."""

    def __init__(self, current: models.Model, message=STALE_MESSAGE, *, field: str = "version"):
        super().__init__(message, code="stale")
        self.current = current
        self.field = field


def version_field() -> models.PositiveIntegerField:
    """The column an edited row keeps its version in (bumped by every saved edit)."""
    return models.PositiveIntegerField(_("versjon"), default=0, db_default=0, editable=False)


def check_version(row: M, expected: int | None, *, field: str = "version") -> M:
    """Lock `row`, refuse with StaleEdit unless its stored version is `expected`, and store
    the next version (on the row in the database and on `row`, so a later `row.save()` keeps
    it). The rest of the edit runs in the same transaction, under the same lock; when it
    fails, the new version is rolled back with it. Must run inside `transaction.atomic()`.
    Returns the row as it was stored."""
    manager = type(row)._base_manager
    stored = manager.select_for_update().get(pk=row.pk)
    if expected is None or getattr(stored, field) != expected:
        raise StaleEdit(stored, field=field)
    following = getattr(stored, field) + 1
    manager.filter(pk=row.pk).update(**{field: following})
    setattr(row, field, following)
    return stored


def posted_version(request) -> int | None:
    """The version a button's form states (a hidden `version` beside a single button, where
    there is no Django form): None when it is missing or not a number."""
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Skjemaet mangler versjonen. Last inn siden på nytt."),
                "invalid": _("Skjemaet mangler versjonen. Last inn siden på nytt."),
                "min_value": _("Skjemaet mangler versjonen. Last inn siden på nytt."),
                "max_value": _("Skjemaet mangler versjonen. Last inn siden på nytt."),
            },
        )
        super().__init__(**kwargs)


class Versioned(Protocol):
    """A row that keeps its version in `version` (`version_field()`)."""

    _state: ModelState
    version: int


class VersionedFormMixin:
    """A hidden `version`: the version of the edited row when the form was shown (from
    `version_of`, the form's instance by default). A form for a new row has none."""

    # Provided by the form class this is mixed into.
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    #: Fields whose stored value is never shown back (an identity number).
    not_shown_when_stale: tuple[str, ...] = ()

    def __init__(self, *args, version_of: Versioned | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        row = version_of if version_of is not None else getattr(self, "instance", None)
        if row is not None and not row._state.adding:  # (a UUID key is set before saving)
            self.fields["version"] = VersionField(initial=row.version)

    @property
    def seen_version(self) -> int | None:
        return self.cleaned_data.get("version")


@dataclass(frozen=True)
class StoredValue:
    label: str
    value: str


def shown_value(value) -> str:
    """A stored value as a person reads it (none as «–», yes/no, a local date and time)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nei"))
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def stored_values(form, current: models.Model) -> list[StoredValue]:
    """The fields where what is stored now differs from what the editor typed, with the
    stored value as a person reads it (choices by their label, people by their name)."""
    changed = []
    data = getattr(form, "cleaned_data", {})
    hidden = getattr(form, "not_shown_when_stale", ())
    for name, field in form.fields.items():
        if name in hidden or name in FORM_KEYS or isinstance(field.widget, forms.HiddenInput):
            continue
        try:
            model_field = current._meta.get_field(name)
        except FieldDoesNotExist:  # a form field that is no column of the row
            continue
        stored = getattr(current, name, None)
        typed = data.get(name)
        if stored == typed or (stored in (None, "") and typed in (None, "")):
            continue
        if getattr(model_field, "choices", None):
            stored = getattr(current, f"get_{name}_display")()
        changed.append(StoredValue(str(field.label or name), shown_value(stored)))
    return changed


def show_stale(form, stale: StaleEdit, stored: list[StoredValue] | None = None) -> bool:
    """Keep what the editor typed, say what happened and what is stored now (`stored`, or the
    fields of a ModelForm whose stored value differs from the typed one), and let the next
    press save on top of the current version. False when a ModelForm's every field is stored
    as typed: the same edit was saved already (a second press), nothing to show."""
    if stored is None:
        stored = stored_values(form, stale.current)
        if not stored and isinstance(form, forms.ModelForm):
            return False
    form.stale_values = stored
    data = form.data.copy()
    data[form.add_prefix(stale.field)] = str(getattr(stale.current, stale.field))
    form.data = data
    form.add_error(None, stale)
    return True


# -- Submitted once ---------------------------------------------------------------------


def submit_token_field() -> models.UUIDField:
    """The column a record keeps the token of the form that made it in."""
    return models.UUIDField(null=True, blank=True, editable=False)


def submitted_once(name: str, *, within: str = "municipality") -> models.UniqueConstraint:
    """One record per form token within a municipality (or the parent row named by
    `within`, for rows without one); rows without a token are not in the index."""
    return models.UniqueConstraint(
        fields=[within, "submit_token"],
        condition=Q(submit_token__isnull=False),
        name=name,
    )


class SubmitOnceMixin:
    """A hidden `submit_token`, new each time the form is shown."""

    # Provided by the form class this is mixed into.
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submit_token"] = forms.UUIDField(
            widget=forms.HiddenInput,
            required=False,
            initial=uuid.uuid4,
            error_messages={"invalid": _("Skjemaet er ødelagt. Last inn siden på nytt.")},
        )

    @property
    def submit_token(self) -> uuid.UUID | None:
        return self.cleaned_data.get("submit_token")

    @property
    def service_data(self) -> dict:
        """The cleaned data without the form's own bookkeeping (token, version)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in FORM_KEYS}


def create_once(
    model: type[M], *, within: dict, token: uuid.UUID | None, create: Callable[[], M]
) -> tuple[M, bool]:
    """`create()` in a transaction that also stores `token` on the new row, unless a row of
    `model` with this token exists `within` its municipality (`{"municipality_id": …}`, or
    the parent its constraint names): then that row, and False. A second request with the
    same token at the same moment waits on the unique constraint and gets the first row."""
    if token is None:
        return create(), True
    existing = model._base_manager.filter(**within, submit_token=token)
    if (found := existing.first()) is not None:
        return found, False
    try:
        with transaction.atomic():
            row = create()
            model._base_manager.filter(pk=row.pk).update(submit_token=token)
            row.submit_token = token  # type: ignore[attr-defined]  # not on the Model bound of M
            return row, True
    except IntegrityError:
        if (found := existing.first()) is None:
            raise
        return found, False

"""The instrument catalogue: the shipped files loaded into the database, versions added by an
administrator, and which instrument applies to whom.

The shipped files (mapping/instruments/*.yaml) are loaded after every `migrate`
(`sync_shipped`, from the app's post_migrate handler): a new file becomes a new version; a
changed file is refused once answers refer to it (publish a new version instead), so an old
answer always keeps the definition it was given with — unless the change only adds texts in
more languages (or says which language a wording is written in): what was asked and scored
stays the same.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from familieplan.families.models import Domain, Member, ProgrammeSettings
from familieplan.mapping import definition
from familieplan.mapping.models import Instrument

#: Settings an instrument may require, and the programme setting that turns it on.
SETTINGS = {"gse": "use_gse"}


@lru_cache(maxsize=256)
def parsed(text: str, origin: str) -> definition.Instrument:
    return definition.parse(text, origin=origin)


def _fields(spec: definition.Instrument) -> dict:
    return {
        "name": spec.name.get("nb"),
        "kind": spec.kind,
        "about": spec.about,
        "requires_setting": spec.requires_setting or "",
    }


@transaction.atomic
def sync_shipped(directory: Path = definition.INSTRUMENT_DIR) -> list[Instrument]:
    """Load every shipped file; returns the versions created or updated."""
    changed = []
    for path in sorted(directory.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        spec = definition.load_file(path)
        existing = Instrument.objects.filter(key=spec.key, version=spec.version).first()
        if existing is None:
            changed.append(
                Instrument.objects.create(
                    key=spec.key,
                    version=spec.version,
                    definition=text,
                    origin=path.name,
                    **_fields(spec),
                )
            )
        elif existing.definition != text:
            if existing.responses.exists() and not definition.only_translations_added(
                existing.spec, spec
            ):
                raise definition.DefinitionError(
                    path.name,
                    None,
                    f"version {spec.version} is already in use; publish the change as "
                    f"version {spec.version + 1} instead of editing this file",
                )
            for field, value in {"definition": text, "origin": path.name, **_fields(spec)}.items():
                setattr(existing, field, value)
            existing.save()
            changed.append(existing)
    return changed


def check_new(text: str, *, origin: str) -> definition.Instrument:
    """A new version's definition, or a ValidationError with the line and reason when it is
    broken, or when that key and version exist."""
    try:
        spec = definition.parse(text, origin=origin)
    except definition.DefinitionError as error:
        raise ValidationError(str(error), code="definition") from error
    if Instrument.objects.filter(key=spec.key, version=spec.version).exists():
        raise ValidationError(
            _("%(key)s versjon %(version)s finnes allerede. Gi den nye versjonen et høyere nummer.")
            % {"key": spec.key, "version": spec.version},
            code="exists",
        )
    return spec


def add_version(text: str, *, origin: str, by, active: bool = True) -> Instrument:
    """An administrator's new version (uploaded file); see `check_new` for what is refused."""
    spec = check_new(text, origin=origin)
    return Instrument.objects.create(
        key=spec.key,
        version=spec.version,
        definition=text,
        origin=origin,
        loaded_by=by,
        active=active,
        **_fields(spec),
    )


def current(programme: ProgrammeSettings) -> list[Instrument]:
    """The newest active version of each instrument the programme uses, in a stable order."""
    newest: dict[str, Instrument] = {}
    for instrument in Instrument.objects.filter(active=True).order_by("key", "-version"):
        newest.setdefault(instrument.key, instrument)
    return [
        i
        for i in sorted(newest.values(), key=lambda i: (ORDER.get(i.kind, 9), i.name))
        if not i.requires_setting or getattr(programme, SETTINGS.get(i.requires_setting, ""), False)
    ]


ORDER = {"domain_rating": 0, "indicators": 1, "questionnaire": 2, "external": 3}


def applies_to(spec: definition.Instrument, member: Member | None, on: date) -> bool:
    """Whether the instrument is about this member (or, for None, the whole family)."""
    if spec.about == "family":
        return member is None
    if member is None:
        return False
    if spec.about == "adult":
        return member.is_adult_role
    age = member.age_on(on)
    low = spec.min_age if spec.min_age is not None else 0
    high = spec.max_age if spec.max_age is not None else 17
    return low <= age <= high


def domain_text(domain: Domain) -> definition.Text:
    """A life domain's name as an instrument text: a shipped default name the programme has
    kept in every language that translates it, any other name in bokmål only."""
    values = {"nb": domain.name}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            label = domain.label
        if label.language == code:
            values[code] = label.text
    return definition.Text(values)


def domains_of(municipality_id: int) -> list[tuple[str, definition.Text]]:
    return [
        (d.code, domain_text(d))
        for d in Domain.objects.filter(municipality_id=municipality_id, active=True).order_by(
            "order", "name"
        )
    ]


def spec_for(instrument: Instrument, municipality_id: int) -> definition.Instrument:
    """The definition as answered in this municipality (the domain rating gets its domains)."""
    spec = instrument.spec
    if spec.items_from_domains is not None:
        return spec.with_domains(domains_of(municipality_id))
    return spec

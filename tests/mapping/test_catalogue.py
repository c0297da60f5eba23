"""The instrument catalogue: shipped files loaded after migrate, a broken file refused at load
with its line and reason (nothing stored), a changed file refused once answers use it, and
which instruments apply to whom."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest
from django.utils import timezone

from familieplan.families.models import ProgrammeSettings
from familieplan.mapping import catalogue, services
from familieplan.mapping.definition import INSTRUMENT_DIR, DefinitionError
from familieplan.mapping.models import Instrument
from tests.factories import make_member
from tests.mapping.conftest import WHO5, instrument


def test_every_shipped_file_is_in_the_catalogue(db):
    shipped = {p.name.split(".v")[0] for p in INSTRUMENT_DIR.glob("*.yaml")}
    assert set(Instrument.objects.values_list("key", flat=True)) == shipped
    assert catalogue.sync_shipped() == []  # loading again changes nothing


def test_a_broken_scoring_rule_is_refused_at_load_with_its_line(db, tmp_path):
    text = (INSTRUMENT_DIR / "who5.v1.yaml").read_text(encoding="utf-8")
    broken = text.replace("version: 1", "version: 9", 1).replace("source: raw", "source: rawx")
    (tmp_path / "who5.v9.yaml").write_text(broken, encoding="utf-8")
    line = broken.splitlines().index("    source: rawx") + 1
    with pytest.raises(DefinitionError) as error:
        catalogue.sync_shipped(tmp_path)
    assert error.value.line in (line, line - 3)  # the score rule or its field
    assert "rawx" in str(error.value) and "who5.v9.yaml, line" in str(error.value)
    assert not Instrument.objects.filter(version=9).exists()


def test_a_shipped_file_in_use_cannot_change(enrolled, tmp_path):
    assessment = services.assessment_start(
        family=enrolled.family,
        by=enrolled.world.coordinator,
        occasion="intake",
        held_on=timezone.localdate() - timedelta(days=90),
    )
    services.response_save(
        assessment=assessment,
        instrument=Instrument.objects.get(key="who5", version=1),  # in use
        member=enrolled.mother,
        answered_by="self",
        answers=WHO5,
        final=True,
        by=enrolled.world.coordinator,
    )
    shutil.copy(INSTRUMENT_DIR / "who5.v1.yaml", tmp_path / "who5.v1.yaml")
    changed = (tmp_path / "who5.v1.yaml").read_text(encoding="utf-8").replace("Råskår", "Sum")
    (tmp_path / "who5.v1.yaml").write_text(changed, encoding="utf-8")
    with pytest.raises(DefinitionError, match="publish the change as version 2"):
        catalogue.sync_shipped(tmp_path)
    assert "Råskår" in Instrument.objects.get(key="who5", version=1).definition


def test_gse_only_when_the_programme_turns_it_on(world):
    programme = ProgrammeSettings.for_municipality(world.muni_a)
    assert "gse" not in {i.key for i in catalogue.current(programme)}
    programme.use_gse = True
    assert "gse" in {i.key for i in catalogue.current(programme)}


@pytest.mark.parametrize(
    ("key", "role", "age", "applies"),
    [
        ("who5", "parent", 40, True),
        ("who5", "child", 9, False),
        ("who5-youth", "youth", 16, True),
        ("who5-youth", "child", 12, False),
        ("child-voice", "child", 6, True),
        ("child-voice", "child", 5, False),
        ("child-voice", "youth", 17, True),
        ("living-child", "child", 0, True),
        ("domain-rating", "parent", 40, False),  # about the whole family
    ],
)
def test_which_instrument_applies_to_whom(world, key, role, age, applies):
    on = date(2026, 6, 1)
    member = make_member(
        family=world.family_a, role=role, birth_date=on.replace(year=on.year - age)
    )
    spec = instrument(key).spec
    assert catalogue.applies_to(spec, member, on) is applies
    assert catalogue.applies_to(spec, None, on) is (spec.about == "family")
